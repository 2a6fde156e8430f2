#!/usr/bin/env node
/**
 * The churn bench's API calls without Kafka (`node bench/churn/direct.mjs`): 20,000 pods over 24 h
 * (pods, instances, 2 transitions each, 12 transactions of 2 spans each) inserted straight into an
 * embedded chDB, then each call through the real route handlers (fastify inject), 5 timed runs
 * after 1 warm-up; prints the median per call. For before/after comparisons of the query code:
 * QROOT=<another checkout>/packages/collector/dist/ runs that checkout's handlers, QDIR + QNOW
 * reuse a data set this script seeded before (its log line says both). The engine starts with the
 * collector's default memory limit and cache sizes when the checkout has them (QLIMITS=0: without).
 * QROUNDS=N: then N rounds of every call 3 times, with the process's RSS (chDB is in it) after each.
 * QHISTORY_DAYS=N seeds N more days of ended pods before the timed day (see below).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.QROOT ?? fileURLToPath(new URL('../../packages/collector/dist/', import.meta.url));
const { openChdb, buildQueryApp } = await import(`${root}testing/query-harness.js`);
const dir = process.env.QDIR ?? mkdtempSync(join(tmpdir(), 'podtrail-bench-churn-direct-'));
mkdirSync(join(dir, 'chdb'), { recursive: true });
const engineMod = await import(`${root}store/chdb-engine.js`).catch(() => null);
if (engineMod && process.env.QLIMITS !== '0')
  engineMod.openChdbEngine(join(dir, 'chdb'), engineMod.DEFAULT_CHDB_LIMITS);
console.error(`engine limits: ${engineMod && process.env.QLIMITS !== '0' ? 'collector defaults' : 'none'}`);
const ch = await openChdb(join(dir, 'chdb'), 'podtrail');
const db = '`podtrail`';
const PODS = 20000,
  TX = 12,
  H = 3600000;
const now = Number(process.env.QNOW ?? Date.now());
const start = now - 24 * H;
const cmd = (query, p = {}) => ch.writer.command({ query, query_params: p });
if (!process.env.QDIR) {
  const t0 = Date.now();
  // pod p: ns p%4, workload (p/4)%10, starts first + p*24h/PODS, lives (10 + p%31) min; the names
  // tell the timed day's pods (`-7d4b9c8f5-00042`) from the earlier days' (QHISTORY_DAYS, below)
  const podsOf = (
    infix,
    digits,
    running,
  ) => `SELECT toUInt32(number) AS p, ['shop','payments','search','batch'][p % 4 + 1] AS ns,
      ['web','api','cart','checkout','catalog','orders','users','stock','mailer','worker'][intDiv(p, 4) % 10 + 1] AS wl,
      concat(wl, '${infix}', leftPad(toString(p), ${digits}, '0')) AS pod,
      {first:Int64} + intDiv(toInt64(p) * 86400000, {pods:UInt32}) AS sMs,
      least(sMs + (10 + p % 31) * 60000, {now:Int64} - 1000) AS eMs, ${running} AS running
    FROM numbers({n:UInt32})`;
  /** pods and instances rows (one instance each) of a selection of podsOf; versions are write times */
  const seedPods = async (sel, params) => {
    await cmd(
      `INSERT INTO ${db}.pods SELECT ns, wl, 'Deployment', wl, pod, concat(pod,'-uid'), 'node-1', '10.0.0.1',
        fromUnixTimestamp64Milli(sMs), fromUnixTimestamp64Milli(if(running, {now:Int64}, eMs)), if(running, NULL, fromUnixTimestamp64Milli(eMs)),
        if(running, 'running', 'stopped'), if(running, '', 'SIGTERM'), 1, 0, concat(pod, '-i1'), toUInt64(if(running, {now:Int64}, eMs)) * 1000 FROM (${sel})`,
      params,
    );
    await cmd(
      `INSERT INTO ${db}.instances (Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, InstanceId, NodeName, HostIp,
        ContainerName, StartedAt, ReadyAt, LastSeen, EndedAt, State, EndReason, ExitDetail, Version)
        SELECT ns, wl, 'Deployment', wl, pod, concat(pod,'-uid'), concat(pod, '-i1'), 'node-1', '10.0.0.1', wl,
        fromUnixTimestamp64Milli(sMs), fromUnixTimestamp64Milli(sMs + 2000), fromUnixTimestamp64Milli(if(running, {now:Int64}, eMs)),
        if(running, NULL, fromUnixTimestamp64Milli(eMs)), if(running, 'running', 'stopped'), if(running, '', 'SIGTERM'), '', toUInt64(if(running, {now:Int64}, eMs)) * 1000 FROM (${sel})`,
      params,
    );
  };
  const podSel = podsOf('-7d4b9c8f5-', 5, 'p >= {pods:UInt32} - 200');
  const P = { first: start, pods: PODS, n: PODS, now };
  await seedPods(podSel, P);
  await cmd(
    `INSERT INTO ${db}.pod_transitions SELECT fromUnixTimestamp64Milli(if(k = 0, sMs, eMs)), ns, wl, wl, pod, concat(pod, '-i1'),
      if(k = 0, 'started', 'stopped'), if(k = 0, '', 'running'), if(k = 0, 'running', 'stopped'), '', ''
      FROM (${podSel}) ARRAY JOIN [0, 1] AS k WHERE k = 0 OR NOT running`,
    P,
  );
  await cmd(
    `INSERT INTO ${db}.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, IsTransaction,
       ServiceName, ServiceVersion, Namespace, Workload, WorkloadKind, PodName, PodUid, InstanceId, NodeName,
       DurationNs, StatusCode, HttpMethod, HttpRoute, HttpStatusCode, SpanAttributes)
     SELECT fromUnixTimestamp64Milli(sMs + intDiv((eMs - sMs - 5000) * t, {tx:UInt32}) + child),
       toFixedString(unhex(concat(leftPad(hex(cityHash64(p, t, 1)), 16, '0'), leftPad(hex(cityHash64(p, t, 2)), 16, '0'))), 16),
       toFixedString(unhex(leftPad(hex(cityHash64(p, t, 3 + child)), 16, '0')), 8),
       if(child = 0, toFixedString(unhex('0000000000000000'), 8), toFixedString(unhex(leftPad(hex(cityHash64(p, t, 3)), 16, '0')), 8)),
       if(child = 0, 'GET /api/orders/:id', 'GET'), if(child = 0, 'Server', 'Client'), child = 0,
       wl, '1.0.0', ns, wl, 'Deployment', pod, concat(pod, '-uid'), concat(pod, '-i1'), 'node-1',
       toUInt64((12 + (p * 7 + t) % 300) * 1000000), if((p + t) % 50 = 0, 'Error', 'Unset'), 'GET', '/api/orders/:id',
       if(child = 0, if((p + t) % 50 = 0, 500, 200), 200), map('http.route', '/api/orders/:id')
     FROM (${podSel}) ARRAY JOIN range({tx:UInt32}) AS t ARRAY JOIN [0, 1] AS child`,
    { ...P, tx: TX },
  );
  // QHISTORY_DAYS=N: N earlier days of 20,000 ended pods each (pods and instances rows, no spans), as
  // a collector keeping the pods table's 90-day retention holds them; calls over the last 24 h
  // should not pay for them
  const days = Number(process.env.QHISTORY_DAYS ?? 0);
  if (days > 0)
    await seedPods(podsOf('-5c6d7e8f9-h', 7, 'false'), {
      first: start - days * 24 * H,
      pods: PODS,
      n: days * PODS,
      now,
    });
  // timed on a settled engine (as the churn bench): until two samples in a row show no merge, 2 min at most
  const t1 = Date.now();
  for (let quiet = 0; quiet < 2 && Date.now() - t1 < 120_000; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const rs = await ch.reader.query({ query: 'SELECT count() AS n FROM system.merges', format: 'JSONEachRow' });
    quiet = Number((await rs.json())[0]?.n ?? 0) === 0 ? quiet + 1 : 0;
  }
  console.error(
    `seeded in ${(t1 - t0) / 1000} s in ${dir} now=${now} history days=${days}; merges settled in ${(Date.now() - t1) / 1000} s`,
  );
}
const app = await buildQueryApp({
  ch,
  config: { rateLimitPerMin: 0, staticTokens: [{ role: 'read', token: 'tok-0123456789abcdef' }] },
  live: false,
});
const calls = {
  pods_list_24h: `/pods?from=${now - 24 * H}&to=${now}&limit=100`,
  pods_search_24h: `/pods?from=${now - 24 * H}&to=${now}&q=-123&limit=100`,
  velocity_workload_24h: `/velocity?groupBy=workload&from=${now - 24 * H}&to=${now}`,
  velocity_pod_1h: `/velocity?groupBy=pod&from=${now - H}&to=${now}`,
  // the default page: the 500 busiest pods of the day and the total
  velocity_pod_24h: `/velocity?groupBy=pod&from=${now - 24 * H}&to=${now}`,
  velocity_pod_24h_top100: `/velocity?groupBy=pod&from=${now - 24 * H}&to=${now}&limit=100`,
  // the last of four pages of the largest limit
  velocity_pod_24h_page4_of_5000: `/velocity?groupBy=pod&from=${now - 24 * H}&to=${now}&limit=5000&offset=15000`,
  workload_history_24h: `/workloads/shop/web/history?from=${now - 24 * H}&to=${now}`,
  events_24h: `/events?from=${now - 24 * H}&to=${now}&limit=500`,
  heatmap_24h: `/heatmap?from=${now - 24 * H}&to=${now}`,
};
const only = process.env.QONLY?.split(',');
for (const [name, url] of Object.entries(calls)) {
  if (only && !only.includes(name)) continue;
  const times = [];
  const cpus = [];
  let body;
  for (let i = 0; i < 6; i++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    const res = await app.inject({ url: `/api/v1${url}`, headers: { authorization: 'Bearer tok-0123456789abcdef' } });
    if (res.statusCode !== 200) throw new Error(`${name} ${res.statusCode} ${res.body.slice(0, 300)}`);
    const c = process.cpuUsage(c0);
    if (i > 0) {
      times.push(performance.now() - t);
      cpus.push((c.user + c.system) / 1000);
    }
    body = res.body;
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  // CPU time of the process (chDB's threads included): less swayed by other processes than wall time
  console.log(
    `${name}: median ${times[2].toFixed(1)} ms (min ${times[0].toFixed(1)}), cpu ${cpus[2].toFixed(1)} ms, body ${(body.length / 1024).toFixed(0)} KiB`,
  );
}
const mb = (n) => Math.round(n / 1048576);
async function engineMemory() {
  const rs = await ch.reader.query({
    query: `SELECT metric, value FROM system.metrics WHERE metric IN ('MemoryTracking', 'MarkCacheBytes', 'PrimaryIndexCacheBytes', 'IndexMarkCacheBytes', 'UncompressedCacheBytes', 'QueryCacheBytes', 'QueryConditionCacheBytes', 'CompiledExpressionCacheBytes')`,
    format: 'JSONEachRow',
  });
  return Object.fromEntries(
    (await rs.json()).filter((r) => Number(r.value) > 0).map((r) => [r.metric, mb(Number(r.value))]),
  );
}
const rounds = Number(process.env.QROUNDS ?? 0);
for (let round = 1; round <= rounds; round++) {
  for (const url of Object.values(calls))
    for (let i = 0; i < 3; i++)
      await app.inject({ url: `/api/v1${url}`, headers: { authorization: 'Bearer tok-0123456789abcdef' } });
  const m = process.memoryUsage();
  console.log(
    `round ${round}: rss ${mb(m.rss)} MB (JS heap ${mb(m.heapUsed)}, external ${mb(m.external)}), engine MB ${JSON.stringify(await engineMemory())}`,
  );
}
await app.close();
