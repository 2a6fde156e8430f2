/**
 * Shapes of the query API and the live WebSocket: the TypeBox types of `@podtrail/contracts/api`
 * (docs/api.md), under the names the UI uses. Times arrive as ISO strings (epoch ms/s in the live
 * stream): read them with `toMs()`.
 */
import type {
  ApdexClass as ApiApdexClass,
  CompareResponse,
  CompareWindow,
  ErrorResponse,
  EventsResponse,
  HeatmapResponse,
  Instance,
  LiveClientMessage,
  LiveFilter,
  LiveServerMessage,
  MetricPoint,
  Pod,
  PodsResponse,
  PodTransition,
  PostMortemResponse,
  Service,
  ServicesResponse,
  Span,
  SpansResponse,
  TraceResponse,
  Transaction,
  TransactionsResponse,
  VelocityResponse,
  VelocityRow,
  WorkloadHistoryResponse,
} from '@podtrail/contracts/api';
import type { LivePodSecond, LiveTransition } from '@podtrail/contracts/wire';

export type {
  CompareResponse,
  CompareWindow,
  EventsResponse,
  HeatmapResponse,
  LiveClientMessage,
  LiveFilter,
  LivePodSecond,
  LiveTransition,
  MetricPoint,
  PodsResponse,
  PostMortemResponse,
  ServicesResponse,
  SpansResponse,
  TraceResponse,
  TransactionsResponse,
  VelocityResponse,
  VelocityRow,
  WorkloadHistoryResponse,
};

export type ApiErrorBody = ErrorResponse;
/** The board's classes: the API's `none` (no transactions) shows as `idle`. */
export type ApdexClass = Exclude<ApiApdexClass, 'none'>;
export type TransactionRow = Transaction;
export type SpanRow = Span;
export type PodRow = Pod;
export type InstanceInfo = Instance;
export type TransitionRow = PodTransition;
export type ServiceInfo = Service;
export type LiveMessage = LiveServerMessage;

/** epoch milliseconds (or seconds), or an ISO-8601 string */
export type TimeValue = number | string;

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

/** A nullable API number as a number (NaN for null), for formatting. */
export const n = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);
