import type { LogRecord, SeverityLevel } from '@podtrail/contracts/api';
import { severityLevelOf } from '@podtrail/contracts/api';

/** What identifies a log line on screen: two lines with the same key are the same content. */
export function logLineKey(l: LogRecord): string {
  return `${l.ts}\u0000${l.instanceId}\u0000${l.severityNumber}\u0000${l.traceId ?? ''}\u0000${l.spanId ?? ''}\u0000${l.body}`;
}

/** React keys for a list of lines: the content key, numbered when the same content repeats. */
export function lineKeys(lines: readonly LogRecord[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const k = logLineKey(l);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n ? `${k}\u0000${n}` : k;
  });
}

/**
 * The lines of a tail answer (newest first) that are not on screen yet. A tail asks from the
 * newest shown timestamp on (inclusive, ms), so it repeats the lines of that millisecond: they are
 * matched as a multiset, so two identical lines written in the same millisecond stay two.
 */
export function newerLines(shown: readonly LogRecord[], tail: readonly LogRecord[]): LogRecord[] {
  const newestMs = shown.length ? Date.parse(shown[0]!.ts) : Number.NEGATIVE_INFINITY;
  const have = new Map<string, number>();
  for (const l of shown) {
    if (Date.parse(l.ts) < newestMs) break;
    const k = logLineKey(l);
    have.set(k, (have.get(k) ?? 0) + 1);
  }
  const out: LogRecord[] = [];
  for (const l of tail) {
    if (Date.parse(l.ts) < newestMs) continue;
    const k = logLineKey(l);
    const n = have.get(k) ?? 0;
    if (n > 0) have.set(k, n - 1);
    else out.push(l);
  }
  return out;
}

/** The `from` of the next tail request: the newest shown line's millisecond, else `fallbackMs`. */
export function tailFromMs(shown: readonly LogRecord[], fallbackMs: number): number {
  const ms = shown.length ? Date.parse(shown[0]!.ts) : Number.NaN;
  return Number.isFinite(ms) ? ms : fallbackMs;
}

/** The CSS class of a severity number (`sev-error` ...), `sev-none` when unspecified. */
export function severityClass(n: number): string {
  return `sev-${severityLevelOf(n) ?? 'none'}`;
}

/** The severity filter choices of the panel, '' = all. */
export const SEVERITY_CHOICES: readonly ('' | SeverityLevel)[] = ['', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * The log lines of a trace placed in its waterfall: under the span whose id they carry, in their
 * order; lines without a span id, or whose span is not in the trace, go at the end (`orphans`).
 */
export function logsBySpan(
  spanIds: Iterable<string>,
  logs: readonly LogRecord[],
): { bySpan: Map<string, LogRecord[]>; orphans: LogRecord[] } {
  const known = new Set(spanIds);
  const bySpan = new Map<string, LogRecord[]>();
  const orphans: LogRecord[] = [];
  for (const l of logs) {
    if (l.spanId && known.has(l.spanId)) {
      const list = bySpan.get(l.spanId) ?? [];
      list.push(l);
      bySpan.set(l.spanId, list);
    } else orphans.push(l);
  }
  return { bySpan, orphans };
}

/**
 * The window a pod's logs panel asks for: its lifetime with a minute before and, once ended, five
 * minutes after (late batches); at most 30 days back from its end (the API's longest window).
 */
export function podLogsWindow(
  firstSeenMs: number,
  endedMs: number | null,
  nowMs: number,
): { from: number; to: number | undefined } {
  const to = endedMs !== null && Number.isFinite(endedMs) ? endedMs + 5 * 60_000 : undefined;
  const end = to ?? nowMs;
  const from = Math.max(firstSeenMs - 60_000, end - 30 * 86_400_000);
  return { from: Math.min(from, end - 1), to };
}
