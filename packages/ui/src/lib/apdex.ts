import type { ApdexClass } from '../api/types.js';

/** Apdex score = (satisfied + tolerating / 2) / total; NaN without samples. */
export function apdexScore(satisfied: number, tolerating: number, frustrated: number): number {
  const total = satisfied + tolerating + frustrated;
  if (total <= 0) return Number.NaN;
  return (satisfied + tolerating / 2) / total;
}

/**
 * Class of a pod from its Apdex score, the colour of its tile: Satisfying (green) at 0.85 and
 * above ("good" or "excellent" on the Apdex scale), Tolerating (orange) from 0.5 ("fair"/"poor"),
 * Frustrating (red) below 0.5 ("unacceptable"). `idle` when there were no transactions.
 */
export const APDEX_SATISFYING_MIN = 0.85;
export const APDEX_TOLERATING_MIN = 0.5;

export function apdexClassOfScore(score: number): ApdexClass | 'idle' {
  if (!Number.isFinite(score)) return 'idle';
  if (score >= APDEX_SATISFYING_MIN) return 'satisfying';
  if (score >= APDEX_TOLERATING_MIN) return 'tolerating';
  return 'frustrating';
}

export function apdexClass(satisfied: number, tolerating: number, frustrated: number): ApdexClass | 'idle' {
  return apdexClassOfScore(apdexScore(satisfied, tolerating, frustrated));
}

/** Which Apdex zone one latency falls in against threshold T: <= T, <= 4T, above. */
export function apdexZone(latencyMs: number, thresholdMs: number): ApdexClass {
  if (latencyMs <= thresholdMs) return 'satisfying';
  if (latencyMs <= 4 * thresholdMs) return 'tolerating';
  return 'frustrating';
}

export const APDEX_LABEL: Record<ApdexClass | 'idle', string> = {
  satisfying: 'Satisfying',
  tolerating: 'Tolerating',
  frustrating: 'Frustrating',
  idle: 'Idle',
};
