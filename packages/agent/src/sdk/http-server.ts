import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { type RPCMetadata, RPCType } from '@opentelemetry/core';
import { SEMCONV } from '@podtrail/contracts/semconv';
import type { UrlTemplater } from './url-template.js';

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
  /** names requests that no framework routed (`GET /api/mail/{id}`); without it the name is the method */
  templater?: UrlTemplater;
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

const PATCHED = Symbol.for('podtrail.http.server.patched');

// The keys `trace.setSpan` and `setRPCMetadata` use (Symbol.for: the same in every copy of the API).
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/**
 * The request's context: its span and RPC metadata (where express and fastify put the route) on top
 * of the extracted parent, as `setRPCMetadata(trace.setSpan(parent, span), rpc)` would give, in one
 * small object without closures.
 *
 * Node creates the keep-alive timer of a connection (and other resources) while the response
 * finishes, that is inside this context, so the context outlives the request until the next request
 * on that connection. `release()` at the end of the request leaves only the span's ids behind (a
 * non-recording span with the same span context): an ended span with all its attributes would
 * otherwise stay alive per connection, be copied by every young-generation GC and make V8 grow its
 * new space under load.
 */
class RequestContext implements Context {
  constructor(
    private readonly parent: Context,
    private span: Span,
    private readonly rpc: RPCMetadata & { span: Span },
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === RPC_METADATA_KEY) return this.rpc;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new DerivedContext(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return new DerivedContext(this, key, undefined);
  }

  release(): void {
    const ids = trace.wrapSpanContext(this.span.spanContext());
    this.span = ids;
    this.rpc.span = ids;
  }
}

/** One more key on top of a context (what BaseContext does with a copied Map, without the copy). */
class DerivedContext implements Context {
  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new DerivedContext(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return new DerivedContext(this, key, undefined);
  }
}

/** the request's context, on its IncomingMessage and ServerResponse */
const CTX = Symbol('podtrail.request.context');

type Listener = (...args: unknown[]) => unknown;
type AddListener = (this: NodeJS.EventEmitter, event: string | symbol, listener: Listener) => NodeJS.EventEmitter;
type WithCtx = NodeJS.EventEmitter & { [CTX]?: Context };

function bindListener(ctx: Context, listener: Listener): Listener {
  const bound = function (this: unknown, ...args: unknown[]) {
    return context.with(ctx, listener, this, ...args);
  };
  // EventEmitter matches `.listener` in removeListener()/off() and unwraps it in listeners()
  (bound as Listener & { listener: Listener }).listener = listener;
  return bound;
}

/**
 * Listeners the app adds to a traced request or response (body parsers, 'finish' hooks) must run in
 * that request's context, not in the socket's, so that what they call is part of its trace. The
 * stock way (`context.bind(ctx, emitter)`) patches eight methods on every request and response
 * object: a dozen closures and a listener map per request, whether or not a listener is ever added
 * (about 3 KB of garbage per request). Here the methods are patched once on the two prototypes and
 * read the context from a symbol the request path sets; only a listener actually added while a
 * request is traced gets a wrapper, which carries the original in `.listener` so that
 * removeListener()/off() and listeners() work unchanged.
 */
function patchListenerMethods(proto: object): () => void {
  const target = proto as Record<string, unknown>;
  const undo: (() => void)[] = [];
  const patch = (name: string, make: (original: AddListener) => AddListener) => {
    const own = Object.hasOwn(target, name);
    const original = target[name] as AddListener;
    target[name] = make(original);
    undo.push(() => {
      if (own) target[name] = original;
      else delete target[name];
    });
  };
  for (const name of ['on', 'addListener', 'prependListener']) {
    patch(
      name,
      (original) =>
        function addListener(this: WithCtx, event, listener) {
          const ctx = this[CTX];
          if (ctx === undefined || typeof listener !== 'function') return original.call(this, event, listener);
          return original.call(this, event, bindListener(ctx, listener));
        },
    );
  }
  for (const [name, add] of [
    ['once', 'on'],
    ['prependOnceListener', 'prependListener'],
  ] as const) {
    patch(
      name,
      (original) =>
        function addOnceListener(this: WithCtx, event, listener) {
          const ctx = this[CTX];
          if (ctx === undefined || typeof listener !== 'function') return original.call(this, event, listener);
          // Node's once-wrapper inside our wrapper would hide the listener from removeListener(): one
          // wrapper that removes itself instead, registered through the unpatched add method.
          let fired = false;
          const once = function (this: NodeJS.EventEmitter, ...args: unknown[]) {
            this.removeListener(event, once);
            if (fired) return undefined;
            fired = true;
            return context.with(ctx, listener, this, ...args);
          };
          (once as Listener & { listener: Listener }).listener = listener;
          const addOriginal = Object.getPrototypeOf(proto)[add] as AddListener;
          return addOriginal.call(this, event, once);
        },
    );
  }
  return () => {
    for (const u of undo.reverse()) u();
  };
}

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
  if (undo.length > 0) {
    undo.push(patchListenerMethods(IncomingMessage.prototype));
    undo.push(patchListenerMethods(ServerResponse.prototype));
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
    [SEMCONV.httpRequestMethod]: method,
    [SEMCONV.urlPath]: path,
    [SEMCONV.urlScheme]: scheme,
    [SEMCONV.networkProtocolVersion]: req.httpVersion,
  };
  if (method === '_OTHER') attributes[SEMCONV.httpRequestMethodOriginal] = rawMethod;
  const host = headers.host;
  if (host) {
    const colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']', colon) === -1) {
      attributes[SEMCONV.serverAddress] = host.slice(0, colon);
      attributes[SEMCONV.serverPort] = Number(host.slice(colon + 1));
    } else {
      attributes[SEMCONV.serverAddress] = host;
      attributes[SEMCONV.serverPort] = scheme === 'https' ? 443 : 80;
    }
  }
  const client = req.socket?.remoteAddress;
  if (client) attributes[SEMCONV.clientAddress] = client;
  const ua = headers['user-agent'];
  if (ua) attributes[SEMCONV.userAgentOriginal] = ua;

  const parent =
    headers.traceparent || headers.baggage ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
  const rpc: RPCMetadata & { span: Span } = { type: RPCType.HTTP, span };
  const ctx = new RequestContext(parent, span, rpc);
  let done = false;
  const end = (aborted: boolean) => {
    if (done) return;
    done = true;
    const status = res.statusCode;
    span.setAttribute(SEMCONV.httpResponseStatusCode, status);
    // A framework's route wins; otherwise the URL path as a template is the transaction's name.
    const route = rpc.route ?? opts.templater?.template(path);
    if (route) {
      span.setAttribute(SEMCONV.httpRoute, route);
      span.updateName(`${method} ${route}`);
    }
    if (status >= 500) {
      span.setAttribute(SEMCONV.errorType, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    } else if (aborted) {
      span.setAttribute(SEMCONV.errorType, 'aborted');
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'client closed the connection before the response' });
    }
    span.end();
    ctx.release();
    (req as WithCtx)[CTX] = undefined;
    (res as WithCtx)[CTX] = undefined;
  };
  // 'close' follows 'finish' (next tick) on every response, and also comes alone when the client
  // went away first: one listener covers both.
  res.once('close', () => end(!res.writableFinished));
  // Listeners the app adds to req/res from now on run in this request's context (see
  // patchListenerMethods). (After our own listener, which needs no binding.)
  (req as WithCtx)[CTX] = ctx;
  (res as WithCtx)[CTX] = ctx;

  try {
    return context.with(ctx, original, server, 'request', ...args);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
    if (!done) {
      done = true;
      span.setAttribute(SEMCONV.errorType, (err as Error)?.name ?? 'Error');
      span.end();
      ctx.release();
    }
    throw err;
  }
}
