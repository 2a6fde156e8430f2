/**
 * Self time per event name on the renderer's main thread of a Chrome trace (complete `X` events
 * and `B`/`E` pairs): what the page's main thread spent its time on, script and rendering alike.
 * @param {{ traceEvents: Array<Record<string, any>> } | Array<Record<string, any>>} trace
 * @param {number} top
 * @returns {Array<[string, number]>} [event name, ms] by time, largest first
 */
export function mainThreadSelfTimes(trace, top = 25) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  /** per thread: spans [start, end, name] */
  const spans = new Map();
  const open = new Map();
  for (const e of events) {
    const t = `${e.pid}:${e.tid}`;
    if (!main.has(t)) continue;
    if (!spans.has(t)) spans.set(t, []);
    if (e.ph === 'X' && e.dur !== undefined) spans.get(t).push([e.ts, e.ts + e.dur, e.name]);
    else if (e.ph === 'B') {
      if (!open.has(t)) open.set(t, []);
      open.get(t).push(e);
    } else if (e.ph === 'E') {
      const b = open.get(t)?.pop();
      if (b) spans.get(t).push([b.ts, e.ts, b.name]);
    }
  }
  const self = new Map();
  for (const list of spans.values()) {
    list.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    // a stack walk: each span's self time is its length minus its children's
    const stack = [];
    const close = (until) => {
      while (stack.length && stack.at(-1).end <= until) {
        const s = stack.pop();
        self.set(s.name, (self.get(s.name) ?? 0) + (s.end - s.start - s.child));
      }
    };
    for (const [start, end, name] of list) {
      close(start);
      const parent = stack.at(-1);
      const e = Math.min(end, parent ? parent.end : end);
      if (parent) parent.child += e - start;
      stack.push({ start, end: e, name, child: 0 });
    }
    close(Number.POSITIVE_INFINITY);
  }
  return [...self]
    .map(([k, us]) => [k, us / 1000])
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
}
