import type { CompareWindow } from '../api/types.js';

/** B relative to A, phrased like the load-test table: `169%`, `2.58x faster`, `1.20x slower`. */
export function volumeRatio(a: number, b: number): string {
  if (!(a > 0) || !Number.isFinite(b)) return '–';
  return `${Math.round((b / a) * 100)}%`;
}

export function latencyRatio(a: number, b: number): string {
  if (!(a > 0) || !(b > 0)) return '–';
  if (Math.abs(a - b) / a < 0.005) return 'same';
  return b < a ? `${(a / b).toFixed(2)}x faster` : `${(b / a).toFixed(2)}x slower`;
}

export function errorRateDelta(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return '–';
  const pp = (b - a) * 100;
  if (Math.abs(pp) < 0.005) return 'same';
  return `${pp > 0 ? '+' : ''}${pp.toFixed(2)} pp`;
}

/**
 * Both windows' latency distributions on one x axis (bucket upper edges), as the share of each
 * window's transactions in percent, so windows of different volume compare.
 */
export function alignDistributions(a: CompareWindow, b: CompareWindow): { le: number[]; a: number[]; b: number[] } {
  const edges = [...new Set([...a.distribution, ...b.distribution].map((d) => d.leMs))]
    .filter((x) => Number.isFinite(x) && x > 0)
    .sort((x, y) => x - y);
  const share = (w: CompareWindow) => {
    const total = w.distribution.reduce((n, d) => n + d.count, 0);
    const m = new Map(w.distribution.map((d) => [d.leMs, d.count]));
    return edges.map((e) => (total > 0 ? ((m.get(e) ?? 0) / total) * 100 : 0));
  };
  return { le: edges, a: share(a), b: share(b) };
}
