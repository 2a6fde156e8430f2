import type { SpanRow } from '../api/types.js';
import { toMs } from '../api/types.js';

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
  const byStart = (a: SpanRow, b: SpanRow) => toMs(a.startTime) - toMs(b.startTime);
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const s of spans) {
    const st = toMs(s.startTime);
    startMs = Math.min(startMs, st);
    endMs = Math.max(endMs, st + s.durationMs);
  }
  if (!Number.isFinite(startMs)) startMs = endMs = 0;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: SpanRow, depth: number) => {
    if (seen.has(s.spanId)) return;
    seen.add(s.spanId);
    const st = toMs(s.startTime);
    rows.push({ span: s, depth, startMs: st, offsetMs: st - startMs });
    for (const c of (children.get(s.spanId) ?? []).sort(byStart)) visit(c, depth + 1);
  };
  for (const r of roots.sort(byStart)) visit(r, 0);
  const services = [...new Set(rows.map((r) => r.span.serviceName))];
  return { rows, startMs, durationMs: Math.max(0, endMs - startMs), services };
}
