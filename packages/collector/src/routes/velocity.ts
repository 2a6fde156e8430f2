import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type PodState, VelocityQuery, VelocityResponse, type VelocityRow } from '@podtrail/contracts/api';
import { apdexClass, apdexScore, LIST_PAGE_DEFAULT } from '@podtrail/contracts/rules';
import { type ApiConfig, apdexThresholdFor } from '../api-config.js';
import { type ChHandle, type Columns, getCh, select, selectColumns } from '../store/query.js';
import { sql } from '../store/sql.js';
import { summarizeSortedBuckets } from './histogram.js';
import { iso, num, type OrderTerm, resolveRange, secondsOf, Where } from './query-util.js';
import { errorResponses } from './schemas.js';

/** Windows up to this long get exact Apdex from raw spans; longer ones an estimate from tx_1s. */
export const APDEX_RAW_MAX_MS = 6 * 3_600_000;

/** One group as velocity_rows.sql (velocity_pod_rows.sql for pods) answers it (64-bit integers as strings). */
interface GroupRow {
  key: string;
  gs: string;
  gns: string;
  gw: string;
  gp: string;
  nsOnly: string;
  wOnly: string;
  pods: string;
  instances: string;
  gState: PodState;
  gEndedAt: string;
  gEndReason: string;
  /** the group's histogram (sumMap: buckets ascending and distinct), counts, errors */
  h: [number[], (number | string)[], (number | string)[]];
  gc: string;
  gd: string;
  gmn: string;
  gmx: string;
  aSat: string;
  aTol: string;
  aFru: string;
  total: string;
}

/** The filters every transaction query accepts: the pod scope and the HTTP route. */
export function txFilters(
  w: Where,
  q: { service?: string; namespace?: string; workload?: string; pod?: string; route?: string },
): Where {
  return w.podScope(q).eq('HttpRoute', q.route);
}

/**
 * Where each rollup covers [fromSec, toSec) (parts/velocity_window_tx.sql): whole hours
 * [hFromSec, hToSec) from tx_pod_1h, whole minutes [mFromSec, mToSec) outside them from tx_1m, the
 * rest from tx_1s. An empty span sits at the end when there is no whole hour or minute.
 */
export function rollupSpans(
  fromSec: number,
  toSec: number,
): { mFromSec: number; mToSec: number; hFromSec: number; hToSec: number } {
  let mFromSec = Math.ceil(fromSec / 60) * 60;
  let mToSec = Math.floor(toSec / 60) * 60;
  if (mToSec <= mFromSec) mFromSec = mToSec = toSec;
  let hFromSec = Math.ceil(mFromSec / 3600) * 3600;
  let hToSec = Math.floor(mToSec / 3600) * 3600;
  if (hToSec <= hFromSec) hFromSec = hToSec = mToSec;
  return { mFromSec, mToSec, hFromSec, hToSec };
}

/** The longest transaction that ended in the window (bounds the raw spans read for exact Apdex). */
async function maxDurationNs(ch: ChHandle, fromSec: number, toSec: number, q: VelocityQuery): Promise<number> {
  const w = txFilters(new Where(), q);
  const rows = await select<{ mx: string }>(ch, w.render(sql('transactions_max_duration', ch.database)), {
    ...w.params,
    fromSec,
    toSec,
  });
  return num(rows[0]?.mx);
}

/** A pod's state ranks above another's in a group (running wins, stopped is the least). */
const STATE_RANK: Record<PodState, number> = { running: 5, restarted: 4, crashed: 3, killed: 2, stopped: 1 };
/** the row's p50Ms, p95Ms, p99Ms */
const QUANTILES = [0.5, 0.95, 0.99];
/** the busiest groups first */
const PAGE_ORDER: OrderTerm[] = [
  ['gc', 'DESC'],
  ['key', 'ASC'],
];

export async function velocity(
  ch: ChHandle,
  cfg: ApiConfig,
  q: VelocityQuery,
  nowMs = Date.now(),
): Promise<VelocityResponse> {
  const r = resolveRange(q, nowMs);
  // always a page, as GET /pods: 20,000 pods over 24 h are 10 MB of rows, which no board shows and
  // whose bytes alone take longer to serialize, send and parse than the query (docs/decisions.md)
  const limit = q.limit ?? LIST_PAGE_DEFAULT;
  const offset = q.offset ?? 0;
  const groupBy = q.groupBy ?? 'pod';
  const { fromSec, toSec } = secondsOf(r);
  const windowSeconds = toSec - fromSec;
  const rawApdex = r.toMs - r.fromMs <= APDEX_RAW_MAX_MS;
  // a transaction that ended in the window started at most the longest duration seen in it before
  const startSec = rawApdex
    ? Math.max(0, fromSec - Math.ceil((await maxDurationNs(ch, fromSec, toSec, q)) / 1e9) - 1)
    : 0;
  const overrides = Object.entries(cfg.apdexThresholdMsByService);
  const w = new Where().podScope(q);
  const params = {
    groupBy,
    idle: q.includeIdle !== false && q.route === undefined,
    anyRoute: q.route === undefined,
    route: q.route ?? '',
    fromSec,
    toSec,
    startSec,
    ...rollupSpans(fromSec, toSec),
    fromMs: r.fromMs,
    toMs: r.toMs,
    stateNames: Object.keys(STATE_RANK),
    stateRanks: Object.values(STATE_RANK),
    tServices: overrides.map(([svc]) => svc),
    tValuesMs: overrides.map(([, ms]) => ms),
    tValuesNs: overrides.map(([, ms]) => Math.round(ms * 1e6)),
    defaultTMs: cfg.apdexThresholdMs,
    defaultTNs: Math.round(cfg.apdexThresholdMs * 1e6),
    limit,
    offset,
  };
  // pods are groups of one pod each: no regroup (velocity_pod_rows.sql)
  const rowsSql = `velocity_${groupBy === 'pod' ? 'pod_' : ''}rows${rawApdex ? '_raw_apdex' : ''}`;
  // one statement, with the total of groups before LIMIT: at 20,000 pods a day the page's rows cost
  // no more than picking the page's pods first (docs/benchmarks.md)
  const rowsQuery = w.render(sql(rowsSql, ch.database), PAGE_ORDER);
  const groups = await selectColumns<GroupRow>(ch, rowsQuery, { ...w.params, ...params });
  // a page past the end has no row to carry the total: the first group does
  const totalOf =
    groups.rows > 0 || offset === 0
      ? groups
      : await selectColumns<GroupRow>(ch, rowsQuery, {
          ...w.params,
          ...params,
          limit: 1,
          offset: 0,
        });
  const total = num(totalOf.columns.total?.[0]);

  const rows: VelocityRow[] = [];
  const c = groups.columns as Columns<GroupRow>;
  for (let i = 0; i < groups.rows; i++) {
    const [buckets, counts, errors] = c.h[i]!;
    // the stats as Histogram.addStats would take them: only with transactions
    const some = num(c.gc[i]) > 0;
    const minNs = some ? num(c.gmn[i]) : Number.POSITIVE_INFINITY;
    const maxNs = some ? Math.max(0, num(c.gmx[i])) : 0;
    const sumNs = some ? num(c.gd[i]) : 0;
    const hist = summarizeSortedBuckets({ buckets, counts, errors }, QUANTILES, minNs, maxNs);
    const n = hist.count;
    const satisfied = num(c.aSat[i]);
    const tolerating = num(c.aTol[i]);
    const frustrated = num(c.aFru[i]);
    const score = apdexScore({ satisfied, tolerating, frustrated });
    const state = c.gState[i]!;
    const open = groupBy !== 'pod' && state === 'running';
    const ended = open ? 0 : num(c.gEndedAt[i]);
    const serviceName = c.gs[i]!;
    rows.push({
      key: c.key[i]!,
      serviceName,
      namespace: groupBy === 'service' ? c.nsOnly[i]! : c.gns[i]!,
      workload: groupBy === 'service' ? c.wOnly[i]! : c.gw[i]!,
      podName: groupBy === 'pod' ? c.gp[i]! : '',
      // members are distinct pods (keyed by namespace/pod)
      podCount: num(c.pods[i]),
      instanceCount: num(c.instances[i]),
      state,
      endedAt: ended > 0 ? iso(ended) : null,
      endReason: open ? '' : c.gEndReason[i]!,
      count: n,
      errors: hist.errors,
      tps: n / windowSeconds,
      avgMs: n ? sumNs / n / 1e6 : null,
      minMs: n && Number.isFinite(minNs) ? minNs / 1e6 : null,
      maxMs: n ? maxNs / 1e6 : null,
      p50Ms: hist.quantilesMs[0]!,
      p95Ms: hist.quantilesMs[1]!,
      p99Ms: hist.quantilesMs[2]!,
      apdexThresholdMs: apdexThresholdFor(cfg, serviceName),
      apdex: { satisfied, tolerating, frustrated, score },
      apdexClass: apdexClass(score),
    });
  }
  return {
    from: iso(fromSec * 1000),
    to: iso(toSec * 1000),
    windowSeconds,
    groupBy,
    apdexThresholdMs: cfg.apdexThresholdMs,
    apdexSource: rawApdex ? 'spans' : 'histogram',
    rows,
    total,
    limit,
    offset,
  };
}

const velocityRoutes: FastifyPluginAsyncTypebox<{ cfg: ApiConfig }> = async (app, { cfg }) => {
  app.get(
    '/velocity',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'Request velocity board: per pod / workload / service TPS, latency percentiles, Apdex',
        tags: ['query'],
        querystring: VelocityQuery,
        response: { 200: VelocityResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = await velocity(getCh(app), cfg, req.query);
      // JSON.stringify, not the schema's serializer: the same bytes (the rows are built with exactly
      // the schema's fields, in its order) at a quarter of the time for 20,000 rows
      reply.type('application/json; charset=utf-8').serializer(JSON.stringify);
      return body;
    },
  );
};

export default velocityRoutes;
