import type { SpanRow } from '../api/types.js';
import { spanStartMs } from './trace-tree.js';

/** Where a transaction's time goes: database calls, outbound HTTP, other outbound calls, its own code. */
export type TimeKind = 'db' | 'http' | 'other' | 'own';
export const TIME_KINDS: readonly TimeKind[] = ['db', 'http', 'other', 'own'];
export const TIME_KIND_LABEL: Record<TimeKind, string> = {
  db: 'database',
  http: 'http out',
  other: 'other calls',
  own: 'own code',
};

export interface TimeBreakdown {
  totalMs: number;
  /** exclusive ms per kind; they add up to totalMs */
  ms: Record<TimeKind, number>;
}

type Attrs = SpanRow['attributes'];
const attr = (a: Attrs | undefined, k: string): unknown => (a as Record<string, unknown> | undefined)?.[k];
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The SQL (or other database query text) of a database client span: stable key first, then the old one. */
export function dbStatement(span: Pick<SpanRow, 'attributes'>): string | undefined {
  const v = attr(span.attributes, 'db.query.text') ?? attr(span.attributes, 'db.statement');
  return present(v) ? String(v) : undefined;
}

const isDb = (s: SpanRow) =>
  present(attr(s.attributes, 'db.system.name')) || present(attr(s.attributes, 'db.system')) || !!dbStatement(s);
const isHttp = (s: SpanRow) =>
  ['http.request.method', 'http.method', 'url.full', 'http.url'].some((k) => present(attr(s.attributes, k)));
const kindIs = (s: SpanRow, k: string) => s.kind.toLowerCase() === k.toLowerCase();

/** The kind of time a span below a transaction stands for; undefined for the transaction's own code. */
export function spanTimeKind(s: SpanRow): Exclude<TimeKind, 'own'> | undefined {
  if (isDb(s)) return 'db';
  if (kindIs(s, 'Client') || kindIs(s, 'Producer')) return isHttp(s) ? 'http' : 'other';
  return undefined;
}

const PRECEDENCE: readonly Exclude<TimeKind, 'own'>[] = ['db', 'http', 'other'];

/**
 * Exclusive time per kind within one transaction span. Each instant of the transaction counts once,
 * for one kind: database if a database call of this transaction is in flight, else http out if an
 * outbound HTTP call is, else other calls, else own code. So parallel queries are not counted twice
 * and the kinds add up to the transaction's duration. Calls are the transaction's descendants up to
 * (not into) other transactions (a downstream service's server span is inside our http out call);
 * their intervals are clipped to the transaction.
 */
export function transactionBreakdown(spans: readonly SpanRow[], transactionSpanId: string): TimeBreakdown {
  const ms: Record<TimeKind, number> = { db: 0, http: 0, other: 0, own: 0 };
  const tx = spans.find((s) => s.spanId === transactionSpanId);
  if (!tx) return { totalMs: 0, ms };
  const txStart = spanStartMs(tx);
  const txEnd = txStart + Math.max(0, tx.durationMs);
  const children = new Map<string, SpanRow[]>();
  for (const s of spans) {
    const list = children.get(s.parentSpanId);
    if (list) list.push(s);
    else children.set(s.parentSpanId, [s]);
  }

  const events: { t: number; kind: Exclude<TimeKind, 'own'>; delta: 1 | -1 }[] = [];
  const seen = new Set<string>([tx.spanId]);
  const stack = [...(children.get(tx.spanId) ?? [])];
  while (stack.length > 0) {
    const s = stack.pop() as SpanRow;
    if (seen.has(s.spanId)) continue;
    seen.add(s.spanId);
    if (kindIs(s, 'Server') || kindIs(s, 'Consumer')) continue;
    const kind = spanTimeKind(s);
    if (!kind) {
      stack.push(...(children.get(s.spanId) ?? []));
      continue;
    }
    const start = Math.max(txStart, spanStartMs(s));
    const end = Math.min(txEnd, spanStartMs(s) + Math.max(0, s.durationMs));
    if (end <= start) continue;
    events.push({ t: start, kind, delta: 1 }, { t: end, kind, delta: -1 });
  }
  events.sort((a, b) => a.t - b.t);

  const active: Record<Exclude<TimeKind, 'own'>, number> = { db: 0, http: 0, other: 0 };
  let at = txStart;
  const credit = (until: number) => {
    if (until <= at) return;
    const kind: TimeKind = PRECEDENCE.find((k) => active[k] > 0) ?? 'own';
    ms[kind] += until - at;
    at = until;
  };
  for (const e of events) {
    credit(e.t);
    active[e.kind] += e.delta;
  }
  credit(txEnd);
  return { totalMs: txEnd - txStart, ms };
}
