import { mkdirSync } from 'node:fs';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { type ApiConfig, defaultApiConfig } from '../api-config.js';
import authPlugin from '../auth/index.js';
import livePlugin, { type LivePluginOptions } from '../live/index.js';
import routesPlugin from '../routes/index.js';
import { migrate } from '../store/migrate.js';
import type { ChHandle } from '../store/query.js';
import type { ClickHouseTarget } from './clickhouse-target.js';

/**
 * A query-only app on an embedded chDB path or a ClickHouse server (`openTarget`), for the API's
 * integration tests and the query benchmark (the real collector app is built by app.ts). Not used
 * in production.
 */
export interface QueryHarness {
  app: FastifyInstance;
  ch: ChHandle;
  close(): Promise<void>;
}

export async function openChdb(path: string, database = 'podtrail'): Promise<ChHandle & { backend: 'chdb' }> {
  mkdirSync(path, { recursive: true });
  // chdb's Connection type comes from a different @clickhouse/client-common version: same shape.
  type Opts = Parameters<typeof createClient>[0];
  const writer = createClient({ connection: createChdbConnection({ path }) } as unknown as Opts);
  const reader = createClient({ connection: createChdbConnection({ path }) } as unknown as Opts);
  const ch = { writer, reader, database, backend: 'chdb' as const };
  await migrate(writer, database);
  return ch;
}

/** The migrated store of a test target (chDB dir, or the server database of CLICKHOUSE_URL). */
export async function openTarget(target: ClickHouseTarget): Promise<ChHandle & { backend: 'chdb' | 'server' }> {
  if (target.backend === 'chdb') return openChdb(target.chdbPath, target.database);
  const ch = {
    writer: target.client(),
    reader: target.client(),
    database: target.database,
    backend: 'server' as const,
  };
  await migrate(ch.writer, ch.database);
  return ch;
}

/**
 * Closes what a query test opened, each part only if it was: the app, the store's two clients, then
 * the store (`target.cleanup()`).
 */
export async function closeQueryTest(parts: {
  app?: FastifyInstance | undefined;
  ch?: ChHandle | undefined;
  target?: ClickHouseTarget | undefined;
}): Promise<void> {
  await parts.app?.close();
  await parts.ch?.reader.close();
  await parts.ch?.writer.close();
  await parts.target?.cleanup();
}

export async function buildQueryApp(opts: {
  /** without it only static tokens work and query routes answer 503 (live-only tests) */
  ch?: ChHandle;
  config?: Partial<ApiConfig>;
  live?: Omit<LivePluginOptions, 'config'> | false;
  dataDir?: string;
  /** called with every route as it is registered (security tests iterate them) */
  onRoute?: (route: RouteOptions) => void;
  logger?: boolean;
}): Promise<FastifyInstance> {
  const config: ApiConfig = { ...defaultApiConfig(), ...opts.config };
  const app = Fastify({ logger: opts.logger ?? false });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  if (opts.ch) app.decorate('ch', opts.ch);
  await app.register(authPlugin, opts.dataDir ? { config, dataDir: opts.dataDir } : { config });
  await app.register(routesPlugin, { config });
  if (opts.live !== false) await app.register(livePlugin, { config, kafka: false, ...(opts.live ?? {}) });
  await app.ready();
  return app;
}

/** A query app over `ch` with one static read token, no rate limit and no live stream (route tests). */
export function readQueryApp(ch: ChHandle, readToken: string): Promise<FastifyInstance> {
  return buildQueryApp({
    ch,
    config: { staticTokens: [{ role: 'read', token: readToken }], rateLimitPerMin: 0 },
    live: false,
  });
}

/** A span to seed (tests, bench). Ids are hex; times are epoch nanoseconds. */
export interface SeedSpan {
  startNs: bigint;
  durationNs: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: 'Internal' | 'Server' | 'Client' | 'Producer' | 'Consumer';
  isTransaction: boolean;
  service: string;
  namespace: string;
  workload: string;
  pod: string;
  podUid?: string;
  instance: string;
  node?: string;
  status?: 'Unset' | 'Ok' | 'Error';
  statusMessage?: string;
  method?: string;
  route?: string;
  httpStatus?: number;
  attributes?: Record<string, string>;
  /** spans.ResourceAttributes: only the non-instance keys, as ingest stores them */
  resource?: Record<string, string>;
}

/**
 * Inserts spans the way ingest stores them (through the spans table, so the tx_1s and
 * trace_index materialized views fire), via a Memory staging table for the binary ids.
 */
export async function insertSpans(ch: ChHandle, spans: SeedSpan[]): Promise<void> {
  const db = `\`${ch.database}\``;
  await ch.writer.command({
    query: `CREATE TABLE IF NOT EXISTS ${db}._seed_spans
      (ts String, dur UInt64, tid String, sid String, pid String, name String, kind String, tx Bool, svc String, ns String,
       wl String, pod String, uid String, inst String, node String, st String, sm String, m String, r String,
       hs UInt16, attrs Map(String, String), res Map(String, String)) ENGINE = Memory`,
  });
  for (let i = 0; i < spans.length; i += 50_000) {
    const chunk = spans.slice(i, i + 50_000);
    await ch.writer.insert({
      table: `${db}._seed_spans`,
      format: 'JSONEachRow',
      values: chunk.map((s) => ({
        ts: s.startNs.toString(),
        dur: s.durationNs,
        tid: s.traceId,
        sid: s.spanId,
        pid: s.parentSpanId ?? '',
        name: s.name,
        kind: s.kind ?? (s.isTransaction ? 'Server' : 'Internal'),
        tx: s.isTransaction,
        svc: s.service,
        ns: s.namespace,
        wl: s.workload,
        pod: s.pod,
        uid: s.podUid ?? `${s.pod}-uid`,
        inst: s.instance,
        node: s.node ?? 'node-1',
        st: s.status ?? 'Unset',
        sm: s.statusMessage ?? '',
        m: s.method ?? '',
        r: s.route ?? '',
        hs: s.httpStatus ?? 0,
        attrs: s.attributes ?? {},
        res: s.resource ?? {},
      })),
    });
    await ch.writer.command({
      query: `INSERT INTO ${db}.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, IsTransaction,
          ServiceName, Namespace, Workload, PodName, PodUid, InstanceId, NodeName, DurationNs, StatusCode,
          StatusMessage, HttpMethod, HttpRoute, HttpStatusCode, SpanAttributes, ResourceAttributes)
        SELECT fromUnixTimestamp64Nano(toInt64(ts)), unhex(tid), unhex(sid),
          if(pid = '', toFixedString(unhex('0000000000000000'), 8), unhex(pid)), name, kind, tx,
          svc, ns, wl, pod, uid, inst, node, dur, st, sm, m, r, hs, attrs, res
        FROM ${db}._seed_spans`,
    });
    await ch.writer.command({ query: `TRUNCATE TABLE ${db}._seed_spans` });
  }
}
