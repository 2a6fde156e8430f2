/** Relative ranges (`15m`, `1h`, `7d`) and absolute ones (`from`/`to` epoch ms) from the URL. */

export const RANGE_PRESETS = ['5m', '15m', '1h', '6h', '24h', '7d'] as const;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `15m` -> 900000; null when not a duration. */
export function parseDuration(s: string | null | undefined): number | null {
  if (!s) return null;
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(s.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0));
}

export interface RangeSpec {
  /** relative duration such as `15m`, or null for an absolute range */
  rel: string | null;
  from: number;
  to: number;
}

/** The range in the URL: `range=1h`, or `from`/`to` (epoch ms or ISO), defaulting to `fallback`. */
export function rangeFromParams(p: URLSearchParams, now: number, fallback = '15m'): RangeSpec {
  const from = parseTime(p.get('from'));
  const to = parseTime(p.get('to'));
  if (from !== null && to !== null && to > from) return { rel: null, from, to };
  const rel = parseDuration(p.get('range')) !== null ? (p.get('range') as string) : fallback;
  const ms = parseDuration(rel) ?? 15 * 60_000;
  return { rel, from: now - ms, to: now };
}

export function parseTime(v: string | null | undefined): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** Step for a heatmap with about `cols` columns over a range, on a round value (1 s .. 1 day). */
export function niceStepMs(spanMs: number, cols: number): number {
  const steps = [
    1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
    7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  ];
  const raw = spanMs / Math.max(1, cols);
  return steps.find((s) => s >= raw) ?? 86_400_000;
}

/** Time axis ticks: a round interval giving at least `minPx` between labels. */
export function timeTicks(from: number, to: number, widthPx: number, minPx = 90): { ticks: number[]; stepMs: number } {
  const span = to - from;
  if (!(span > 0) || !(widthPx > 0)) return { ticks: [], stepMs: 0 };
  const stepMs = niceStepMs(span, Math.max(1, Math.floor(widthPx / minPx)));
  const tz = new Date(from).getTimezoneOffset() * 60_000;
  const first = Math.ceil((from - tz) / stepMs) * stepMs + tz;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += stepMs) ticks.push(t);
  return { ticks, stepMs };
}
