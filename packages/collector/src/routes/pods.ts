import {
  type InFlight,
  type Instance,
  type MetricPoint,
  type PodParams,
  PodParams as PodParamsSchema,
  type PodState,
  type PodsQuery,
  PodsQuery as PodsQuerySchema,
  type PodsResponse,
  PodsResponse as PodsResponseSchema,
  type PostMortemResponse,
  PostMortemResponse as PostMortemResponseSchema,
} from '@podtrail/contracts/api';
import { LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts/wire';
import type { FastifyPluginAsync } from 'fastify';
import { ApiError } from '../errors.js';
import { POD_TRANSITION_COLUMNS, type StoredPodTransitionRow, toPodTransition } from '../lifecycle/pod-transition.js';
import { type ChHandle, getCh, ident, select } from './ch.js';
import { escapeLike, iso, isoOrNull, num, resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
import { ERR_EXPR, POD_COLUMNS, type PodRow, TX_COLUMNS, type TxRow, toPod, toTransaction } from './tx-common.js';

export async function listPods(ch: ChHandle, q: PodsQuery, nowMs = Date.now()): Promise<PodsResponse> {
  const r = resolveRange(q, nowMs);
  const w = new Where()
    .bind('FirstSeen <= fromUnixTimestamp64Milli($)', 'Int64', r.toMs)
    .bind("(State = 'running' OR coalesce(EndedAt, LastSeen) >= fromUnixTimestamp64Milli($))", 'Int64', r.fromMs)
    .eq('Namespace', q.namespace)
    .eq('Workload', q.workload)
    .eq('ServiceName', q.service);
  if (q.state === 'ended') w.raw("State != 'running'");
  else if (q.state !== undefined) w.bind('State = $', 'String', q.state);
  if (q.q !== undefined) w.bind('PodName ILIKE $', 'String', `%${escapeLike(q.q)}%`);
  const db = ident(ch.database);
  const limit = q.limit ?? 500;
  const offset = q.offset ?? 0;
  const [rows, totals] = [
    await select<PodRow>(
      ch,
      `SELECT ${POD_COLUMNS} FROM ${db}.pods FINAL WHERE ${w.sql()}
       ORDER BY (State = 'running') DESC, Namespace, Workload, FirstSeen DESC, PodName
       LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      { ...w.params, limit, offset },
    ),
    await select<{ n: string }>(ch, `SELECT count() AS n FROM ${db}.pods FINAL WHERE ${w.sql()}`, w.params),
  ];
  return { from: iso(r.fromMs), to: iso(r.toMs), total: num(totals[0]?.n), pods: rows.map(toPod) };
}

interface InstanceRow {
  inst: string;
  container: string;
  node: string;
  startedAt: string;
  readyAt: string | null;
  lastSeen: string;
  endedAt: string | null;
  state: PodState;
  endReason: string;
  exitDetail: string;
}

interface EndEventRow {
  inst: string;
  event: string;
  body: string;
  attrs: Record<string, string>;
}

function parseJsonArray(s: string | undefined): unknown[] {
  if (!s) return [];
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function toInFlight(v: unknown): InFlight {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const started = Number(o.startedAtMs);
  return {
    traceId: str(o.traceId),
    spanId: str(o.spanId),
    route: str(o.route),
    method: str(o.method),
    startedAt: Number.isFinite(started) && started > 0 ? iso(started) : null,
  };
}

export async function postMortem(ch: ChHandle, params: PodParams): Promise<PostMortemResponse> {
  const db = ident(ch.database);
  const podRows = await select<PodRow>(
    ch,
    `SELECT ${POD_COLUMNS} FROM ${db}.pods FINAL
     WHERE Namespace = {ns:String} AND PodName = {p:String}
     ORDER BY LastSeen DESC LIMIT 1`,
    { ns: params.namespace, p: params.podName },
  );
  const podRow = podRows[0];
  if (!podRow) throw new ApiError('API_NOT_FOUND', 'no such pod', 'podName');
  const pod = toPod(podRow);
  const key = { ns: podRow.ns, w: podRow.w, p: podRow.p, s: podRow.s };

  const instances = await select<InstanceRow>(
    ch,
    `SELECT InstanceId AS inst, ContainerName AS container, NodeName AS node,
            toUnixTimestamp64Milli(StartedAt) AS startedAt, toUnixTimestamp64Milli(ReadyAt) AS readyAt,
            toUnixTimestamp64Milli(LastSeen) AS lastSeen, toUnixTimestamp64Milli(EndedAt) AS endedAt,
            toString(State) AS state, EndReason AS endReason, ExitDetail AS exitDetail
     FROM ${db}.instances FINAL
     WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
     ORDER BY StartedAt`,
    key,
  );
  const endEvents = await select<EndEventRow>(
    ch,
    `SELECT InstanceId AS inst, EventName AS event, Body AS body, Attributes AS attrs
     FROM ${db}.lifecycle_events
     WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
       AND EventName IN ({stopped:String}, {crashed:String})
     ORDER BY Timestamp`,
    { ...key, stopped: LIFECYCLE_EVENTS.stopped, crashed: LIFECYCLE_EVENTS.crashed },
  );
  const byInstance = new Map<string, EndEventRow>();
  for (const e of endEvents) byInstance.set(e.inst, e);

  const outInstances: Instance[] = instances.map((i) => {
    const ev = byInstance.get(i.inst);
    const a = ev?.attrs ?? {};
    const exType = a[LIFECYCLE_ATTRS.exceptionType];
    const exMsg = a[LIFECYCLE_ATTRS.exceptionMessage];
    const exStack = a[LIFECYCLE_ATTRS.exceptionStacktrace];
    const hasEx = exType !== undefined || exMsg !== undefined || exStack !== undefined;
    return {
      instanceId: i.inst,
      containerName: i.container,
      nodeName: i.node,
      startedAt: iso(i.startedAt),
      readyAt: isoOrNull(i.readyAt),
      lastSeen: iso(i.lastSeen),
      endedAt: isoOrNull(i.endedAt),
      state: i.state,
      endReason: i.endReason,
      exitDetail: i.exitDetail,
      exception: hasEx ? { type: exType ?? '', message: exMsg ?? '', stacktrace: exStack ?? '' } : null,
      signal: a[LIFECYCLE_ATTRS.signal] ?? '',
      lastLogs: parseJsonArray(a[LIFECYCLE_ATTRS.lastLogs]).map(str),
      inFlight: parseJsonArray(a[LIFECYCLE_ATTRS.inFlight]).map(toInFlight),
    };
  });

  const lastSeenMs = num(podRow.lastSeen);
  const endMs = podRow.endedAt !== null ? Math.max(num(podRow.endedAt), lastSeenMs) : Math.max(lastSeenMs, Date.now());
  const firstMs = num(podRow.firstSeen);
  const life = { ...key, fromMs: firstMs - 60_000, toMs: endMs + 300_000 };
  // Fallback for last log lines: plain log records of each instance (logs table, migration 0003).
  const logRows = await select<{ inst: string; lines: string[] }>(
    ch,
    `SELECT inst, arrayReverse(groupArray(Body)) AS lines FROM (
       SELECT InstanceId AS inst, Body FROM ${db}.logs
       WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
         AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
       ORDER BY Timestamp DESC LIMIT 20 BY InstanceId
     ) GROUP BY inst`,
    life,
  ).catch(() => [] as Array<{ inst: string; lines: string[] }>);
  const logsByInstance = new Map(logRows.map((r) => [r.inst, r.lines]));
  for (const i of outInstances) if (i.lastLogs.length === 0) i.lastLogs = logsByInstance.get(i.instanceId) ?? [];

  const timeline = await select<StoredPodTransitionRow>(
    ch,
    `SELECT ${POD_TRANSITION_COLUMNS} FROM ${db}.pod_transitions FINAL
     WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
     ORDER BY Timestamp, Transition LIMIT 2000`,
    key,
  );

  const lastMetrics = await select<{ name: string; v: number; unit: string; ts: string; inst: string }>(
    ch,
    `SELECT MetricName AS name, argMax(Value, Timestamp) AS v, argMax(Unit, Timestamp) AS unit,
            toUnixTimestamp64Milli(max(Timestamp)) AS ts, argMax(InstanceId, Timestamp) AS inst
     FROM ${db}.metrics
     WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
       AND Timestamp >= fromUnixTimestamp64Milli({lo:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
       AND MetricType != 'histogram'
     GROUP BY MetricName ORDER BY MetricName LIMIT 200`,
    { ...life, lo: Math.max(firstMs, lastSeenMs - 3_600_000) - 60_000 },
  );

  const spanWhere = `ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String} AND IsTransaction
    AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})`;
  const slowest = await select<TxRow>(
    ch,
    `SELECT ${TX_COLUMNS} FROM ${db}.spans WHERE ${spanWhere} ORDER BY DurationNs DESC, Timestamp DESC LIMIT 10`,
    life,
  );
  const failed = await select<TxRow>(
    ch,
    `SELECT ${TX_COLUMNS} FROM ${db}.spans WHERE ${spanWhere} AND ${ERR_EXPR} ORDER BY Timestamp DESC LIMIT 20`,
    life,
  );
  const lastTransactions = await select<TxRow>(
    ch,
    `SELECT ${TX_COLUMNS} FROM ${db}.spans WHERE ${spanWhere} ORDER BY Timestamp DESC LIMIT 20`,
    life,
  );
  const totals = await select<{ c: string; e: string }>(
    ch,
    `SELECT sum(Count) AS c, sum(Errors) AS e FROM ${db}.tx_1s
     WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
       AND Ts >= toDateTime(intDiv({fromMs:Int64}, 1000)) AND Ts <= toDateTime(intDiv({toMs:Int64}, 1000))`,
    life,
  );

  return {
    pod,
    instances: outInstances,
    timeline: timeline.map(toPodTransition),
    lastMetrics: lastMetrics.map(
      (m): MetricPoint => ({ name: m.name, value: num(m.v), unit: m.unit, timestamp: iso(m.ts), instanceId: m.inst }),
    ),
    totals: { count: num(totals[0]?.c), errors: num(totals[0]?.e) },
    slowest: slowest.map(toTransaction),
    failed: failed.map(toTransaction),
    lastTransactions: lastTransactions.map(toTransaction),
  };
}

const podRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: PodsQuery; Reply: PodsResponse }>(
    '/pods',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'Every pod in a window, live or ended',
        tags: ['pods'],
        querystring: PodsQuerySchema,
        response: { 200: PodsResponseSchema, ...errorResponses },
      },
    },
    async (req) => listPods(getCh(app), req.query),
  );
  app.get<{ Params: PodParams; Reply: PostMortemResponse }>(
    '/pods/:namespace/:podName',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary:
          'Pod post-mortem: lifetime, instances and how each ended, last logs/metrics, slowest and failed transactions',
        tags: ['pods'],
        params: PodParamsSchema,
        response: { 200: PostMortemResponseSchema, ...errorResponses },
      },
    },
    async (req) => postMortem(getCh(app), req.params),
  );
};

export default podRoutes;
