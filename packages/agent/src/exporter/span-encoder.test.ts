import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeOtlp } from '@podtrail/contracts';
import { describe, expect, it } from 'vitest';
import { SpanBatchEncoder } from './span-encoder.js';

function collect(): { spans: ReadableSpan[]; provider: BasicTracerProvider } {
  const spans: ReadableSpan[] = [];
  const processor: SpanProcessor = {
    onStart: () => {},
    onEnd: (s) => {
      spans.push(s);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'k8s.pod.name': 'pod-1', 'process.pid': 42 }),
    spanProcessors: [processor],
  });
  return { spans, provider };
}

function makeSpans(provider: BasicTracerProvider): void {
  const a = provider.getTracer('scope-a', '1.2.3');
  const b = provider.getTracer('scope-b');
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=abc,other=x'),
  });
  const server = a.startSpan(
    'GET /users/:id',
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/users/ünïcode/☃',
        'server.port': 8080,
        'neg.int': -5,
        'big.int': 2 ** 40,
        ratio: 0.25,
        flag: true,
        list: ['a', 'b'],
        nums: [1, 2.5],
        long: 'x'.repeat(20_000),
      },
    },
    remote,
  );
  server.addEvent('exception', { 'exception.message': 'boom' });
  server.addLink({ context: server.spanContext(), attributes: { why: 'self' } });
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
  const child = b.startSpan('SELECT', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), server));
  child.end();
  const internal = a.startSpan('work');
  internal.end();
  server.end();
}

describe('SpanBatchEncoder', () => {
  it('writes the same bytes as the stock OTLP protobuf serializer', () => {
    const { spans, provider } = collect();
    makeSpans(provider);
    expect(spans).toHaveLength(3);
    const enc = new SpanBatchEncoder();
    for (const s of spans) expect(enc.add(s)).toBe(true);
    expect(enc.count).toBe(3);
    const bytes = enc.finish();
    const stock = ProtobufTraceSerializer.serializeRequest(spans);
    expect(Buffer.from(bytes!).equals(Buffer.from(stock!))).toBe(true);
    expect(enc.count).toBe(0);
    expect(enc.finish()).toBeUndefined();

    // buffers are reused: a second batch (only one scope this time) is still exact
    const { spans: more, provider: p2 } = collect();
    makeSpans(p2);
    const onlyB = more.filter((s) => s.instrumentationScope.name === 'scope-b');
    // same resource object as the first batch's spans is not required: a new one is grouped apart
    const enc2 = new SpanBatchEncoder();
    for (const s of spans) enc2.add(s);
    enc2.finish();
    for (const s of onlyB) enc2.add(s);
    const b2 = enc2.finish();
    expect(Buffer.from(b2!).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(onlyB)!))).toBe(true);
  });

  it('decodes to the spans, with ids, times and attributes intact', () => {
    const { spans, provider } = collect();
    makeSpans(provider);
    const enc = new SpanBatchEncoder();
    for (const s of spans) enc.add(s);
    const req = decodeOtlp('traces', enc.finish()!);
    const decoded = req.resourceSpans!.flatMap((rs) => rs.scopeSpans!.flatMap((ss) => ss.spans!));
    expect(decoded.map((s) => s.name).sort()).toEqual(['GET /users/:id', 'SELECT', 'work']);
    const server = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const d = decoded.find((s) => s.name === 'GET /users/:id')!;
    expect(Buffer.from(d.traceId as Uint8Array).toString('hex')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(Buffer.from(d.parentSpanId as Uint8Array).toString('hex')).toBe('b7ad6b7169203331');
    expect(Buffer.from(d.spanId as Uint8Array).toString('hex')).toBe(server.spanContext().spanId);
    expect(d.traceState).toBe('vendor=abc,other=x');
  });
});
