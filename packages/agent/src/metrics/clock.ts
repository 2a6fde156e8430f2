/**
 * Time as the runtime metrics see it: the current time and timers that never keep the process
 * alive. The system clock in production; tests pass a manual one and move time themselves.
 */
export interface Clock {
  /** milliseconds on a monotonic scale */
  now(): number;
  /** runs `fn` once after `ms`; returns a function that cancels it */
  after(ms: number, fn: () => void): () => void;
  /** runs `fn` every `ms`; returns a function that cancels it */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};
