/**
 * The one retry policy of the project: agent transport and producer, the collector's Kafka clients
 * and store writes, and the dashboard's reconnects all wait with it. Exponential from `baseMs`,
 * doubling per attempt, never above `capMs`, with "equal jitter": the part `jitter` of each delay is
 * random, so a fleet of agents or a wall of screens coming back after an outage does not arrive in
 * one burst. No Node or DOM API: the browser bundle and the agent import it alike.
 */
export interface BackoffPolicy {
  /** first delay, ms (default 500) */
  baseMs?: number;
  /** largest delay, ms (default 15000) */
  capMs?: number;
  /** 0..1: the part of each delay that is random (default 0.5; 0 = deterministic) */
  jitter?: number;
}

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = {}, random: () => number = Math.random): number {
  const base = policy.baseMs ?? 500;
  const cap = policy.capMs ?? 15_000;
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.5));
  const exp = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(exp * (1 - jitter) + exp * jitter * random());
}

/** A backoff with memory, for loops that reconnect: `next()` gives the next wait, `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly policy: BackoffPolicy = {},
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    return backoffDelay(this.attempt++, this.policy, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }

  /** retries since the last reset */
  get attempts(): number {
    return this.attempt;
  }
}

/** Waits `ms`; resolves early when `signal` aborts. The timer does not keep a process alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    (t as { unref?: () => void }).unref?.();
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface RetryOptions extends BackoffPolicy {
  /** attempts in all, the first included (default Infinity) */
  attempts?: number;
  /** false: throw this error now (default: retry every error) */
  shouldRetry?: (err: unknown, attempt: number) => boolean;
  /** called before each wait (may be async: it is awaited) */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  /** called after each wait, before the next attempt (e.g. a consumer heartbeat) */
  afterWait?: () => void | Promise<void>;
  /** stop waiting: the last error is thrown */
  signal?: AbortSignal;
  random?: () => number;
}

/**
 * Runs `fn` until it succeeds. An error that `shouldRetry` refuses, the last attempt's error, or
 * any error once `signal` aborted is thrown.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? Number.POSITIVE_INFINITY);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || opts.signal?.aborted || (opts.shouldRetry && !opts.shouldRetry(err, attempt)))
        throw err;
      const delay = backoffDelay(attempt - 1, opts, opts.random);
      await opts.onRetry?.(err, attempt, delay);
      await sleep(delay, opts.signal);
      if (opts.signal?.aborted) throw err;
      await opts.afterWait?.();
    }
  }
}
