#!/usr/bin/env node
/**
 * `pnpm bench ingest`: Kafka -> collector ingest -> embedded ClickHouse throughput, and bytes
 * stored per span after merges.
 *
 * 1. Produces N spans (default 1,000,000; BENCH_SPANS) as OTLP protobuf ExportTraceServiceRequest
 *    records, 20 spans per record (5 HTTP transactions x 4 spans, unique random ids, realistic
 *    attributes), gzip-compressed like the agent, to a fresh topic.
 * 2. Starts the collector in this process (embedded chDB in a temp dir) on that topic and measures
 *    from the consumer group join to the moment every record is committed (decode, insert,
 *    live publish and commit all included).
 * 3. OPTIMIZE TABLE ... FINAL, then bytes on disk per span (system.parts).
 * Last line: one JSON object {spans_per_s, bytes_per_span, spans, ...}.
 *
 * BENCH_KIND=logs: the same for app log records instead of spans: N log records (default 1,000,000;
 * BENCH_LOGS), 200 per ExportLogsServiceRequest record as the agent batches them (plain and pino-style
 * JSON lines, 120-300 bytes, a third inside a trace), on the lifecycle topic the collector reads them
 * from; reports log_records_per_s and bytes per record in the logs table.
 *
 * BENCH_KIND=otlp-http: many small OTLP/HTTP requests (1–3 spans each) instead of Kafka: see
 * otlp-http.mjs (BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_PODS); reports requests_per_s.
 *
 * Env: KAFKA_BROKERS (default: the project's broker, started if needed), BENCH_SPANS,
 * BENCH_PARTITIONS (default 4), BENCH_BATCH_ROWS (default: collector default), BENCH_KEEP=1 keeps
 * the data dir and topics.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaBrokers } from '../support/kafka.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const log = (...a) => console.error('[bench ingest]', ...a);

// Build the collector and its test helpers (`@podtrail/collector/testing`, kept out of the
// production build; no-op when up to date): the bench runs the compiled package.
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/collector/tsconfig.testing.json'], {
  cwd: root,
  stdio: 'inherit',
});

const { build, loadConfig } = await import('@podtrail/collector');
const { encodeTraces, traceRequest, podSpec, agentHeaders, kv, resourceAttrs } = await import(
  '@podtrail/collector/testing'
);
if (process.env.BENCH_KIND === 'otlp-http') {
  const { runOtlpHttp } = await import('./otlp-http.mjs');
  await runOtlpHttp({ build, loadConfig, encodeTraces, traceRequest, podSpec });
}
const { Kafka, logLevel, Partitioners, CompressionTypes } = await import('kafkajs');

const brokers = kafkaBrokers();
const KIND = process.env.BENCH_KIND === 'logs' ? 'logs' : 'spans';
const LOGS = KIND === 'logs';
const SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 4);
// items (spans or log records) per Kafka record
const SPANS_PER_RECORD = LOGS ? 200 : 20;
const ITEMS = LOGS ? Number(process.env.BENCH_LOGS ?? 1_000_000) : SPANS;
const RECORDS = Math.ceil(ITEMS / SPANS_PER_RECORD);
const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const topic = `bench-${KIND}-${suffix}`;

const kafka = new Kafka({ clientId: 'bench-ingest', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });

// ---- 1. produce ---------------------------------------------------------------------------------
const pods = Array.from({ length: 12 }, (_, i) =>
  podSpec(i % 3 === 0 ? 'checkout' : i % 3 === 1 ? 'cart' : 'catalog', i),
);
const baseMs = Date.now() - 10 * 60_000;
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const tProduce = performance.now();
const produced = LOGS ? await produceLogs() : await produceSpans();
await producer.disconnect();
log(
  `produced ${produced} records (${produced * SPANS_PER_RECORD} ${KIND}) in ${((performance.now() - tProduce) / 1000).toFixed(1)} s`,
);

async function produceSpans() {
  // Templates encoded once per pod; each record is a copy with fresh random ids and shifted times
  // patched in place (ids are fixed-size bytes fields, times fixed64), so producing is fast and
  // every span is unique.
  function template(pod) {
    const markers = [];
    const rnd = (n) => {
      const b = randomBytes(n);
      markers.push(b);
      return b;
    };
    const req = traceRequest(pod, {
      transactions: SPANS_PER_RECORD / 4,
      spansPerTransaction: 4,
      startMs: baseMs,
      random: rnd,
      durationMs: (i) => 5 + ((i * 37) % 400),
      status: (i) => (i % 50 === 0 ? 500 : 200),
    });
    const buf = encodeTraces(req);
    // every occurrence of each id (a trace id is in all its spans, a span id in its children)
    const idPos = markers.map((m) => {
      const at = [];
      for (let i = buf.indexOf(m); i >= 0; i = buf.indexOf(m, i + 1)) at.push(i);
      if (at.length === 0) throw new Error('marker not found');
      return [at, m.length];
    });
    // fixed64 timestamps: every start/end value as little-endian bytes
    const timePos = [];
    for (const rs of req.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans)
          for (const v of [s.startTimeUnixNano, s.endTimeUnixNano]) {
            const le = Buffer.alloc(8);
            le.writeBigUInt64LE(BigInt(v));
            const at = buf.indexOf(le);
            if (at >= 0) timePos.push(at);
          }
    return { buf, idPos, timePos };
  }
  const templates = pods.map(template);
  let produced = 0;
  const CHUNK = 1000;
  for (let r = 0; r < RECORDS; r += CHUNK) {
    const messages = [];
    for (let i = r; i < Math.min(RECORDS, r + CHUNK); i++) {
      const podIdx = i % pods.length;
      const t = templates[podIdx];
      const buf = Buffer.from(t.buf);
      for (const [at, len] of t.idPos) {
        const id = randomBytes(len);
        for (const a of at) id.copy(buf, a);
      }
      // spread records over 10 minutes of span time
      const shift = BigInt(Math.floor((i / RECORDS) * 600_000)) * 1_000_000n;
      for (const at of t.timePos) buf.writeBigUInt64LE(buf.readBigUInt64LE(at) + shift, at);
      const pod = pods[podIdx];
      messages.push({ key: pod.podUid, value: buf, headers: agentHeaders(pod.instanceId) });
    }
    await producer.send({ topic, messages, compression: CompressionTypes.GZIP, acks: 1 });
    produced += messages.length;
  }
  return produced;
}

/** Log records as the agent sends them: one resource (pod) per Kafka record, 200 lines each. */
async function produceLogs() {
  const { encodeOtlp } = await import('@podtrail/contracts');
  const words = ['order', 'cart', 'payment', 'user', 'session', 'cache', 'db', 'retry', 'timeout', 'ok'];
  const line = (i) =>
    i % 2 === 0
      ? `{"level":${[30, 30, 30, 40, 50][i % 5]},"time":${baseMs + i},"pid":1,"hostname":"pod","msg":"${words[i % 10]} ${words[(i * 7) % 10]} handled id=${i} in ${i % 300} ms","req":{"id":${i},"method":"GET","url":"/api/${words[i % 10]}/${i}"}}`
      : `${new Date(baseMs + i).toISOString()} ${['INFO', 'WARN', 'DEBUG'][i % 3]} ${words[i % 10]}: processed ${i} items for ${words[(i * 3) % 10]} ${'x'.repeat(i % 160)}`;
  let n = 0;
  let sent = 0;
  const CHUNK = 50;
  for (let r = 0; r < RECORDS; r += CHUNK) {
    const messages = [];
    for (let k = r; k < Math.min(RECORDS, r + CHUNK); k++) {
      const pod = pods[k % pods.length];
      const traceId = randomBytes(16);
      const logRecords = [];
      for (let j = 0; j < SPANS_PER_RECORD; j++, n++) {
        const inTrace = n % 3 === 0;
        const sev = [9, 9, 9, 13, 17][n % 5];
        logRecords.push({
          timeUnixNano: (BigInt(baseMs + Math.floor((n / ITEMS) * 600_000)) * 1_000_000n + BigInt(n % 1000)).toString(),
          severityNumber: sev,
          severityText: sev === 9 ? 'INFO' : sev === 13 ? 'WARN' : 'ERROR',
          body: { stringValue: line(n) },
          attributes: [kv('log.iostream', n % 7 === 0 ? 'stderr' : 'stdout')],
          ...(inTrace ? { traceId, spanId: randomBytes(8) } : {}),
        });
      }
      const value = Buffer.from(
        encodeOtlp('logs', {
          resourceLogs: [
            {
              resource: { attributes: resourceAttrs(pod) },
              scopeLogs: [{ scope: { name: '@podtrail/agent/logs' }, logRecords }],
            },
          ],
        }),
      );
      messages.push({ key: pod.podUid, value, headers: agentHeaders(pod.instanceId) });
    }
    await producer.send({ topic, messages, compression: CompressionTypes.GZIP, acks: 1 });
    sent += messages.length;
  }
  return sent;
}
const endOffsets = await admin.fetchTopicOffsets(topic);
const totalRecords = endOffsets.reduce((a, p) => a + Number(p.high), 0);

// ---- 2. ingest ----------------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'podtrail-bench-'));
const group = `bench-collector-${suffix}`;
const config = loadConfig(
  {
    brokers: brokers.split(','),
    dataDir,
    port: 0,
    consumerGroup: group,
    topics: {
      // app log records travel on the lifecycle topic, like the agent sends them
      spans: LOGS ? `bench-spans-${suffix}` : topic,
      metrics: `bench-metrics-${suffix}`,
      lifecycle: LOGS ? topic : `bench-lifecycle-${suffix}`,
      deadLetter: `bench-dlq-${suffix}`,
    },
    liveTopic: `bench-live-${suffix}`,
    logLevel: 'warn',
    ...(process.env.BENCH_BATCH_ROWS ? { batchMaxRows: Number(process.env.BENCH_BATCH_ROWS) } : {}),
    api: { authEnabled: false, bootstrapTokens: false },
  },
  {},
);
const app = await build(config, { live: false });
await app.kafkaIngest.joined;
const t0 = performance.now();
const committedTotal = async () => {
  const res = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return res[0].partitions.reduce((a, p) => a + Math.max(0, Number(p.offset)), 0);
};
let last = 0;
for (;;) {
  const c = await committedTotal();
  if (c >= totalRecords) break;
  if (c !== last) last = c;
  await new Promise((r) => setTimeout(r, 50));
}
const seconds = (performance.now() - t0) / 1000;
for (const m of (await app.ingestMetrics.registry.getMetricsAsJSON()).filter((x) => x.name.endsWith('_seconds'))) {
  for (const v of m.values.filter((x) => x.metricName?.endsWith('_sum') || x.metricName?.endsWith('_count')))
    log(`  ${v.metricName} ${JSON.stringify(v.labels)} ${Number(v.value).toFixed(2)}`);
}
const db = config.database;
const q = async (sql) => (await (await app.ch.reader.query({ query: sql, format: 'JSONEachRow' })).json())[0];
const table = LOGS ? 'logs' : 'spans';
const stored = Number((await q(`SELECT count() AS c FROM ${db}.${table}`)).c);
log(`ingested ${stored} ${KIND} in ${seconds.toFixed(2)} s`);

// ---- 3. bytes per span after merges -------------------------------------------------------------
for (const t of LOGS ? ['logs'] : ['spans', 'trace_index', 'tx_1s'])
  await app.ch.writer.command({ query: `OPTIMIZE TABLE ${db}.${t} FINAL` });
const parts = await (
  await app.ch.reader.query({
    query: `SELECT table, sum(bytes_on_disk) AS disk, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS raw, sum(rows) AS rows
            FROM system.parts WHERE database = {db:String} AND active GROUP BY table ORDER BY disk DESC`,
    query_params: { db },
    format: 'JSONEachRow',
  })
).json();
const byTable = Object.fromEntries(parts.map((p) => [p.table, p]));
const spansDisk = Number(byTable[table]?.disk ?? 0);
const allDisk = parts.reduce((a, p) => a + Number(p.disk), 0);
const columns = await (
  await app.ch.reader.query({
    query: `SELECT name, sum(data_compressed_bytes) AS c FROM system.columns WHERE database = {db:String} AND table = {t:String} GROUP BY name ORDER BY c DESC`,
    query_params: { db, t: table },
    format: 'JSONEachRow',
  })
).json();
log(`${table} columns, compressed bytes per ${LOGS ? 'log record' : 'span'}:`);
for (const c of columns) log(`  ${c.name.padEnd(22)} ${(Number(c.c) / stored).toFixed(2)}`);
for (const p of parts)
  log(
    `  table ${p.table.padEnd(18)} ${(Number(p.disk) / stored).toFixed(2)} bytes/${LOGS ? 'record' : 'span'} on disk, ${p.rows} rows`,
  );

await app.close();
if (process.env.BENCH_KEEP !== '1') {
  rmSync(dataDir, { recursive: true, force: true });
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.deleteGroups([group]).catch(() => {});
}
await admin.disconnect();

const result = LOGS
  ? {
      bench: 'ingest-logs',
      log_records: stored,
      produced_log_records: produced * SPANS_PER_RECORD,
      seconds: Number(seconds.toFixed(3)),
      log_records_per_s: Math.round(stored / seconds),
      bytes_per_log_record: Number((spansDisk / stored).toFixed(2)),
      partitions: PARTITIONS,
      log_records_per_kafka_record: SPANS_PER_RECORD,
      batch_max_rows: config.batchMaxRows,
    }
  : {
      bench: 'ingest',
      spans: stored,
      produced_spans: produced * SPANS_PER_RECORD,
      seconds: Number(seconds.toFixed(3)),
      spans_per_s: Math.round(stored / seconds),
      bytes_per_span: Number((spansDisk / stored).toFixed(2)),
      bytes_per_span_all_tables: Number((allDisk / stored).toFixed(2)),
      partitions: PARTITIONS,
      spans_per_record: SPANS_PER_RECORD,
      batch_max_rows: config.batchMaxRows,
    };
console.log(JSON.stringify(result));
process.exit(stored === produced * SPANS_PER_RECORD ? 0 : 1);
