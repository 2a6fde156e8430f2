import type { Pod, PodState, Span, Transaction } from '@podtrail/contracts/api';
import { typedAttributes } from '../ingest/attribute-types.js';
import { iso, isoOrNull, num } from './query-util.js';

/**
 * Rows of the column lists in `store/sql/parts/` (`{part:NAME}`) and their API shapes: one
 * mapping per list, shared by every statement that selects it.
 */

/** `{part:tx_columns}` */
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

/** `{part:span_columns}` */
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
  /** type tags of the non-string values (migration 0008) */
  attrTypes?: Record<string, string>;
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
    attributes: typedAttributes(r.attrs, r.attrTypes),
    resourceAttributes: r.res,
    events: r.evName.map((name, i) => ({
      timestamp: iso(r.evTs[i] ?? 0),
      name,
      attributes: r.evAttrs[i] ?? {},
    })),
  };
}

/** `{part:pod_columns}` */
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
