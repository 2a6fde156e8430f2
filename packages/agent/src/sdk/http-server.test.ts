import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRPCMetadata } from '@opentelemetry/core';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentHttpServer } from './http-server.js';
import { UrlTemplater } from './url-template.js';

const ended: ReadableSpan[] = [];
const processor: SpanProcessor = {
  onStart: () => {},
  onEnd: (s) => {
    ended.push(s);
  },
  forceFlush: async () => {},
  shutdown: async () => {},
};

let undo: () => void;
let server: http.Server;
let port: number;
const seen: Record<string, string | undefined> = {};
const calls: string[] = [];
let later: Promise<{ spanId?: string; recording?: boolean }>;

const activeSpanId = () => trace.getActiveSpan()?.spanContext().spanId;

beforeAll(async () => {
  const cm = new AsyncLocalStorageContextManager();
  cm.enable();
  context.setGlobalContextManager(cm);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  undo = instrumentHttpServer(provider.getTracer('test'), { templater: new UrlTemplater() });
  server = http.createServer((req, res) => {
    const rpc = getRPCMetadata(context.active());
    // the framework routes /items only; other paths are named from their URL
    if (rpc && req.url?.startsWith('/items/')) rpc.route = '/items/:id';
    seen.handler = activeSpanId();
    const dropped = () => calls.push('dropped once listener');
    req.once('end', dropped);
    req.off('end', dropped);
    let body = '';
    // these listeners are called from the socket, outside the handler: they still see the request
    req.on('data', (c: Buffer) => {
      body += c;
      seen.data = activeSpanId();
    });
    req.once('end', () => {
      seen.end = activeSpanId();
      calls.push(`end ${body}`);
      res.once('finish', () => {
        seen.finish = activeSpanId();
      });
      res.end('ok');
      later = new Promise((resolve) =>
        setTimeout(() => {
          const s = trace.getActiveSpan();
          resolve({ spanId: s?.spanContext().spanId, recording: s?.isRecording() });
        }, 50),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  undo();
  await new Promise((r) => server.close(r));
  context.disable();
});

describe('lean HTTP server path', () => {
  it('one SERVER span per request, the request context in listeners added to req/res', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/items/7?x=1`, { method: 'POST', body: 'hello' });
    expect(await res.text()).toBe('ok');
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toHaveLength(1);
    const span = ended[0]!;
    expect(span.name).toBe('POST /items/:id');
    expect(span.attributes['http.route']).toBe('/items/:id');
    expect(span.attributes['url.path']).toBe('/items/7');
    expect(span.attributes['http.response.status_code']).toBe(200);
    const id = span.spanContext().spanId;
    expect(seen).toEqual({ handler: id, data: id, end: id, finish: id });
    // a once listener removed with the function it was added with is gone
    expect(calls).toEqual(['end hello']);
    // after the request: the same ids, no longer the recording span
    expect(await later).toEqual({ spanId: id, recording: false });
    // outside any request nothing is active
    expect(trace.getSpan(ROOT_CONTEXT)).toBeUndefined();
  });

  it('names a request no framework routed from its URL path as a template, never the query', async () => {
    const before = ended.length;
    const res = await fetch(`http://127.0.0.1:${port}/api/mail/4711?user=3&token=abc`);
    expect(await res.text()).toBe('ok');
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toHaveLength(before + 1);
    const span = ended.at(-1)!;
    expect(span.name).toBe('GET /api/mail/{id}');
    expect(span.attributes['http.route']).toBe('/api/mail/{id}');
    expect(span.attributes['url.path']).toBe('/api/mail/4711');
  });

  it('listeners of untraced emitters are left alone', () => {
    const req = new http.IncomingMessage(null as never);
    const fn = () => {};
    req.on('x', fn);
    expect(req.listeners('x')).toEqual([fn]);
    expect(req.rawListeners('x')).toEqual([fn]);
  });
});
