import type { Pod, PodState, Span, Transaction } from '@podtrail/contracts/api';
import { iso, isoOrNull, num } from './query-util.js';

/** Same definition of a failed transaction as the tx_1s view. */
export const ERR_EXPR = "(StatusCode = 'Error' OR HttpStatusCode >= 500)";
/** End second of a span, exactly as tx_1s keys it. */
export const END_TS_EXPR = 'toDateTime(toStartOfSecond(Timestamp + toIntervalNanosecond(DurationNs)))';
/** End time in epoch ms. */
export const END_MS_EXPR = 'intDiv(toUnixTimestamp64Nano(Timestamp) + DurationNs, 1000000)';

export const TX_COLUMNS = `lower(hex(TraceId)) AS traceId, lower(hex(SpanId)) AS spanId,
  toUnixTimestamp64Milli(Timestamp) AS startMs, ${END_MS_EXPR} AS endMs, DurationNs AS durNs,
  SpanName AS name, HttpRoute AS route, HttpMethod AS method, HttpStatusCode AS status,
  ${ERR_EXPR} AS err, ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, InstanceId AS inst`;

export interface TxRow {
  traceId: string;
  spanId: string;
  startMs: string;
  endMs: string;
  durNs: string;
  name: string;
  route: string;
  method: string;
  status: number;
  err: boolean | number;
  s: string;
  ns: string;
  w: string;
  p: string;
  inst: string;
}

export function toTransaction(r: TxRow): Transaction {
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    startTime: iso(r.startMs),
    endTime: iso(r.endMs),
    durationMs: num(r.durNs) / 1e6,
    name: r.name,
    route: r.route,
    method: r.method,
    statusCode: num(r.status),
    error: Boolean(r.err),
    serviceName: r.s,
    namespace: r.ns,
    workload: r.w,
    podName: r.p,
    instanceId: r.inst,
  };
}

export const SPAN_COLUMNS = `lower(hex(TraceId)) AS traceId, lower(hex(SpanId)) AS spanId,
  if(ParentSpanId = toFixedString(unhex('0000000000000000'), 8), '', lower(hex(ParentSpanId))) AS parentSpanId,
  SpanName AS name, toString(SpanKind) AS kind, IsTransaction AS isTx,
  toString(toUnixTimestamp64Nano(Timestamp)) AS startNs, DurationNs AS durNs,
  ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, InstanceId AS inst,
  toString(StatusCode) AS statusCode, StatusMessage AS statusMessage,
  HttpMethod AS method, HttpRoute AS route, HttpStatusCode AS status,
  SpanAttributes AS attrs, ResourceAttributes AS res,
  arrayMap(x -> toUnixTimestamp64Milli(x), \`Events.Timestamp\`) AS evTs, \`Events.Name\` AS evName,
  \`Events.Attributes\` AS evAttrs`;

export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  isTx: boolean | number;
  startNs: string;
  durNs: string;
  s: string;
  ns: string;
  w: string;
  p: string;
  inst: string;
  statusCode: string;
  statusMessage: string;
  method: string;
  route: string;
  status: number;
  attrs: Record<string, string>;
  res: Record<string, string>;
  evTs: string[];
  evName: string[];
  evAttrs: Array<Record<string, string>>;
}

export function toSpan(r: SpanRow): Span {
  const startNs = BigInt(r.startNs);
  return {
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    kind: r.kind,
    isTransaction: Boolean(r.isTx),
    startTime: iso(Number(startNs / 1_000_000n)),
    startTimeUnixNano: r.startNs,
    durationMs: num(r.durNs) / 1e6,
    serviceName: r.s,
    namespace: r.ns,
    workload: r.w,
    podName: r.p,
    instanceId: r.inst,
    statusCode: r.statusCode,
    statusMessage: r.statusMessage,
    httpMethod: r.method,
    httpRoute: r.route,
    httpStatusCode: num(r.status),
    attributes: r.attrs,
    resourceAttributes: r.res,
    events: r.evName.map((name, i) => ({
      timestamp: iso(r.evTs[i] ?? 0),
      name,
      attributes: r.evAttrs[i] ?? {},
    })),
  };
}

export const POD_COLUMNS = `Namespace AS ns, Workload AS w, WorkloadKind AS wk, ServiceName AS s, PodName AS p,
  PodUid AS uid, NodeName AS node, HostIp AS ip,
  toUnixTimestamp64Milli(FirstSeen) AS firstSeen, toUnixTimestamp64Milli(LastSeen) AS lastSeen,
  toUnixTimestamp64Milli(EndedAt) AS endedAt, toString(State) AS state, EndReason AS endReason,
  InstanceCount AS instances, RestartCount AS restarts, CurrentInstanceId AS current`;

export interface PodRow {
  ns: string;
  w: string;
  wk: string;
  s: string;
  p: string;
  uid: string;
  node: string;
  ip: string;
  firstSeen: string;
  lastSeen: string;
  endedAt: string | null;
  state: PodState;
  endReason: string;
  instances: number;
  restarts: number;
  current: string;
}

export function toPod(r: PodRow): Pod {
  return {
    namespace: r.ns,
    workload: r.w,
    workloadKind: r.wk,
    serviceName: r.s,
    podName: r.p,
    podUid: r.uid,
    nodeName: r.node,
    hostIp: r.ip,
    firstSeen: iso(r.firstSeen),
    lastSeen: iso(r.lastSeen),
    endedAt: isoOrNull(r.endedAt),
    state: r.state,
    endReason: r.endReason,
    instanceCount: num(r.instances),
    restartCount: num(r.restarts),
    currentInstanceId: r.current,
  };
}
