/**
 * Exponential backoff with a cap and "equal jitter": attempt 0 waits about `baseMs`, each next
 * attempt doubles, never above `capMs`. Half the delay is fixed and half random, so a wall of screens
 * reconnecting after a collector restart does not arrive in one burst.
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** 0..1: part of the delay that is random */
  jitter?: number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = opts.baseMs ?? 500;
  const cap = opts.capMs ?? 15_000;
  const jitter = Math.min(1, Math.max(0, opts.jitter ?? 0.5));
  const exp = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(exp * (1 - jitter) + exp * jitter * random());
}
