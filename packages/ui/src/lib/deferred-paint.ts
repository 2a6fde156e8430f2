/**
 * Paints that may wait for the next task: a live update's React commit stays one task, and each
 * canvas it changed is painted in a task of its own right after it. On a loaded machine one task
 * doing all of it (store, render, commit, every canvas) went over 100 ms; split, each stays short
 * and the browser can render or handle input in between.
 *
 * One job per owner (a newer one replaces the one still waiting); one job per task, in order.
 */
const jobs = new Map<object, () => void>();
let posted = false;

const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
if (channel) channel.port1.onmessage = runOne;

function post(): void {
  posted = true;
  if (channel) channel.port2.postMessage(null);
  else setTimeout(runOne, 0);
}

function runOne(): void {
  posted = false;
  const first = jobs.entries().next();
  if (first.done) return;
  const [owner, job] = first.value;
  jobs.delete(owner);
  if (jobs.size > 0) post();
  job();
}

/** Runs `job` in a task of its own soon, unless another job for `owner` replaces it first. */
export function deferPaint(owner: object, job: () => void): void {
  jobs.set(owner, job);
  if (!posted) post();
}

/** Forgets the job waiting for `owner` (it painted now, or it unmounts). */
export function cancelPaint(owner: object): void {
  jobs.delete(owner);
}

/** Jobs waiting (for tests). */
export function pendingPaints(): number {
  return jobs.size;
}
