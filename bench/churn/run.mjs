#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
/**
 * `pnpm bench churn` (issue 14): a fleet where pods come and go all day. 20,000 pods over a
 * simulated 24 h reach a collector process (the compiled dist/server.js, its own embedded chDB):
 *  - agent pods: lifecycle events (started, then stopped for all but the last few, which heartbeat)
 *    and their spans, as OTLP protobuf records through the real broker;
 *  - span-only pods (any OpenTelemetry SDK, no podtrail agent): spans over OTLP/HTTP, nothing else.
 * Then it waits until /api/v1/pods over the 24 h knows every pod (or stops growing) and the engine
 * runs no merge (a day's parts written in minutes; at most 2 min), and times the
 * API calls an SRE makes, each BENCH_RUNS times after 1 warm-up: pods list and search over 24 h,
 * velocity by workload over 24 h and by pod over 1 h and 24 h (the default page of 500, the top 100,
 * and, not one call, every pod of the day in pages of 5000), workload history, events, heatmap.
 * Last line: one JSON object {pods, registered_pods, seconds_to_register, <call>_ms medians, rss_mb,
 * memory: what the RSS is made of after the last round (from the collector's /metrics, MB)}.
 * While it ingests (every 30 s), at the end of ingest and after each round it prints the RSS and
 * that breakdown: engine tracked / merges, jemalloc allocated / resident / retained, caches, JS heap
 * used / total, external, array buffers, code pages and glibc's malloc heap (/proc/<pid>/smaps),
 * the rest (RSS minus those), the lifecycle tracker's maps, OTLP bytes queued, active parts.
 * BENCH_HEAP_PROBE=1: a heap snapshot (a full GC) at the end, and the breakdown after it.
 * The collector gets PODTRAIL_CHDB_*, PODTRAIL_LIFECYCLE_*, PODTRAIL_LIVE_*, MALLOC_* and
 * GLIBC_TUNABLES from this environment, and
 * BENCH_NODE_OPTIONS as its NODE_OPTIONS.
 *
 * Env: KAFKA_BROKERS, BENCH_PODS (20000), BENCH_SPAN_ONLY_SHARE (0.25), BENCH_TX_PER_POD (12),
 *      BENCH_RUNS (5), BENCH_REGISTER_TIMEOUT_S (600), BENCH_KEEP=1 keeps data dir and topics,
 *      BENCH_RSS_ROUNDS (3): rounds of every call 3 times after the timing, RSS after each (rss_mb_rounds).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { kafkaBrokers } from '../support/kafka.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const log = (...a) => console.error('[bench churn]', ...a);
const PODS = Number(env.BENCH_PODS ?? 20_000);
const SPAN_ONLY = Math.round(PODS * Number(env.BENCH_SPAN_ONLY_SHARE ?? 0.25));
const TX_PER_POD = Number(env.BENCH_TX_PER_POD ?? 12);
const RUNS = Number(env.BENCH_RUNS ?? 5);
const REGISTER_TIMEOUT_S = Number(env.BENCH_REGISTER_TIMEOUT_S ?? 600);
const H = 3_600_000;

execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/collector/tsconfig.testing.json'], {
  cwd: root,
  stdio: 'inherit',
});
const dist = (p) => import(pathToFileURL(join(root, 'packages/collector/dist', p)).href);
const { encodeTraces, traceRequest, lifecycleRequest, agentHeaders } = await dist('testing/otlp-fixtures.js');
const { collectorEnv, startCollector } = await dist('testing/collector-process.js');
const { metricValue } = await dist('testing/prometheus-text.js');
const { encodeOtlp, LIFECYCLE_EVENTS, RESOURCE_KEYS } = await import('@podtrail/contracts');
const { Kafka, logLevel, Partitioners, CompressionTypes } = await import('kafkajs');

const brokers = kafkaBrokers();
const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topics = {
  spans: `bench-churn-spans-${suffix}`,
  metrics: `bench-churn-metrics-${suffix}`,
  lifecycle: `bench-churn-lifecycle-${suffix}`,
  deadLetter: `bench-churn-dlq-${suffix}`,
};
const liveTopic = `bench-churn-live-${suffix}`;
const group = `bench-churn-${suffix}`;
const kafka = new Kafka({ clientId: 'bench-churn', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
// the shared broker may be restarting: wait for it (up to 5 min) rather than fail
for (let attempt = 0; ; attempt++) {
  try {
    await admin.connect();
    break;
  } catch (e) {
    if (attempt >= 30) throw e;
    log(`broker ${brokers} not reachable yet (${e.message}); retrying`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
}
await admin.createTopics({
  topics: [...Object.values(topics), liveTopic].map((topic) => ({ topic, numPartitions: 4 })),
  waitForLeaders: true,
});

// ---- the fleet ----------------------------------------------------------------------------------
// 4 namespaces x 10 workloads; pod i starts at start + i * (24 h / PODS) and lives 10..40 min, so
// about 300 pods overlap at any time and the last hour starts ~830 of them.
const now = Date.now();
const start = now - 24 * H;
const NAMESPACES = ['shop', 'payments', 'search', 'batch'];
const WORKLOADS = ['web', 'api', 'cart', 'checkout', 'catalog', 'orders', 'users', 'stock', 'mailer', 'worker'];
const STILL_RUNNING = 200; // the newest agent pods have not stopped; they heartbeat at the end
function pod(i) {
  const ns = NAMESPACES[i % NAMESPACES.length];
  const workload = WORKLOADS[Math.floor(i / NAMESPACES.length) % WORKLOADS.length];
  // exactly SPAN_ONLY pods, spread evenly over the day
  const spanOnly = Math.floor(((i + 1) * SPAN_ONLY) / PODS) > Math.floor((i * SPAN_ONLY) / PODS);
  const hash = randomBytes(4).toString('hex').slice(0, 5);
  const startMs = start + Math.floor((i * 24 * H) / PODS);
  const lifeMs = (10 + (i % 31)) * 60_000;
  return {
    spec: {
      service: workload,
      namespace: ns,
      workload,
      podName: `${workload}-7d4b9c8f5-${hash}-${i}`,
      podUid: crypto.randomUUID(),
      instanceId: crypto.randomUUID(),
      heartbeatMs: 10_000,
    },
    spanOnly,
    startMs,
    endMs: Math.min(startMs + lifeMs, now - 1000),
  };
}
const fleet = Array.from({ length: PODS }, (_, i) => pod(i));
const spanOnlyPods = fleet.filter((p) => p.spanOnly);
const agentPods = fleet.filter((p) => !p.spanOnly);
const runningFrom = agentPods.length - STILL_RUNNING;
log(`${PODS} pods: ${agentPods.length} agent pods (Kafka), ${spanOnlyPods.length} span-only pods (OTLP/HTTP)`);

/** One ExportTraceServiceRequest of a pod: TX_PER_POD transactions (2 spans) spread over its life. */
function podTraces(p, spanOnly) {
  const req = traceRequest(p.spec, { transactions: TX_PER_POD, spansPerTransaction: 2, startMs: p.startMs });
  const gapNs = BigInt(Math.floor((p.endMs - p.startMs - 5000) / TX_PER_POD)) * 1_000_000n;
  const spans = req.resourceSpans[0].scopeSpans[0].spans;
  spans.forEach((s, k) => {
    const shift = BigInt(Math.floor(k / 2)) * gapNs;
    s.startTimeUnixNano = (BigInt(s.startTimeUnixNano) + shift).toString();
    s.endTimeUnixNano = (BigInt(s.endTimeUnixNano) + shift).toString();
  });
  if (spanOnly) {
    // a plain OpenTelemetry SDK: no podtrail distro, agent version or heartbeat attributes
    const drop = new Set([RESOURCE_KEYS.agentVersion, RESOURCE_KEYS.heartbeatIntervalMs, 'telemetry.distro.name']);
    const res = req.resourceSpans[0].resource;
    res.attributes = res.attributes.filter((a) => !drop.has(a.key));
  }
  return req;
}

// ---- the collector ------------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'podtrail-bench-churn-'));
const collector = startCollector(
  collectorEnv({
    brokers,
    store: { env: { PODTRAIL_DATA_DIR: dataDir, PODTRAIL_DATABASE: 'podtrail' } },
    group,
    topics,
    liveTopic,
    extra: {
      PODTRAIL_LOG_LEVEL: 'info',
      PODTRAIL_BATCH_MAX_MS: '500',
      // what a run measures with other settings: the engine's, the allocator's, node's
      ...Object.fromEntries(
        Object.entries(env).filter(
          ([k]) => /^PODTRAIL_(CHDB|LIFECYCLE|LIVE)_/.test(k) || k.startsWith('MALLOC_') || k === 'GLIBC_TUNABLES',
        ),
      ),
      ...(env.BENCH_NODE_OPTIONS || env.BENCH_HEAP_PROBE === '1'
        ? {
            NODE_OPTIONS: [
              env.BENCH_NODE_OPTIONS ?? '',
              env.BENCH_HEAP_PROBE === '1' ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dataDir}` : '',
            ].join(' '),
          }
        : {}),
    },
  }),
);
const baseUrl = await new Promise((res, rej) => {
  const t = setInterval(() => {
    const m = /listening on (http:\/\/[^\s"]+)/.exec(collector.output.join(''));
    if (m) {
      clearInterval(t);
      res(m[1].replace(/[),.]+$/, ''));
    }
  }, 100);
  collector.exited.then((code) => {
    clearInterval(t);
    rej(new Error(`collector exited (${code}): ${collector.output.join('').slice(-2000)}`));
  });
});
await collector.joined;
log(`collector pid ${collector.proc.pid} at ${baseUrl}`);
const rssMb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${collector.proc.pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

const MB = 1024 * 1024;
/**
 * Resident bytes of the collector's mappings by kind (/proc/<pid>/smaps): `code` the file-backed
 * ones (node's and chDB's code, mostly; shared with the page cache), `mallocHeap` glibc's main
 * malloc arena ([heap]: node's native allocations, buffers the engine hands over).
 */
function residentByKind() {
  const out = { code: 0, mallocHeap: 0 };
  let kind = null;
  for (const line of readFileSync(`/proc/${collector.proc.pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) kind = head[1].startsWith('/') ? 'code' : head[1] === '[heap]' ? 'mallocHeap' : null;
    else if (kind && line.startsWith('Rss:')) out[kind] += Number(/(\d+)/.exec(line)[1]) * 1024;
  }
  return out;
}
const mb = (bytes) => Math.round((bytes / MB) * 10) / 10;
/** The RSS and what it is made of, from the collector's /metrics (memory-metrics.ts), in MB. */
async function memory() {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const v = (name, labels) => metricValue(text, name, labels);
  const js = (kind) => v('podtrail_memory_js_bytes', { kind });
  const je = (kind) => v('podtrail_engine_jemalloc_bytes', { kind });
  const caches = ['mark', 'index_mark', 'primary_index', 'uncompressed', 'query_condition', 'compiled_expression'];
  const rss = rssMb();
  const { code, mallocHeap } = residentByKind();
  return {
    rss_mb: rss,
    engine_tracked_mb: mb(v('podtrail_engine_memory_tracked_bytes')),
    engine_merges_mb: mb(v('podtrail_engine_merges_memory_tracked_bytes')),
    engine_caches_mb: mb(caches.reduce((a, cache) => a + v('podtrail_engine_cache_bytes', { cache }), 0)),
    jemalloc_allocated_mb: mb(je('allocated')),
    jemalloc_active_mb: mb(je('active')),
    jemalloc_resident_mb: mb(je('resident')),
    jemalloc_retained_mb: mb(je('retained')),
    js_heap_used_mb: mb(js('heap_used')),
    js_heap_total_mb: mb(js('heap_total')),
    js_external_mb: mb(js('external')),
    js_array_buffers_mb: mb(js('array_buffers')),
    // code pages of node and chDB's library that were touched (file-backed, shared with the page cache)
    code_mb: mb(code),
    // glibc's main arena: node's native allocations (most array buffers live here), freed or not
    malloc_heap_mb: mb(mallocHeap),
    // the rest: thread stacks, other mmaps (large array buffers), what no figure above explains
    other_mb: mb(rss * MB - je('resident') - js('heap_total') - code - mallocHeap),
    tracker_pods: v('podtrail_lifecycle_tracked', { map: 'pods' }),
    tracker_instances: v('podtrail_lifecycle_tracked', { map: 'instances' }),
    tracker_pending_span_pods: v('podtrail_lifecycle_tracked', { map: 'pending_span_pods' }),
    otlp_queued_mb: mb(v('podtrail_otlp_insert_queued_bytes')),
    live_replay_rows: v('podtrail_live_replay_rows'),
    parts_active: v('podtrail_engine_parts', { state: 'active' }),
    merges_running: v('podtrail_engine_merges_running'),
  };
}
const showMemory = (m) =>
  `RSS ${m.rss_mb} MB = jemalloc resident ${m.jemalloc_resident_mb} (allocated ${m.jemalloc_allocated_mb}, active ${m.jemalloc_active_mb}, engine tracked ${m.engine_tracked_mb}, merges ${m.engine_merges_mb}, caches ${m.engine_caches_mb}; retained ${m.jemalloc_retained_mb} not in RAM) + JS heap total ${m.js_heap_total_mb} (used ${m.js_heap_used_mb}) + code ${m.code_mb} + malloc heap ${m.malloc_heap_mb} (JS external ${m.js_external_mb}, array buffers ${m.js_array_buffers_mb}) + other ${m.other_mb}; tracker ${m.tracker_pods} pods / ${m.tracker_instances} instances / ${m.tracker_pending_span_pods} pending; OTLP queued ${m.otlp_queued_mb} MB; live replay ${m.live_replay_rows} rows; ${m.parts_active} active parts, ${m.merges_running} merges`;
let peakRss = 0;
const ingestSampler = setInterval(() => {
  memory().then(
    (m) => {
      peakRss = Math.max(peakRss, m.rss_mb ?? 0);
      log(`ingesting: ${showMemory(m)}`);
    },
    () => {},
  );
}, 30_000);

// ---- send ---------------------------------------------------------------------------------------
const tSend = performance.now();
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const lc = (p, event, ts) => ({
  key: p.spec.podUid,
  value: Buffer.from(encodeOtlp('logs', lifecycleRequest(p.spec, event, ts))),
  headers: agentHeaders(p.spec.instanceId),
});
const CHUNK = 500;
for (let i = 0; i < agentPods.length; i += CHUNK) {
  const batch = agentPods.slice(i, i + CHUNK);
  const life = [];
  const spans = [];
  batch.forEach((p, k) => {
    life.push(lc(p, LIFECYCLE_EVENTS.started, p.startMs));
    if (i + k < runningFrom) life.push(lc(p, LIFECYCLE_EVENTS.stopped, p.endMs));
    spans.push({
      key: p.spec.podUid,
      value: encodeTraces(podTraces(p, false)),
      headers: agentHeaders(p.spec.instanceId),
    });
  });
  await producer.send({ topic: topics.lifecycle, messages: life, compression: CompressionTypes.GZIP, acks: 1 });
  await producer.send({ topic: topics.spans, messages: spans, compression: CompressionTypes.GZIP, acks: 1 });
}
const beat = async () =>
  producer.send({
    topic: topics.lifecycle,
    messages: agentPods.slice(runningFrom).map((p) => lc(p, LIFECYCLE_EVENTS.heartbeat, Date.now())),
    acks: 1,
  });
await beat();
const beatTimer = setInterval(() => void beat().catch(() => {}), 8000);
log(`agent pods sent in ${((performance.now() - tSend) / 1000).toFixed(1)} s`);
// span-only pods over OTLP/HTTP, BENCH_OTLP_CONCURRENCY (32) requests in flight
let next = 0;
let refused = 0;
await Promise.all(
  Array.from({ length: Number(env.BENCH_OTLP_CONCURRENCY ?? 32) }, async () => {
    while (next < spanOnlyPods.length) {
      // a collector that cannot keep up: stop sending at the registration deadline, say so below
      if ((performance.now() - tSend) / 1000 > REGISTER_TIMEOUT_S) break;
      const p = spanOnlyPods[next++];
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${baseUrl}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: encodeTraces(podTraces(p, true)),
        });
        await res.arrayBuffer();
        if (res.ok) break;
        if (res.status !== 503 && res.status !== 429) {
          refused++;
          break;
        }
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
  }),
);
const sentS = (performance.now() - tSend) / 1000;
const unsent = spanOnlyPods.length - Math.min(next, spanOnlyPods.length);
log(`pods sent in ${sentS.toFixed(1)} s (${refused} OTLP requests refused, ${unsent} span-only pods not sent in time)`);

// ---- registration -------------------------------------------------------------------------------
const api = async (path) => {
  const res = await fetch(`${baseUrl}/api/v1${path}`);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res.json();
};
const range = `from=${start - H}&to=${now + 10 * 60_000}`;
let registered = 0;
let lastGrowth = performance.now();
let registeredAt = performance.now();
for (;;) {
  const total = (await api(`/pods?${range}&limit=1`)).total;
  if (total > registered) {
    registered = total;
    registeredAt = lastGrowth = performance.now();
  }
  if (registered >= PODS) break;
  if ((performance.now() - lastGrowth) / 1000 > 60 || (performance.now() - tSend) / 1000 > REGISTER_TIMEOUT_S) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const secondsToRegister = (registeredAt - tSend) / 1000;
log(`${registered} of ${PODS} pods registered, the last after ${secondsToRegister.toFixed(1)} s`);
clearInterval(ingestSampler);
const afterIngest = await memory();
log(`end of ingest: ${showMemory(afterIngest)} (peak RSS while ingesting ${peakRss} MB)`);
const spans = await api(`/heatmap?from=${start - H}&to=${now + 60_000}`);
log(`heatmap over 24 h: ${spans.total} transactions (expected ${PODS * TX_PER_POD})`);

// ---- the calls ----------------------------------------------------------------------------------
// A day's data arrived in two minutes: the engine merges its parts for a while after, which a real
// day spreads over its hours. Calls are timed once no merge runs (two samples in a row, 2 min at most).
const tMerges = performance.now();
for (let quiet = 0; quiet < 2 && performance.now() - tMerges < 120_000; ) {
  quiet = (await memory()).merges_running === 0 ? quiet + 1 : 0;
  if (quiet < 2) await new Promise((r) => setTimeout(r, 1000));
}
const secondsWaitingForMerges = Math.round((performance.now() - tMerges) / 100) / 10;
log(`merges settled after ${secondsWaitingForMerges} s`);

const calls = {
  pods_list_24h: `/pods?from=${now - 24 * H}&to=${now}&limit=100`,
  pods_search_24h: `/pods?from=${now - 24 * H}&to=${now}&q=${encodeURIComponent('-123')}&limit=100`,
  velocity_workload_24h: `/velocity?groupBy=workload&from=${now - 24 * H}&to=${now}`,
  velocity_pod_1h: `/velocity?groupBy=pod&from=${now - H}&to=${now}`,
  // the default page: the 500 busiest pods of the day and the total
  velocity_pod_24h: `/velocity?groupBy=pod&from=${now - 24 * H}&to=${now}`,
  velocity_pod_24h_top100: `/velocity?groupBy=pod&from=${now - 24 * H}&to=${now}&limit=100`,
  // not one call: every pod of the day, page after page of the largest limit (an export)
  velocity_pod_24h_every_page: async () => {
    const rows = [];
    for (let offset = 0, total = 1; offset < total; offset += 5000) {
      const page = await api(`/velocity?groupBy=pod&from=${now - 24 * H}&to=${now}&limit=5000&offset=${offset}`);
      rows.push(...page.rows);
      total = page.total;
    }
    return { rows };
  },
  workload_history_24h: `/workloads/shop/web/history?from=${now - 24 * H}&to=${now}`,
  events_24h: `/events?from=${now - 24 * H}&to=${now}&limit=500`,
  heatmap_24h: `/heatmap?from=${now - 24 * H}&to=${now}`,
  heatmap_1h: `/heatmap?from=${now - H}&to=${now}`,
};
const call = (path) => (typeof path === 'string' ? api(path) : path());
const medians = {};
for (const [name, path] of Object.entries(calls)) {
  const times = [];
  let last;
  for (let i = 0; i <= RUNS; i++) {
    const t = performance.now();
    last = await call(path);
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  medians[`${name}_ms`] = Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
  const size = last.rows?.length ?? last.pods?.length ?? last.events?.length ?? last.cells?.length ?? '?';
  log(
    `${name}: median ${medians[`${name}_ms`]} ms (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)}), ${size} rows`,
  );
}
const rss = rssMb();
// bounded memory: every call again, round after round; the collector's RSS after each round
// should level off (caches full, ended pods forgotten), not keep growing
const rssRounds = [];
let lastMemory = await memory();
for (let round = 0; round < Number(env.BENCH_RSS_ROUNDS ?? 3); round++) {
  for (const path of Object.values(calls)) for (let i = 0; i < 3; i++) await call(path);
  lastMemory = await memory();
  rssRounds.push(lastMemory.rss_mb);
  log(`after round ${round + 1}: ${showMemory(lastMemory)}`);
}

// BENCH_HEAP_PROBE=1: a heap snapshot (node runs a full GC first), then the breakdown again: how
// much of the JS heap was garbage not yet collected
let afterFullGc = null;
if (env.BENCH_HEAP_PROBE === '1') {
  const { readdirSync, statSync } = await import('node:fs');
  const snaps = () => readdirSync(dataDir).filter((f) => f.endsWith('.heapsnapshot'));
  collector.signal('SIGUSR2');
  let size = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const f = snaps()[0];
    const now = f ? statSync(join(dataDir, f)).size : -1;
    if (f && now === size) break;
    size = now;
  }
  afterFullGc = await memory();
  log(`after a full GC (heap snapshot): ${showMemory(afterFullGc)}`);
  if (env.BENCH_KEEP === '1') log(`heap snapshot kept: ${join(dataDir, snaps()[0])}`);
  else for (const f of snaps()) rmSync(join(dataDir, f));
}

clearInterval(beatTimer);
await producer.disconnect();
if (env.BENCH_DEBUG === '1') log(collector.output.join('').slice(-4000));
collector.signal('SIGTERM');
await collector.exited;
if (env.BENCH_KEEP !== '1') {
  rmSync(dataDir, { recursive: true, force: true });
  await admin.deleteTopics({ topics: [...Object.values(topics), liveTopic] }).catch(() => {});
  await admin.deleteGroups([group]).catch(() => {});
}
await admin.disconnect();

console.log(
  JSON.stringify({
    bench: 'churn',
    pods: PODS,
    agent_pods: agentPods.length,
    span_only_pods: spanOnlyPods.length,
    registered_pods: registered,
    span_only_pods_unsent: unsent,
    seconds_to_send: Math.round(sentS * 10) / 10,
    seconds_to_register: Math.round(secondsToRegister * 10) / 10,
    seconds_waiting_for_merges: secondsWaitingForMerges,
    transactions: spans.total,
    ...medians,
    rss_mb: rss,
    rss_mb_rounds: rssRounds,
    rss_mb_peak_ingest: peakRss,
    memory_end_of_ingest: afterIngest,
    memory: lastMemory,
    ...(afterFullGc ? { memory_after_full_gc: afterFullGc } : {}),
    loadavg_1m: Math.round((await import('node:os')).loadavg()[0] * 100) / 100,
  }),
);
process.exit(0);
