import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  decodeOtlp,
  decodeOtlpJson,
  encodeOtlpResponse,
  type OtlpSignal,
} from '@podtrail/contracts';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import { COLLECTOR_ERRORS, type CollectorErrorKind } from '../errors.js';
import type { Decoded } from '../ingest/ingest-types.js';
import { InsertQueueFull } from '../ingest/insert-coalescer.js';
import { scanTraces } from '../ingest/traces-transcoder.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export interface OtlpPluginOptions {
  config: CollectorConfig;
  metrics: CollectorMetrics;
}

const ROUTES: [string, OtlpSignal][] = [
  ['/v1/traces', 'traces'],
  ['/v1/metrics', 'metrics'],
  ['/v1/logs', 'logs'],
];

/** gRPC status codes used in OTLP/HTTP error bodies (google.rpc.Status). */
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;

/** google.rpc.Status { int32 code = 1; string message = 2; } encoded by hand (2 fields). */
export function encodeStatus(code: number, message: string): Buffer {
  const msg = Buffer.from(message, 'utf8');
  const parts: number[] = [0x08, code];
  parts.push(0x12);
  let len = msg.length;
  while (len > 0x7f) {
    parts.push((len & 0x7f) | 0x80);
    len >>>= 7;
  }
  parts.push(len);
  return Buffer.concat([Buffer.from(parts), msg]);
}

class OtlpHttpError extends Error {
  constructor(
    readonly kind: CollectorErrorKind,
    message: string,
  ) {
    super(message);
  }
}

type Format = 'protobuf' | 'json';

function formatOf(req: FastifyRequest): Format | null {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (ct === CONTENT_TYPE_PROTOBUF || ct === 'application/protobuf') return 'protobuf';
  if (ct === CONTENT_TYPE_JSON) return 'json';
  return null;
}

/**
 * OTLP/HTTP receiver: POST /v1/traces, /v1/metrics, /v1/logs with protobuf or JSON bodies,
 * optionally gzip (or deflate) compressed. Answers as the OTLP specification says: 200 with an
 * Export*ServiceResponse (partial success when items were refused), 400 for undecodable input,
 * 413 above the size limit (compressed or not), 415 for other media types or encodings, 503 with
 * Retry-After while ClickHouse is unavailable, 429 with Retry-After while too many rows wait for an insert.
 * Concurrent requests share inserts (ingest/insert-coalescer.ts); a 200 still means stored. Error bodies are google.rpc.Status (protobuf or
 * JSON, following the request) and carry the APM_ERR code in `x-podtrail-error-code`.
 * Writes through the same pipeline as Kafka ingest (`app.pipeline`). Plugin `podtrail-otlp`,
 * encapsulated (its own body parser and error handler); needs `podtrail-auth` (role `ingest`).
 */
const otlpPlugin: FastifyPluginAsync<OtlpPluginOptions> = async (app: FastifyInstance, opts) => {
  const { config, metrics } = opts;
  const limit = config.maxBodyBytes;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));

  const reply = (
    req: FastifyRequest,
    res: FastifyReply,
    signal: OtlpSignal,
    kind: CollectorErrorKind,
    message: string,
  ) => {
    const def = COLLECTOR_ERRORS[kind];
    const grpc =
      def.status === 503
        ? GRPC_UNAVAILABLE
        : def.status === 413 || def.status === 429
          ? GRPC_RESOURCE_EXHAUSTED
          : GRPC_INVALID_ARGUMENT;
    metrics.otlpRequests.inc({ signal, code: String(def.status) });
    res.code(def.status).header('x-podtrail-error-code', def.code);
    // retryable answers (OTLP/HTTP): the exporter waits Retry-After before sending again
    if (def.status === 503) res.header('retry-after', '5');
    if (def.status === 429) res.header('retry-after', '1');
    req.log.info({ signal, status: def.status, code: def.code, message }, 'OTLP request refused');
    if (formatOf(req) === 'protobuf') return res.type(CONTENT_TYPE_PROTOBUF).send(encodeStatus(grpc, message));
    return res.type(CONTENT_TYPE_JSON).send({ code: grpc, message, details: [], error: def.code });
  };

  app.setErrorHandler((err: FastifyError, req, res) => {
    const signal = ROUTES.find(([url]) => req.url.startsWith(url))?.[1] ?? 'traces';
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply(req, res, signal, 'OTLP_TOO_LARGE', `request body exceeds ${limit} bytes`);
    if (err.statusCode === 401 || err.statusCode === 403) return res.send(err);
    if (err.statusCode && err.statusCode < 500) return reply(req, res, signal, 'OTLP_MALFORMED', err.message);
    req.log.error({ err }, 'OTLP request failed');
    return reply(req, res, signal, 'STORE_UNAVAILABLE', 'the collector could not store the data; retry later');
  });

  const auth = app.requireRole('ingest');

  for (const [url, signal] of ROUTES) {
    app.post(url, { onRequest: auth, config: { auth: 'ingest' } }, async (req, res) => {
      const format = formatOf(req);
      if (!format)
        return reply(
          req,
          res,
          signal,
          'OTLP_MEDIA_TYPE',
          `unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}; use application/x-protobuf or application/json`,
        );
      let body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const encoding = String(req.headers['content-encoding'] ?? 'identity')
        .trim()
        .toLowerCase();
      try {
        if (encoding === 'gzip' || encoding === 'x-gzip') body = await gunzipAsync(body, { maxOutputLength: limit });
        else if (encoding === 'deflate') body = await inflateAsync(body, { maxOutputLength: limit });
        else if (encoding !== 'identity' && encoding !== '')
          return reply(req, res, signal, 'OTLP_ENCODING', `unsupported Content-Encoding ${JSON.stringify(encoding)}`);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger/.test(e.message))
          return reply(req, res, signal, 'OTLP_TOO_LARGE', `decompressed body exceeds ${limit} bytes`);
        return reply(req, res, signal, 'OTLP_MALFORMED', `invalid ${encoding} body: ${e.message}`);
      }
      let decoded: Decoded<typeof signal>;
      try {
        decoded = decode(signal, format, body);
      } catch (err) {
        const m = err instanceof OtlpHttpError ? err.message : (err as Error).message;
        return reply(req, res, signal, 'OTLP_MALFORMED', `not a valid OTLP ${format} ${signal} request: ${m}`);
      }
      const sink = app.pipeline.sink(signal);
      const batch = sink.create();
      const rejected = sink.add(batch, decoded);
      try {
        // no token: its rows share an insert with concurrent requests' rows, and this resolves only
        // once that insert succeeded (a failed one fails every request in it)
        await sink.store(batch, undefined);
      } catch (err) {
        if (err instanceof InsertQueueFull) return reply(req, res, signal, 'OTLP_BUSY', `${err.message}; retry later`);
        req.log.warn({ err }, 'OTLP insert failed');
        return reply(req, res, signal, 'STORE_UNAVAILABLE', 'ClickHouse is unavailable; retry later');
      }
      if (rejected > 0) metrics.dropped.inc({ signal, reason: 'invalid' }, rejected);
      metrics.otlpRequests.inc({ signal, code: '200' });
      const message = rejected > 0 ? `${rejected} item(s) refused: invalid trace/span id or timestamps` : '';
      if (format === 'protobuf')
        return res
          .code(200)
          .type(CONTENT_TYPE_PROTOBUF)
          .send(Buffer.from(encodeOtlpResponse(signal, rejected, message)));
      const key =
        signal === 'traces' ? 'rejectedSpans' : signal === 'metrics' ? 'rejectedDataPoints' : 'rejectedLogRecords';
      return res
        .code(200)
        .type(CONTENT_TYPE_JSON)
        .send(rejected > 0 ? { partialSuccess: { [key]: String(rejected), errorMessage: message } } : {});
    });
  }
};

function decode<S extends OtlpSignal>(signal: S, format: Format, body: Buffer): Decoded<S> {
  if (format === 'protobuf') {
    // traces stay bytes: validated here, transcoded to rows without building objects
    if (signal === 'traces') return { raw: body, spans: scanTraces(body).spans } as Decoded<S>;
    return decodeOtlp(signal, body);
  }
  if (body.length === 0) return decodeOtlpJson(signal, {});
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new OtlpHttpError('OTLP_MALFORMED', `invalid JSON: ${(err as Error).message}`);
  }
  return decodeOtlpJson(signal, json);
}

export default fp(otlpPlugin, {
  name: 'podtrail-otlp',
  fastify: '5.x',
  encapsulate: true,
  dependencies: ['podtrail-auth', 'podtrail-ingest'],
});
