/** A server span still running: what the crash and stop events report as in flight. */
export interface InFlightTransaction {
  traceId: string;
  spanId: string;
  method: string | undefined;
  route: string | undefined;
  url: string | undefined;
  startedAtMs: number;
}

/** Transactions in flight: how many ran longer than a threshold, and the oldest of them. */
export interface InFlightSnapshot {
  total: number;
  oldest: InFlightTransaction[];
}

/**
 * The items started at or before `cutoffMs`: their count and the `max` oldest, oldest first.
 * Only the qualifying items are sorted (usually few: most transactions end within the threshold).
 */
export function oldestStartedBefore<T>(
  items: Iterable<T | undefined>,
  startMs: (item: T) => number,
  cutoffMs: number,
  max: number,
): { total: number; oldest: T[] } {
  const old: T[] = [];
  for (const item of items) if (item !== undefined && startMs(item) <= cutoffMs) old.push(item);
  old.sort((a, b) => startMs(a) - startMs(b));
  return { total: old.length, oldest: old.slice(0, Math.max(0, max)) };
}
