/**
 * What a transaction is and when it failed: the one definition used by ingest (rows and live
 * aggregates), the stored aggregates (SQL views) and every query. The SQL forms below are the same
 * rules over the spans table's columns; `transaction.test.ts` holds both forms against each other.
 */

/** OTLP `Span.SpanKind` values (they differ from `@opentelemetry/api`'s SpanKind numbering). */
export const OTLP_SPAN_KIND = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;

/** Names stored in the spans table's `SpanKind` enum, indexed by OTLP value. */
export const SPAN_KIND_NAMES = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;

/** OTLP `Status.StatusCode` values. */
export const OTLP_STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/** Names stored in the spans table's `StatusCode` enum, indexed by OTLP value. */
export const STATUS_CODE_NAMES = ['Unset', 'Ok', 'Error'] as const;

/** OTLP `SpanFlags`: bit 8 says whether the parent's remoteness is known, bit 9 that it is remote. */
export const OTLP_SPAN_FLAGS = {
  contextHasIsRemote: 0x100,
  contextIsRemote: 0x200,
} as const;

/** True when the span's parent is known to live in another process (`SpanFlags`). */
export function hasRemoteParent(flags: number | undefined): boolean {
  if (flags === undefined) return false;
  return (flags & OTLP_SPAN_FLAGS.contextHasIsRemote) !== 0 && (flags & OTLP_SPAN_FLAGS.contextIsRemote) !== 0;
}

/**
 * A transaction is the entry of a request into a service: every SERVER span; a CONSUMER span
 * without a parent or with a remote one; an INTERNAL (or unspecified) span whose parent is remote
 * (an entry that a framework did not mark as SERVER).
 */
export function isTransactionSpan(kind: number, hasParent: boolean, flags: number | undefined): boolean {
  if (kind === OTLP_SPAN_KIND.server) return true;
  const remote = hasRemoteParent(flags);
  if (kind === OTLP_SPAN_KIND.consumer) return !hasParent || remote;
  if (kind === OTLP_SPAN_KIND.internal || kind === OTLP_SPAN_KIND.unspecified) return hasParent && remote;
  return false;
}

/** A transaction failed when its span status is Error or it answered an HTTP 5xx. */
export function isFailedTransaction(statusCode: number, httpStatusCode: number): boolean {
  return statusCode === OTLP_STATUS_CODE.error || httpStatusCode >= 500;
}

/** `isFailedTransaction` over the spans table's columns. */
export const FAILED_TRANSACTION_SQL = "(StatusCode = 'Error' OR HttpStatusCode >= 500)";

/** The second a span ended in (what tx_1s is keyed by), over the spans table's columns. */
export const END_SECOND_SQL = 'toDateTime(toStartOfSecond(Timestamp + toIntervalNanosecond(DurationNs)))';

/** End time of a span in epoch milliseconds, over the spans table's columns. */
export const END_MS_SQL = 'intDiv(toUnixTimestamp64Nano(Timestamp) + DurationNs, 1000000)';
