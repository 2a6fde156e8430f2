/** Formatting helpers: short, fixed-width friendly values for a dense board. */

/**
 * Short pod label as the reference board shows it: `groupware-demo-10-4hjzk` -> `gro..4hjzk`.
 * Keeps the first three characters and the last dash-separated segment (the random pod suffix,
 * at most `suffixMax` characters). Names short enough to read are kept whole.
 */
export function shortPodLabel(podName: string, opts: { keepUpTo?: number; prefix?: number; suffixMax?: number } = {}) {
  const keepUpTo = opts.keepUpTo ?? 12;
  const prefix = opts.prefix ?? 3;
  const suffixMax = opts.suffixMax ?? 5;
  if (podName.length <= keepUpTo) return podName;
  const parts = podName.split('-');
  let suffix = parts.length > 1 ? (parts[parts.length - 1] ?? '') : '';
  // a StatefulSet ordinal alone says little: keep the segment before it (`gro..db-0`)
  if (suffix.length > 0 && suffix.length <= 2 && parts.length > 2) suffix = `${parts[parts.length - 2]}-${suffix}`;
  if (suffix === '' || suffix.length > suffixMax) suffix = podName.slice(-suffixMax);
  const head = podName.slice(0, prefix);
  if (head.length + 2 + suffix.length >= podName.length) return podName;
  return `${head}..${suffix}`;
}

/** Milliseconds as the board shows them: `850ms`, `1.07s`, `12.4s`, `3.2m`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 0) return '–';
  if (ms === 0) return '0ms';
  if (ms < 1) return `${ms < 0.01 ? '<0.01' : ms.toFixed(2)}ms`;
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${(ms / 60_000).toFixed(1)}m`;
}

/** Transactions per second: `9.0tps`, `155tps`, `0.02tps`. */
export function formatTps(tps: number | null | undefined, unit = 'tps'): string {
  if (tps === null || tps === undefined || !Number.isFinite(tps)) return '–';
  if (tps === 0) return `0${unit}`;
  if (tps < 0.1) return `${tps.toFixed(2)}${unit}`;
  if (tps < 100) return `${tps.toFixed(1)}${unit}`;
  return `${Math.round(tps)}${unit}`;
}

/** Counts with thousands separators under 100k, then `123k`, `1.2M`. */
/** toLocaleString('en-US') sets up a formatter per call: the board formats ~1,000 numbers a second */
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const r = Math.round(n);
  if (Math.abs(r) < 100_000) return COUNT_FORMAT.format(r);
  if (Math.abs(r) < 10_000_000) return `${Math.round(r / 1000)}k`;
  return `${(r / 1_000_000).toFixed(1)}M`;
}

/** A panel's title over a page of the busiest rows: says so when the API has more than it sent. */
export function busiestOfTitle(title: string, page: { rows: readonly unknown[]; total: number } | null | undefined) {
  if (!page || page.total <= page.rows.length) return title;
  return `${title}: the busiest ${formatCount(page.rows.length)} of ${formatCount(page.total)}`;
}

export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(digits)}%`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time `HH:MM:SS`. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local `YYYY-MM-DD HH:MM:SS`, or only the time when it is today. */
export function formatDateTime(ms: number, opts: { millis?: boolean; alwaysDate?: boolean } = {}): string {
  if (!Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  const now = new Date();
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  const time = `${formatClock(ms)}${opts.millis ? `.${pad(d.getMilliseconds(), 3)}` : ''}`;
  if (sameDay && !opts.alwaysDate) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** A duration in words for lifetimes and ages: `45s`, `12m`, `2h 46m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? ` ${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? ` ${m % 60}m` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}d${h % 24 ? ` ${h % 24}h` : ''}`;
}

/** `2m ago`, `just now` */
export function formatAgo(ms: number, now = Date.now()): string {
  const diff = now - ms;
  if (!Number.isFinite(diff)) return '–';
  if (diff < 5000) return 'just now';
  return `${formatDuration(diff)} ago`;
}

/** Ratio B/A for the comparison table: `169%`, `2.58x`. */
export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return '–';
  return `${r.toFixed(2)}x`;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

/** A metric value with its OTel unit. */
export function formatMetric(value: number, unit: string): string {
  if (unit === 'By' || unit === 'bytes') return formatBytes(value);
  if (unit === 'ms') return formatMs(value);
  if (unit === 's') return formatMs(value * 1000);
  if (unit.startsWith('{')) return Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
  if (unit === '1' || unit === '') return Number.isInteger(value) ? formatCount(value) : value.toFixed(3);
  return `${Number.isInteger(value) ? formatCount(value) : value.toFixed(2)} ${unit}`;
}

export function shortId(id: string, n = 8): string {
  return id.length > n ? id.slice(0, n) : id;
}
