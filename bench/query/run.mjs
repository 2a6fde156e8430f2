#!/usr/bin/env node
/**
 * Query latency benchmark (issue 5): >= 10M spans over 500 pods in embedded chDB, then the median
 * latency of the real route handlers (fastify inject, auth included) for the velocity board, a 1 h
 * and a 24 h heatmap, and a heatmap selection. Last line: one JSON object.
 *
 *   pnpm bench query                       # 10M spans, 500 pods, spread over the last 24 h
 *   BENCH_SPANS=2000000 pnpm bench query   # smaller run
 *
 * Env: BENCH_SPANS (10000000), BENCH_PODS (500), BENCH_HOURS (24), BENCH_RUNS (9),
 *      BENCH_DIR (a fresh temp dir; kept only when given), BENCH_KEEP=1 keeps the temp dir.
 *      With BENCH_DIR pointing at a data set this script generated before (bench-meta.json), the
 *      load is skipped and the queries run against the time window of that data set.
 *
 * Data: half the spans are transactions (SERVER entry spans), half child CLIENT spans; each pod
 * gets the same share; durations log-normal (median ~50 ms, long tail), 2% errors, 5 routes.
 * Spread uniformly over the window: the worst case for the per-second aggregates (few
 * transactions share a pod-second). Generated server-side with INSERT ... SELECT FROM numbers().
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const SPANS = Number(env.BENCH_SPANS ?? 10_000_000);
const PODS = Number(env.BENCH_PODS ?? 500);
const HOURS = Number(env.BENCH_HOURS ?? 24);
const RUNS = Number(env.BENCH_RUNS ?? 9);
const log = (...a) => console.error('[bench:query]', ...a);

// The query harness is a test helper: built by the collector's tsconfig.testing.json (which builds
// the collector itself first) into dist/testing/, never by the production build.
const harnessPath = join(root, 'packages/collector/dist/testing/query-harness.js');
try {
  execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/contracts', 'packages/collector/tsconfig.testing.json'], {
    cwd: root,
    stdio: 'ignore',
  });
} catch {
  if (!existsSync(harnessPath))
    throw new Error('packages/collector does not build; run pnpm exec tsc -b packages/collector/tsconfig.testing.json');
  log('tsc -b reported errors; using the existing dist/');
}
const { openChdb, buildQueryApp } = await import(pathToFileURL(harnessPath).href);
const { heatmap } = await import(pathToFileURL(join(root, 'packages/collector/dist/routes/heatmap.js')).href);

const dir = env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), 'podtrail-bench-query-'));
const ch = await openChdb(join(dir, 'chdb'), 'podtrail');
const db = '`podtrail`';

const metaFile = join(dir, 'bench-meta.json');
const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : null;
const reuse = meta !== null && meta.spans === SPANS && meta.pods === PODS && meta.hours === HOURS;
const now = reuse ? meta.now : Date.now();
const windowNs = BigInt(HOURS * 3_600_000) * 1_000_000n;
const startNs = BigInt(now) * 1_000_000n - windowNs;
const txTotal = Math.floor(SPANS / 2);

async function cmd(query, params = {}) {
  await ch.writer.command({ query, query_params: params, clickhouse_settings: { max_insert_threads: 2 } });
}
async function scalar(query) {
  const rs = await ch.reader.query({ query, format: 'JSONEachRow' });
  const rows = await rs.json();
  return rows[0];
}

// ---- data ------------------------------------------------------------------------------------
const t0 = Date.now();
const CHUNK = 1_000_000; // spans per INSERT
if (reuse) log(`reusing the data set in ${dir} (generated ${new Date(now).toISOString()})`);
for (let off = 0; !reuse && off < SPANS; off += CHUNK) {
  const n = Math.min(CHUNK, SPANS - off);
  // number -> t = transaction index (2 spans each), child = number % 2
  await cmd(
    `INSERT INTO ${db}.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, IsTransaction,
       ServiceName, ServiceVersion, Namespace, Workload, WorkloadKind, PodName, PodUid, InstanceId, NodeName,
       DurationNs, StatusCode, HttpMethod, HttpRoute, HttpStatusCode, SpanAttributes)
     SELECT
       fromUnixTimestamp64Nano(toInt64({startNs:Int64} + t * {stepNs:Int64} + child * 1000000)) AS Timestamp,
       toFixedString(unhex(concat(leftPad(hex(cityHash64(t, 1)), 16, '0'), leftPad(hex(cityHash64(t, 2)), 16, '0'))), 16),
       toFixedString(unhex(leftPad(hex(cityHash64(t, 3 + child)), 16, '0')), 8),
       if(child = 0, toFixedString(unhex('0000000000000000'), 8), toFixedString(unhex(leftPad(hex(cityHash64(t, 3)), 16, '0')), 8)),
       if(child = 0, concat('GET ', route), 'GET downstream'),
       if(child = 0, 'Server', 'Client'),
       child = 0,
       svc, '1.0.0', 'bench', svc, 'Deployment', pod, concat(pod, '-uid'), concat(pod, '-i1'), concat('node-', toString(p % 20)),
       if(child = 0, dur, intDiv(dur, 2)),
       if(err, 'Error', 'Unset'), 'GET', route, if(child = 0, if(err, 500, 200), 200),
       map('http.route', route, 'bench.t', toString(t))
     FROM (
       SELECT intDiv(number, 2) AS t, number % 2 AS child, t % {pods:UInt32} AS p,
              concat('svc-', toString(p % 10)) AS svc,
              concat('svc-', toString(p % 10), '-', substring(lower(hex(cityHash64(p))), 1, 5), '-', toString(p)) AS pod,
              arrayElement(['/api/a', '/api/b', '/api/c', '/api/d', '/api/e'], (t % 5) + 1) AS route,
              toUInt64(greatest(100000, least(60e9, exp(log(50e6) + 1.1 * sqrt(-2 * log(greatest(1e-12, (cityHash64(t, 7) % 1000000) / 1e6))) * cos(2 * pi() * (cityHash64(t, 8) % 1000000) / 1e6))))) AS dur,
              (cityHash64(t, 9) % 100) < 2 AS err
       FROM numbers({off:UInt64}, {n:UInt64})
     )`,
    { startNs: startNs.toString(), stepNs: (windowNs / BigInt(txTotal)).toString(), pods: PODS, off, n },
  );
  log(`inserted ${Math.min(off + n, SPANS).toLocaleString()} spans`);
}
// pods: every pod of the data set, 10% ended within the window
if (!reuse)
  await cmd(
    `INSERT INTO ${db}.pods
   SELECT 'bench', svc, 'Deployment', svc, pod, concat(pod, '-uid'), concat('node-', toString(p % 20)), '10.0.0.1',
          fromUnixTimestamp64Milli({fromMs:Int64}), if(ended, fromUnixTimestamp64Milli({endMs:Int64}), now64(3)),
          if(ended, fromUnixTimestamp64Milli({endMs:Int64}), NULL), if(ended, 'stopped', 'running'),
          if(ended, 'scale-in', ''), 1, 0, concat(pod, '-i1'), 1
   FROM (SELECT toUInt32(number) AS p, concat('svc-', toString(p % 10)) AS svc,
                concat('svc-', toString(p % 10), '-', substring(lower(hex(cityHash64(p))), 1, 5), '-', toString(p)) AS pod,
                p % 10 = 9 AS ended
         FROM numbers({pods:UInt32}))`,
    { fromMs: now - HOURS * 3_600_000, endMs: now - 3_600_000, pods: PODS },
  );
const loadS = reuse ? meta.load_s : (Date.now() - t0) / 1000;
if (!reuse) writeFileSync(metaFile, JSON.stringify({ now, spans: SPANS, pods: PODS, hours: HOURS, load_s: loadS }));
const counts = await scalar(
  `SELECT (SELECT count() FROM ${db}.spans) AS spans, (SELECT count() FROM ${db}.tx_1s) AS tx_rows,
          (SELECT count() FROM ${db}.tx_1m) AS tx_1m_rows,
          (SELECT uniqExact(PodName) FROM ${db}.spans) AS pods,
          (SELECT sum(Count) FROM ${db}.tx_1s) AS transactions`,
);
log(
  `loaded in ${loadS.toFixed(1)} s: ${Number(counts.spans).toLocaleString()} spans, ${Number(counts.transactions).toLocaleString()} transactions, ${counts.pods} pods, ${Number(counts.tx_rows).toLocaleString()} tx_1s rows, ${Number(counts.tx_1m_rows).toLocaleString()} tx_1m rows`,
);
// let background merges settle a little, as on a running collector
await new Promise((r) => setTimeout(r, 3000));
const parts = await scalar(
  `SELECT countIf(table = 'spans') AS spans, countIf(table = 'tx_1s') AS tx FROM system.parts WHERE database = 'podtrail' AND active`,
);
log(`active parts: spans ${parts.spans}, tx_1s ${parts.tx}`);

// ---- queries ---------------------------------------------------------------------------------
const TOKEN = 'bench-read-token-0123456789';
const app = await buildQueryApp({
  ch,
  config: { staticTokens: [{ role: 'read', token: TOKEN }], rateLimitPerMin: 0, bootstrapTokens: false },
  live: false,
});

/** CPU time of the whole process (chDB runs in-process, so its threads count too), per request. */
const cpu = {};
/**
 * Runs fn 2 times to warm up, then RUNS times; medians of wall time and of the process's CPU time
 * (ms), min/max wall time, and fn's last result.
 */
async function timeRuns(fn) {
  const times = [];
  const cpus = [];
  let last;
  for (let i = 0; i < RUNS + 2; i++) {
    const c0 = process.cpuUsage();
    const s = process.hrtime.bigint();
    last = await fn();
    const ms = Number(process.hrtime.bigint() - s) / 1e6;
    const c = process.cpuUsage(c0);
    if (i >= 2) {
      times.push(ms);
      cpus.push((c.user + c.system) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return { median: times[mid], cpuMedian: cpus[mid], min: times[0], max: times.at(-1), last };
}

async function measure(label, url, check) {
  const r = await timeRuns(async () => {
    const res = await app.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  });
  log(
    `${label}: median ${r.median.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}; cpu ${r.cpuMedian.toFixed(1)} ms) ${check(r.last)}`,
  );
  cpu[label] = Math.round(r.cpuMedian * 10) / 10;
  return Math.round(r.median * 10) / 10;
}

const loadavg = (await import('node:os')).loadavg()[0];
const H = 3_600_000;
const velocity_ms = await measure(
  'velocity board (500 pods, last 15 min)',
  `/api/v1/velocity?from=${now - 15 * 60_000}&to=${now}`,
  (r) => `rows=${r.rows.length} tx=${r.rows.reduce((s, x) => s + x.count, 0)}`,
);
const velocity_1h_ms = await measure(
  'velocity board (500 pods, last 1 h)',
  `/api/v1/velocity?from=${now - H}&to=${now}`,
  (r) => `rows=${r.rows.length} tx=${r.rows.reduce((s, x) => s + x.count, 0)}`,
);
const heatmap_1h_ms = await measure(
  'heatmap 1 h',
  `/api/v1/heatmap?from=${now - H}&to=${now}`,
  (r) => `cols=${r.columns} rows=${r.latencyBoundsMs.length - 1} cells=${r.cells.length} total=${r.total}`,
);
const heatmap_24h_ms = await measure(
  'heatmap 24 h',
  `/api/v1/heatmap?from=${now - 24 * H}&to=${now}`,
  (r) => `cols=${r.columns} rows=${r.latencyBoundsMs.length - 1} cells=${r.cells.length} total=${r.total}`,
);
const heatmap_7d_ms = await measure(
  'heatmap 7 d (the data set spans BENCH_HOURS)',
  `/api/v1/heatmap?from=${now - 7 * 24 * H}&to=${now}`,
  (r) => `cols=${r.columns} total=${r.total}`,
);

/**
 * The same heatmap query from the per-second table and from the per-minute rollup, in this run:
 * the handler function itself, so only the table differs. Same cells required.
 */
async function rollupRatio(label, fromMs) {
  const q = { from: String(fromMs), to: String(now) };
  const time = async (rollup) => {
    const r = await timeRuns(() => heatmap(ch, q, now, rollup));
    return { ms: Math.round(r.median * 10) / 10, last: r.last };
  };
  const perSecond = await time(false);
  const perMinute = await time(true);
  if (JSON.stringify(perSecond.last) !== JSON.stringify(perMinute.last))
    throw new Error(`${label}: the rollup's heatmap differs from the per-second one`);
  log(`${label}: tx_1s ${perSecond.ms} ms, tx_1m ${perMinute.ms} ms (same cells)`);
  return {
    tx_1s_ms: perSecond.ms,
    tx_1m_ms: perMinute.ms,
    speedup: Math.round((perSecond.ms / perMinute.ms) * 10) / 10,
  };
}
const rollup_24h = await rollupRatio('heatmap 24 h', now - 24 * H);
const rollup_7d = await rollupRatio('heatmap 7 d', now - 7 * 24 * H);

const selection_ms = await measure(
  'selection (1 h x >= 500 ms, errors first, sorted by duration, page of 100)',
  `/api/v1/transactions?from=${now - H}&to=${now}&minMs=500&errorsFirst=true&sort=duration&order=desc&limit=100`,
  (r) => `total=${r.total} rows=${r.rows.length}`,
);
const selection_24h_ms = await measure(
  'selection (10 min x 100..200 ms, 23 h ago)',
  `/api/v1/transactions?from=${now - 23 * H}&to=${now - 23 * H + 600_000}&minMs=100&maxMs=200&limit=100`,
  (r) => `total=${r.total} rows=${r.rows.length}`,
);

await app.close();
await ch.reader.close();
await ch.writer.close();
if (!env.BENCH_DIR && env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    spans: Number(counts.spans),
    transactions: Number(counts.transactions),
    pods: Number(counts.pods),
    hours: HOURS,
    tx_1s_rows: Number(counts.tx_rows),
    tx_1m_rows: Number(counts.tx_1m_rows),
    load_s: Math.round(loadS * 10) / 10,
    velocity_ms,
    velocity_1h_ms,
    heatmap_1h_ms,
    heatmap_24h_ms,
    heatmap_7d_ms,
    rollup_24h,
    rollup_7d,
    selection_ms,
    selection_24h_ms,
    cpu_ms: cpu,
    loadavg_1m: Math.round(loadavg * 100) / 100,
  }),
);
