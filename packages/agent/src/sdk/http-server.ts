import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { RPCType, setRPCMetadata } from '@opentelemetry/core';

/**
 * The lean path for incoming requests: one SERVER span per request, standard OpenTelemetry span and
 * semantic-convention attributes, W3C trace context in, `http.route` from the framework
 * instrumentations (express, fastify) via the same RPC metadata the stock HTTP instrumentation uses.
 * It patches `Server.prototype.emit` once (so ES-module and CommonJS apps alike are covered without
 * loader hooks) and does per request only what the transaction needs: a handful of attributes read
 * straight from the request, no URL parsing, no metric recording, no header capture.
 * Outgoing calls stay with the stock HTTP and undici instrumentations.
 */

const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE']);

const headerGetter: TextMapGetter<IncomingMessage['headers']> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export interface LeanServerOptions {
  /** paths (without query) that get no span, e.g. health probes */
  ignorePaths?: Set<string>;
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

const PATCHED = Symbol.for('podtrail.http.server.patched');

export function instrumentHttpServer(tracer: Tracer, opts: LeanServerOptions = {}): () => void {
  const undo: (() => void)[] = [];
  for (const [mod, scheme] of [
    [http, 'http'],
    [https, 'https'],
  ] as const) {
    const proto = mod.Server.prototype as unknown as { emit: Emit; [PATCHED]?: boolean };
    if (proto[PATCHED]) continue;
    const original = proto.emit;
    proto.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'request') return original.apply(this, [event, ...args]);
      return traceRequest(tracer, scheme, opts, original, this, args);
    };
    proto[PATCHED] = true;
    undo.push(() => {
      proto.emit = original;
      delete proto[PATCHED];
    });
  }
  return () => {
    for (const u of undo) u();
  };
}

function traceRequest(
  tracer: Tracer,
  scheme: 'http' | 'https',
  opts: LeanServerOptions,
  original: Emit,
  server: http.Server,
  args: unknown[],
): boolean {
  const req = args[0] as IncomingMessage;
  const res = args[1] as ServerResponse;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (opts.ignorePaths?.has(path)) return original.apply(server, ['request', ...args]);

  const headers = req.headers;
  const rawMethod = req.method ?? 'GET';
  const method = KNOWN_METHODS.has(rawMethod) ? rawMethod : '_OTHER';
  const attributes: Attributes = {
    'http.request.method': method,
    'url.path': path,
    'url.scheme': scheme,
    'network.protocol.version': req.httpVersion,
  };
  if (method === '_OTHER') attributes['http.request.method_original'] = rawMethod;
  const host = headers.host;
  if (host) {
    const colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']', colon) === -1) {
      attributes['server.address'] = host.slice(0, colon);
      attributes['server.port'] = Number(host.slice(colon + 1));
    } else {
      attributes['server.address'] = host;
      attributes['server.port'] = scheme === 'https' ? 443 : 80;
    }
  }
  const client = req.socket?.remoteAddress;
  if (client) attributes['client.address'] = client;
  const ua = headers['user-agent'];
  if (ua) attributes['user_agent.original'] = ua;

  const parent =
    headers.traceparent || headers.baggage ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
  const rpc: { type: RPCType.HTTP; span: Span; route?: string } = { type: RPCType.HTTP, span };
  const ctx = setRPCMetadata(trace.setSpan(parent, span), rpc);
  let done = false;
  const end = (aborted: boolean) => {
    if (done) return;
    done = true;
    const status = res.statusCode;
    span.setAttribute('http.response.status_code', status);
    if (rpc.route) {
      span.setAttribute('http.route', rpc.route);
      span.updateName(`${method} ${rpc.route}`);
    }
    if (status >= 500) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    } else if (aborted) {
      span.setAttribute('error.type', 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'client closed the connection before the response' });
    }
    span.end();
  };
  // 'close' follows 'finish' (next tick) on every response, and also comes alone when the client
  // went away first: one listener covers both.
  res.once('close', () => end(!res.writableFinished));
  // Listeners the app adds to req/res (body parsers, 'finish' hooks) run from the socket's context;
  // binding the emitters makes them run in this request's context, so what they call is part of its
  // trace. (After our own listener, which needs no binding.)
  context.bind(ctx, req);
  context.bind(ctx, res);

  try {
    return context.with(ctx, original, server, 'request', ...args);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
    if (!done) {
      done = true;
      span.setAttribute('error.type', (err as Error)?.name ?? 'Error');
      span.end();
    }
    throw err;
  }
}
