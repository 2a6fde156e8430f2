/**
 * Response and message shapes of the query API and the live WebSocket (docs/api.md).
 * Local mirror of the TypeBox schemas in `@podtrail/contracts/api`; the live records come from the
 * wire contract. Times may arrive as epoch milliseconds or ISO strings: read them with `toMs()`.
 */
import type { LivePodSecond, LiveTransition } from '@podtrail/contracts/wire';

export type { LivePodSecond, LiveTransition };

/** epoch milliseconds, or an ISO-8601 string */
export type TimeValue = number | string;

export type ApdexClass = 'satisfying' | 'tolerating' | 'frustrating';

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  field?: string;
}

export interface ApdexCounts {
  satisfied: number;
  tolerating: number;
  frustrated: number;
  score: number;
}

export interface VelocityRow {
  key: string;
  serviceName: string;
  namespace: string;
  workload: string;
  podName: string;
  instanceCount: number;
  state: string;
  count: number;
  errors: number;
  tps: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  apdex: ApdexCounts;
  apdexClass: ApdexClass;
}

export interface VelocityResponse {
  from: TimeValue;
  to: TimeValue;
  apdexThresholdMs: number;
  rows: VelocityRow[];
}

export type HeatmapCell = [col: number, row: number, count: number];

export interface HeatmapResponse {
  from: TimeValue;
  to: TimeValue;
  stepMs: number;
  /** bucket edges in ms, length = rows + 1, ascending */
  latencyBoundsMs: number[];
  cells: HeatmapCell[];
  maxCount: number;
  total: number;
}

export interface TransactionRow {
  traceId: string;
  spanId: string;
  endTime: TimeValue;
  startTime: TimeValue;
  durationMs: number;
  name: string;
  route: string;
  method: string;
  statusCode: number | string;
  error: boolean;
  serviceName: string;
  podName: string;
  instanceId: string;
}

export interface TransactionsResponse {
  total: number;
  rows: TransactionRow[];
}

export interface SpanEvent {
  name: string;
  timestamp?: TimeValue;
  time?: TimeValue;
  attributes?: Record<string, unknown>;
}

export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  startTime: TimeValue;
  durationMs: number;
  serviceName: string;
  podName: string;
  statusCode: string | number;
  statusMessage: string;
  attributes: Record<string, unknown>;
  events: SpanEvent[];
}

export interface TraceResponse {
  traceId: string;
  spans: SpanRow[];
}

export interface SpansResponse {
  rows: SpanRow[];
}

export interface PodRow {
  namespace: string;
  workload: string;
  workloadKind: string;
  serviceName: string;
  podName: string;
  podUid: string;
  nodeName: string;
  hostIp: string;
  firstSeen: TimeValue;
  lastSeen: TimeValue;
  endedAt: TimeValue | null;
  state: string;
  endReason: string;
  instanceCount: number;
  restartCount: number;
}

export interface PodsResponse {
  pods: PodRow[];
}

export interface InFlightTx {
  traceId?: string;
  spanId?: string;
  route?: string;
  method?: string;
  startedAtMs?: number;
  [key: string]: unknown;
}

export interface InstanceInfo {
  instanceId: string;
  startedAt: TimeValue;
  readyAt: TimeValue | null;
  lastSeen: TimeValue;
  endedAt: TimeValue | null;
  state: string;
  endReason: string;
  exception?: { type: string; message: string; stacktrace: string } | null;
  lastLogs: string[];
  inFlight: InFlightTx[];
}

export interface TransitionRow {
  ts: TimeValue;
  namespace: string;
  workload: string;
  serviceName: string;
  podName: string;
  instanceId: string;
  transition: string;
  fromState: string;
  toState: string;
  reason: string;
  message: string;
}

export interface MetricPoint {
  name: string;
  value: number;
  unit: string;
  timestamp: TimeValue;
}

export interface PostMortemResponse {
  pod: PodRow;
  instances: InstanceInfo[];
  timeline: TransitionRow[];
  lastMetrics: MetricPoint[];
  slowest: TransactionRow[];
  failed: TransactionRow[];
}

export interface WorkloadHistoryResponse {
  replicas: { ts: TimeValue; running: number }[];
  starts: { ts: TimeValue; podName: string; instanceId?: string; [key: string]: unknown }[];
  ends: { ts: TimeValue; podName: string; instanceId?: string; reason?: string; [key: string]: unknown }[];
  restarts: { ts: TimeValue; podName: string; instanceId: string; reason: string }[];
  restartCount: number;
}

export interface EventsResponse {
  events: TransitionRow[];
}

export interface CompareWindow {
  transactions: number;
  tps: number;
  avgMs: number;
  minMs: number;
  maxMs: number;
  p95Ms: number;
  errorRate: number;
  distribution: { leMs: number; count: number }[];
}

export interface CompareResponse {
  a: CompareWindow;
  b: CompareWindow;
  ratio: { transactions: number; tps: number; avgMs: number; p95Ms: number; errorRate: number };
}

export interface ServiceInfo {
  serviceName: string;
  namespace: string;
  workloads: string[];
  apdexThresholdMs: number;
}

export interface ServicesResponse {
  services: ServiceInfo[];
}

export interface LiveFilter {
  service?: string;
  namespace?: string;
  workload?: string;
  pod?: string;
}

/** Server -> client messages on `/api/v1/live`. */
export type LiveMessage =
  | { type: 'hello'; seq: number; serverTime: TimeValue; version?: string }
  | { type: 'tick'; seq: number; ts: number; pods: LivePodSecond[] }
  | { type: 'transition'; seq: number; event: LiveTransition }
  | { type: 'dropped'; count: number; seq?: number };

/** Epoch milliseconds from a number (seconds or ms) or an ISO string; NaN when unreadable. */
export function toMs(v: TimeValue | null | undefined): number {
  if (v === null || v === undefined || v === '') return Number.NaN;
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  const n = Number(v);
  if (Number.isFinite(n)) return n < 1e11 ? n * 1000 : n;
  // ClickHouse style "2025-01-02 03:04:05.678" is UTC
  const iso = /^\d{4}-\d\d-\d\d \d/.test(v) ? `${v.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}` : v;
  return Date.parse(iso);
}
