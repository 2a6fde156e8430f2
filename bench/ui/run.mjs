#!/usr/bin/env node
/**
 * `pnpm bench ui` (issue 14): the real dashboard in headless Chromium (Debian's chromium, driven by
 * playwright-core over CDP) at fleet size.
 *  - The collector runs in this process (embedded chDB in a temp dir) with the built UI.
 *  - A heatmap over 1 million transactions: inserted server-side into spans over the last 15 min
 *    (the dashboard's T-Map window), 500 pods.
 *  - 500 live pods updating every second: a load generator publishes their per-second aggregates to
 *    the live topic (what ingest publishes after each insert), 4 records a second.
 *  - An instrumented app (bench/agent/app.cjs with the podtrail agent, spans through Kafka) gets a
 *    marked request every 2 s for 50 s; the page watches that pod's count on the board, and
 *    live_latency_p95_ms is from each request's end to the moment the board counted it (the
 *    60 s window only grows during the probe, so the n-th request is counted when count >= n).
 *  - Over the probe: main-thread busy % (CDP Performance.getMetrics TaskDuration / wall time),
 *    long tasks (PerformanceObserver 'longtask': tasks >= 50 ms), frames per second
 *    (requestAnimationFrame), JS heap used.
 * Last line: one JSON object {pods, main_thread_busy_pct, longest_task_ms, fps, js_heap_mb,
 * live_latency_p95_ms, ...}. Screenshots of the dashboard and the wall screen in BENCH_SHOTS
 * (default a temp dir). BENCH_PROFILE=1 logs the page's top functions by self time over 10 s;
 * BENCH_TRACE=<file> writes a 10 s Chrome trace there and logs the main thread's time by event.
 * BENCH_TRACE_PROBE=1 (with BENCH_TRACE): the trace covers the probe itself instead, where the
 * long tasks are counted.
 *
 * Env: KAFKA_BROKERS, BENCH_PODS (500), BENCH_TX (1000000), BENCH_PROBES (25), BENCH_SHOTS,
 * BENCH_UI_DIR (another dashboard build, default packages/ui/dist); the live path's settings
 * PODTRAIL_LIVE_GRACE_MS (hub, 2000), PODTRAIL_LIVE_PARTIAL_MS (hub, 250; 0 = no partial ticks),
 * PODTRAIL_BATCH_MAX_MS (collector, 500),
 * PODTRAIL_BATCH_DELAY_MS (agent, 250): with the defaults a request waits up to 0.25 s in the agent,
 * 0.5 s for the collector's fetch and 0.25 s for the hub's next partial tick (2 s for the hub to
 * close its second without partial ticks).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAgent, startBenchApp } from '../support/bench-app.mjs';
import { kafkaBrokers } from '../support/kafka.mjs';
import { mainThreadSelfTimes } from './trace-summary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const log = (...a) => console.error('[bench ui]', ...a);
const PODS = Number(env.BENCH_PODS ?? 500);
const TX = Number(env.BENCH_TX ?? 1_000_000);
const PROBES = Number(env.BENCH_PROBES ?? 25);
const PROBE_EVERY_MS = 2000;
const CHROMIUM = '/usr/bin/chromium';
const shots = env.BENCH_SHOTS ?? mkdtempSync(join(tmpdir(), 'podtrail-bench-ui-shots-'));
mkdirSync(shots, { recursive: true });

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/collector'], { cwd: root, stdio: 'inherit' });
// BENCH_UI_DIR: another build of the dashboard (a before/after pair in the same period)
const uiDir = env.BENCH_UI_DIR ? resolve(env.BENCH_UI_DIR) : join(root, 'packages/ui/dist');
if (!env.BENCH_UI_DIR && !existsSync(join(uiDir, 'index.html')))
  execFileSync('pnpm', ['--filter', '@podtrail/ui', 'build'], { cwd: root, stdio: 'inherit' });
buildAgent();
// playwright-core is a dependency of the end-to-end tests (test/package.json)
const { chromium } = createRequire(join(root, 'test/package.json'))('playwright-core');
const { build, loadConfig } = await import('@podtrail/collector');
const { bucketOfNs } = await import('@podtrail/contracts/rules');
const { Kafka, logLevel, Partitioners } = await import('kafkajs');

const brokers = kafkaBrokers();
const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topics = {
  spans: `bench-ui-${run}.spans`,
  metrics: `bench-ui-${run}.metrics`,
  lifecycle: `bench-ui-${run}.lifecycle`,
  deadLetter: `bench-ui-${run}.deadletter`,
};
const liveTopic = `bench-ui-${run}.live`;
const readToken = `read-${run}-0123456789abcdef`;
const kafka = new Kafka({ clientId: 'bench-ui', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({
  topics: [...Object.values(topics), liveTopic].map((topic) => ({ topic, numPartitions: 2 })),
  waitForLeaders: true,
});

// ---- collector --------------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'podtrail-bench-ui-'));
const config = loadConfig(
  {
    brokers: brokers.split(','),
    topics,
    liveTopic,
    consumerGroup: `bench-ui-${run}`,
    dataDir,
    host: '127.0.0.1',
    port: 0,
    uiDir,
    logLevel: 'warn',
    api: { staticTokens: [{ role: 'read', token: readToken }], bootstrapTokens: false, rateLimitPerMin: 0 },
  },
  // the live path's latency settings, to try others (defaults: grace 2000 ms, partial ticks every
  // 250 ms, 0 = only at close as before them; batch wait 500 ms)
  Object.fromEntries(
    ['PODTRAIL_LIVE_GRACE_MS', 'PODTRAIL_LIVE_PARTIAL_MS', 'PODTRAIL_BATCH_MAX_MS']
      .filter((k) => env[k])
      .map((k) => [k, env[k]]),
  ),
);
const app = await build(config, { liveStartWaitMs: 120_000 });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${app.server.address().port}`;
await app.kafkaIngest?.joined;
log(`collector at ${base}`);

// ---- the fleet: 500 pods in 10 workloads, known to /pods ---------------------------------------
const now = Date.now();
const db = `\`${config.database}\``;
const podName = (p) => `svc-${p % 10}-7d4b9c8f5-${String(p).padStart(5, '0')}`;
const t0 = Date.now();
await app.ch.writer.command({
  query: `INSERT INTO ${db}.pods
    SELECT 'bench', concat('svc-', toString(p % 10)), 'Deployment', concat('svc-', toString(p % 10)), pod,
           concat(pod, '-uid'), concat('node-', toString(p % 20)), '10.0.0.1',
           fromUnixTimestamp64Milli({fromMs:Int64}), now64(3), NULL, 'running', '', 1, 0, concat(pod, '-i1'), 1
    FROM (SELECT toUInt32(number) AS p, concat('svc-', toString(p % 10), '-7d4b9c8f5-', leftPad(toString(p), 5, '0')) AS pod
          FROM numbers({pods:UInt32}))`,
  query_params: { fromMs: now - 3_600_000, pods: PODS },
});
// 1M transactions over the last 15 min (the T-Map window), log-normal durations, 2 % errors
const windowNs = 15n * 60_000n * 1_000_000n;
await app.ch.writer.command({
  query: `INSERT INTO ${db}.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, IsTransaction,
       ServiceName, ServiceVersion, Namespace, Workload, WorkloadKind, PodName, PodUid, InstanceId, NodeName,
       DurationNs, StatusCode, HttpMethod, HttpRoute, HttpStatusCode, SpanAttributes)
     SELECT fromUnixTimestamp64Nano(toInt64({startNs:Int64} + t * {stepNs:Int64})),
       toFixedString(unhex(concat(leftPad(hex(cityHash64(t, 1)), 16, '0'), leftPad(hex(cityHash64(t, 2)), 16, '0'))), 16),
       toFixedString(unhex(leftPad(hex(cityHash64(t, 3)), 16, '0')), 8), toFixedString(unhex('0000000000000000'), 8),
       concat('GET ', route), 'Server', true, svc, '1.0.0', 'bench', svc, 'Deployment', pod, concat(pod, '-uid'),
       concat(pod, '-i1'), concat('node-', toString(p % 20)), dur, if(err, 'Error', 'Unset'), 'GET', route,
       if(err, 500, 200), map('http.route', route)
     FROM (SELECT number AS t, t % {pods:UInt32} AS p, concat('svc-', toString(p % 10)) AS svc,
                  concat(svc, '-7d4b9c8f5-', leftPad(toString(p), 5, '0')) AS pod,
                  arrayElement(['/api/a', '/api/b', '/api/c', '/api/d', '/api/e'], (t % 5) + 1) AS route,
                  toUInt64(greatest(100000, least(60e9, exp(log(50e6) + 1.1 * sqrt(-2 * log(greatest(1e-12, (cityHash64(t, 7) % 1000000) / 1e6))) * cos(2 * pi() * (cityHash64(t, 8) % 1000000) / 1e6))))) AS dur,
                  (cityHash64(t, 9) % 100) < 2 AS err
           FROM numbers({n:UInt64}))`,
  query_params: {
    startNs: (BigInt(now) * 1_000_000n - windowNs).toString(),
    stepNs: (windowNs / BigInt(TX)).toString(),
    pods: PODS,
    n: TX,
  },
  clickhouse_settings: { max_insert_threads: 2 },
});
log(`seeded ${PODS} pods and ${TX.toLocaleString()} transactions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// ---- live load: every pod, every second, through the live topic -------------------------------
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
let tick = 0;
async function publishSecond() {
  const ts = Math.floor(Date.now() / 1000) - 1;
  const rows = [];
  for (let p = 0; p < PODS; p++) {
    const count = 1 + ((p * 7 + tick) % 12);
    const errors = (p + tick) % 40 === 0 ? 1 : 0;
    const ms = 20 + ((p * 13 + tick * 3) % 400) * (p % 50 === 0 ? 8 : 1);
    const b = bucketOfNs(ms * 1e6);
    rows.push({
      ts,
      serviceName: `svc-${p % 10}`,
      namespace: 'bench',
      workload: `svc-${p % 10}`,
      podName: podName(p),
      instanceId: `${podName(p)}-i1`,
      count,
      errors,
      durationSumMs: ms * count,
      durationMaxMs: ms * 1.5,
      latency: [[b, count, errors]],
    });
  }
  tick++;
  const per = Math.ceil(rows.length / 4);
  const messages = [];
  for (let i = 0; i < rows.length; i += per)
    messages.push({ key: null, value: JSON.stringify({ kind: 'pod-seconds', rows: rows.slice(i, i + per) }) });
  await producer.send({ topic: liveTopic, messages, acks: 1 });
}
const liveTimer = setInterval(() => void publishSecond().catch((e) => log('live publish failed', e.message)), 1000);

// ---- the instrumented app --------------------------------------------------------------------
const probePod = `latency-probe-5f6d7c8b9-${run.slice(-5)}`;
const probeApp = await startBenchApp('probe app', ['--import', '@podtrail/agent/register'], {
  PATH: env.PATH,
  HOME: env.HOME,
  NODE_ENV: 'production',
  KAFKA_BROKERS: brokers,
  PODTRAIL_SERVICE_NAME: 'latency-probe',
  POD_NAME: probePod,
  POD_NAMESPACE: 'bench',
  POD_UID: `probe-${run}`,
  PODTRAIL_TOPIC_SPANS: topics.spans,
  PODTRAIL_TOPIC_METRICS: topics.metrics,
  PODTRAIL_TOPIC_LIFECYCLE: topics.lifecycle,
  // the agent's span batch delay (default 250 ms)
  ...(env.PODTRAIL_BATCH_DELAY_MS ? { PODTRAIL_BATCH_DELAY_MS: env.PODTRAIL_BATCH_DELAY_MS } : {}),
});
log(`probe app (pod ${probePod}) on port ${probeApp.port}`);

// ---- the browser ------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
await page.addInitScript((probe) => {
  const w = window;
  w.__bench = { longTasks: [], frames: 0, counts: [] };
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) w.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const frame = () => {
    w.__bench.frames++;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  let last = -1;
  setInterval(() => {
    const el = document.querySelector(`[data-testid=velocity-pod][data-pod="${probe}"]`);
    const c = el ? Number(el.getAttribute('data-count')) : -1;
    if (c !== last) {
      last = c;
      w.__bench.counts.push([Date.now(), c]);
    }
  }, 25);
}, probePod);
await page.goto(`${base}/?token=${readToken}#/`);
await page.waitForSelector('[data-testid=velocity-pod]', { timeout: 120_000 });
// every live pod on the board (a workload shows its top 20 and "and N more")
await page.waitForFunction(
  (n) =>
    [...document.querySelectorAll('[data-testid=velocity-group]')].reduce(
      (s, g) => s + Number(g.getAttribute('data-pods')),
      0,
    ) >= n,
  PODS,
  { timeout: 120_000 },
);
await page.waitForSelector(`[data-testid=velocity-pod][data-pod="${probePod}"]`, { timeout: 120_000 });
log('board shows every pod; measuring');

// ---- measure ----------------------------------------------------------------------------------
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
const metrics = async () =>
  Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
await page.evaluate(() => {
  window.__bench.longTasks = [];
  window.__bench.frames = 0;
});
// BENCH_TRACE_PROBE=1: the trace covers the probe itself (where the long tasks are counted)
const traceProbe = !!env.BENCH_TRACE && env.BENCH_TRACE_PROBE === '1';
if (traceProbe)
  await browser.startTracing(page, {
    path: env.BENCH_TRACE,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8.execute'],
  });
const m0 = await metrics();
const w0 = performance.now();
const baseCount = await page.evaluate(() => window.__bench.counts.at(-1)?.[1] ?? 0);
const ends = [];
for (let i = 0; i < PROBES; i++) {
  const t = Date.now();
  const res = await fetch(`http://127.0.0.1:${probeApp.port}/probe/${i}`);
  await res.arrayBuffer();
  ends.push(Date.now());
  await new Promise((r) => setTimeout(r, Math.max(0, PROBE_EVERY_MS - (Date.now() - t))));
}
// the last request's count: give it up to 20 s
await page
  .waitForFunction((n) => (window.__bench.counts.at(-1)?.[1] ?? 0) >= n, baseCount + PROBES, { timeout: 20_000 })
  .catch(() => log('the board did not count every probe request within 20 s'));
const m1 = await metrics();
// busy % over the probe only (the profile and trace below come after it)
const wallS = (performance.now() - w0) / 1000;
const seen = await page.evaluate(() => window.__bench);
if (env.BENCH_PROFILE === '1') {
  // 10 s of the page's CPU profile: self time per function (bundle positions: build the UI with
  // sourcemaps to map them back)
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await new Promise((r) => setTimeout(r, 10_000));
  const { profile } = await cdp.send('Profiler.stop');
  if (env.BENCH_PROFILE_OUT) writeFileSync(env.BENCH_PROFILE_OUT, JSON.stringify(profile));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').at(-1)}:${f.lineNumber}:${f.columnNumber}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    log(`  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}
if (traceProbe) {
  const buf = await browser.stopTracing();
  for (const [k, ms] of mainThreadSelfTimes(JSON.parse(buf.toString()), 25))
    log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
} else if (env.BENCH_TRACE) {
  // 10 s of a Chrome trace: the renderer main thread's self time by event name (style, layout,
  // paint, script...), to see where the time goes beyond script
  await browser.startTracing(page, {
    path: env.BENCH_TRACE,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8.execute'],
  });
  await new Promise((r) => setTimeout(r, 10_000));
  const buf = await browser.stopTracing();
  for (const [k, ms] of mainThreadSelfTimes(JSON.parse(buf.toString()), 25))
    log(`  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
}
await page.screenshot({ path: join(shots, 'dashboard-500-pods.png') });

const latencies = ends.map((end, i) => {
  const hit = seen.counts.find(([t, c]) => t >= end - 5 && c >= baseCount + i + 1);
  return hit ? hit[0] - end : null;
});
const measured = latencies.filter((x) => x !== null).sort((a, b) => a - b);
const p95 = measured.length ? measured[Math.min(measured.length - 1, Math.ceil(0.95 * measured.length) - 1)] : null;
const busy = ((m1.TaskDuration - m0.TaskDuration) / wallS) * 100;
const longest = seen.longTasks.length ? Math.max(...seen.longTasks) : 0;
log(
  `over ${wallS.toFixed(1)} s: main thread ${busy.toFixed(1)} % busy (script ${(((m1.ScriptDuration - m0.ScriptDuration) / wallS) * 100).toFixed(1)} %, layout ${(((m1.LayoutDuration - m0.LayoutDuration) / wallS) * 100).toFixed(1)} %), ${seen.longTasks.length} long tasks, ${(seen.frames / wallS).toFixed(1)} fps`,
);
log(`live latency per probe (ms): ${latencies.map((x) => (x === null ? '-' : x)).join(' ')}`);

// the wall screen at 1080p: which density it chose for 500 pods
const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await wall.goto(`${base}/?wall=1&token=${readToken}`);
await wall.waitForSelector('[data-testid=velocity-pod]', { timeout: 60_000 });
await new Promise((r) => setTimeout(r, 3000));
const wallDensity = await wall.getAttribute('.wall-board', 'data-density');
const wallOverflow = await wall.$eval('.wall-board', (e) => e.scrollHeight - e.clientHeight);
await wall.screenshot({ path: join(shots, 'wall-500-pods-1080p.png') });
log(`wall at 1080p: density ${wallDensity}, board overflow ${wallOverflow} px; screenshots in ${shots}`);

clearInterval(liveTimer);
await browser.close();
await probeApp.stop();
await producer.disconnect();
await app.close();
rmSync(dataDir, { recursive: true, force: true });
await admin.deleteTopics({ topics: [...Object.values(topics), liveTopic] }).catch(() => {});
await admin.disconnect();
if (pageErrors.length) log('page errors:', pageErrors.slice(0, 5));

console.log(
  JSON.stringify({
    bench: 'ui',
    pods: PODS,
    transactions: TX,
    seconds: Math.round(wallS * 10) / 10,
    main_thread_busy_pct: Math.round(busy * 10) / 10,
    longest_task_ms: Math.round(longest),
    long_tasks: seen.longTasks.length,
    fps: Math.round((seen.frames / wallS) * 10) / 10,
    js_heap_mb: Math.round((m1.JSHeapUsedSize / 1048576) * 10) / 10,
    live_latency_p50_ms: measured.length ? measured[Math.floor(measured.length / 2)] : null,
    live_latency_p95_ms: p95,
    live_probes_counted: measured.length,
    live_probes: PROBES,
    live_grace_ms: config.api.liveGraceMs,
    live_partial_ms: config.api.livePartialMs,
    ui_dir: env.BENCH_UI_DIR ? uiDir : undefined,
    collector_batch_max_ms: config.batchMaxMs,
    agent_batch_delay_ms: Number(env.PODTRAIL_BATCH_DELAY_MS ?? 250),
    wall_density_1080p: wallDensity,
    wall_overflow_px: wallOverflow,
    page_errors: pageErrors.length,
    loadavg_1m: Math.round(loadavg()[0] * 100) / 100,
  }),
);
process.exit(0);
