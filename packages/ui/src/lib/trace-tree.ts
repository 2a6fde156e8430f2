import type { SpanRow } from '../api/types.js';
import { timeMs } from '../api/types.js';

export interface WaterfallRow {
  span: SpanRow;
  depth: number;
  startMs: number;
  /** offset from the trace start, ms */
  offsetMs: number;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  startMs: number;
  durationMs: number;
  services: string[];
}

/** Start of a span in epoch ms with sub-ms precision (from `startTimeUnixNano` when present). */
export function spanStartMs(s: Pick<SpanRow, 'startTime' | 'startTimeUnixNano'>): number {
  const ns = s.startTimeUnixNano;
  if (ns && /^\d{7,}$/.test(ns)) return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
  return timeMs(s.startTime);
}

/**
 * Spans in waterfall order: each span followed by its children (by start time), depth-first.
 * Spans whose parent is missing (not sampled, still in flight) become roots.
 */
export function layoutTrace(spans: readonly SpanRow[]): WaterfallLayout {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, SpanRow[]>();
  const roots: SpanRow[] = [];
  const isRootId = (p: string) => !p || /^0+$/.test(p) || !ids.has(p);
  for (const s of spans) {
    if (isRootId(s.parentSpanId)) roots.push(s);
    else {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    }
  }
  const byStart = (a: SpanRow, b: SpanRow) => spanStartMs(a) - spanStartMs(b);
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const s of spans) {
    const st = spanStartMs(s);
    startMs = Math.min(startMs, st);
    endMs = Math.max(endMs, st + s.durationMs);
  }
  if (!Number.isFinite(startMs)) startMs = endMs = 0;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: SpanRow, depth: number) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    const st = spanStartMs(s);
    rows.push({ span: s, depth, startMs: st, offsetMs: st - startMs });
    for (const c of (children.get(s.spanId) ?? []).sort(byStart)) visit(c, depth + 1);
  };
  for (const r of roots.sort(byStart)) visit(r, 0);
  const services = [...new Set(rows.map((r) => r.span.serviceName))];
  return { rows, startMs, durationMs: Math.max(0, endMs - startMs), services };
}
