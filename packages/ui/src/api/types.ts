/**
 * Shapes of the query API and the live WebSocket: the TypeBox types of `@podtrail/contracts/api`
 * (docs/api.md), under the names the UI uses. Every time is an ISO-8601 string (read it with
 * `timeMs()`), except the live stream's tick seconds and server clock, which are epoch numbers.
 */
import type {
  ApdexClass as ApiApdexClass,
  CompareResponse,
  CompareWindow,
  ErrorResponse,
  EventsResponse,
  HeatmapResponse,
  InFlight,
  Instance,
  LastHeartbeat,
  LiveClientMessage,
  LiveFilter,
  LivePodRow,
  LiveServerMessage,
  MemorySeries,
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

export type {
  CompareResponse,
  CompareWindow,
  EventsResponse,
  HeatmapResponse,
  InFlight,
  LastHeartbeat,
  LiveClientMessage,
  LiveFilter,
  LivePodRow,
  MemorySeries,
  MetricPoint,
  PodsResponse,
  PodTransition,
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
export type ServiceInfo = Service;
export type LiveMessage = LiveServerMessage;

/** Epoch milliseconds of an API time (ISO-8601); NaN for null or an unreadable value. */
export function timeMs(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : Number.NaN;
}

/** A nullable API number as a number (NaN for null), for formatting. */
export const n = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);
