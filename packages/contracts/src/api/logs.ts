import { type Static, Type } from '@sinclair/typebox';
import { FilterString, HexTraceId, IsoTime, literalUnion, Nullable, TimeParam } from './common.js';

/** The severity levels a query filters on, lowest first (OTLP SeverityNumber ranges of 4). */
export const SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Lowest OTLP SeverityNumber of a level: trace 1-4, debug 5-8, info 9-12, warn 13-16, error 17-20, fatal 21-24. */
export function severityNumberOf(level: SeverityLevel): number {
  return SEVERITY_LEVELS.indexOf(level) * 4 + 1;
}

/** The level of an OTLP SeverityNumber; null for 0 (unspecified) or out of range. */
export function severityLevelOf(n: number): SeverityLevel | null {
  if (!Number.isInteger(n) || n < 1 || n > 24) return null;
  return SEVERITY_LEVELS[Math.floor((n - 1) / 4)] ?? null;
}

const TEXT_LEVELS: Record<string, SeverityLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
};

/**
 * The SeverityNumber of a severity text (`WARN`, `Warning`, `error` ...), for records that carry
 * only the text; 0 when the text names no known level.
 */
export function severityNumberFromText(text: string): number {
  const level = TEXT_LEVELS[text.trim().toLowerCase()];
  return level ? severityNumberOf(level) : 0;
}

/** Longest substring a logs query searches for (characters). */
export const MAX_LOG_SEARCH_LENGTH = 256;
/** Longest opaque paging cursor (characters). */
export const MAX_LOG_CURSOR_LENGTH = 200;

export const LogsQuery = Type.Object({
  /** inclusive; default: 24 h before `to` */
  from: Type.Optional(TimeParam),
  /** exclusive; default now */
  to: Type.Optional(TimeParam),
  namespace: Type.Optional(FilterString),
  workload: Type.Optional(FilterString),
  pod: Type.Optional(FilterString),
  instance: Type.Optional(FilterString),
  service: Type.Optional(FilterString),
  /** minimum severity (OTLP SeverityNumber >= the level's lowest number) */
  severity: Type.Optional(literalUnion(SEVERITY_LEVELS)),
  /** case-insensitive substring of the body, matched literally (no wildcards) */
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: MAX_LOG_SEARCH_LENGTH, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  /** `nextCursor` of the previous page (opaque) */
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_LOG_CURSOR_LENGTH, pattern: '^[A-Za-z0-9_-]+$' })),
});
export type LogsQuery = Static<typeof LogsQuery>;

export const LogRecord = Type.Object({
  ts: IsoTime,
  /** the record's severity text, else the name of its level (`INFO` ...), '' when unspecified */
  severity: Type.String(),
  /** OTLP SeverityNumber, 0 when unspecified */
  severityNumber: Type.Integer(),
  body: Type.String(),
  serviceName: Type.String(),
  namespace: Type.String(),
  workload: Type.String(),
  podName: Type.String(),
  instanceId: Type.String(),
  /** 32 hex chars, absent when the record was written outside a trace */
  traceId: Type.Optional(Type.String()),
  /** 16 hex chars, absent when the record was written outside a span */
  spanId: Type.Optional(Type.String()),
  attributes: Type.Record(Type.String(), Type.String()),
});
export type LogRecord = Static<typeof LogRecord>;

export const LogsResponse = Type.Object({
  logs: Type.Array(LogRecord),
  /** pass as `cursor` for the next (older) page; null on the last page */
  nextCursor: Nullable(Type.String()),
});
export type LogsResponse = Static<typeof LogsResponse>;

export const TraceLogsParams = Type.Object({ traceId: HexTraceId });
export type TraceLogsParams = Static<typeof TraceLogsParams>;
