/**
 * `BENCH_KIND=otlp-http pnpm bench ingest`: many small OTLP/HTTP requests, as span-only pods send
 * them (any OpenTelemetry SDK, no podtrail agent): BENCH_REQUESTS requests (default 5,000) of 1–3
 * spans, each from its own pod (BENCH_PODS pods, default one per request), BENCH_CONCURRENCY at a
 * time (default 50), over real HTTP (keep-alive) to the collector running in this process on
 * embedded chDB (no Kafka). Measured from the first request to the last answer; every answer must
 * be 200 and every span stored when it came (checked by counting right after).
 * Last line: {requests_per_s, spans_per_s, p50_ms, p99_ms, inserts, ...}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const log = (...a) => console.error('[bench ingest otlp-http]', ...a);

export async function runOtlpHttp({ build, loadConfig, encodeTraces, traceRequest, podSpec }) {
  const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
  const PODS = Number(process.env.BENCH_PODS ?? REQUESTS);
  const dataDir = mkdtempSync(join(tmpdir(), 'podtrail-bench-otlp-'));
  const config = loadConfig(
    {
      dataDir,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
      ingestMaxRowsPerSec: 0,
      api: { authEnabled: false, bootstrapTokens: false },
    },
    {},
  );
  const app = await build(config, { kafka: false, live: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address();
  const url = `http://127.0.0.1:${port}/v1/traces`;

  // bodies made before the clock starts: the bench measures the collector, not the encoder
  const pods = Array.from({ length: Math.min(PODS, REQUESTS) }, (_, i) => podSpec(`otlp-${i % 7}`, i));
  const bodies = [];
  let spans = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const per = 1 + (i % 3);
    spans += per;
    bodies.push(encodeTraces(traceRequest(pods[i % pods.length], { transactions: 1, spansPerTransaction: per })));
  }
  const latencies = [];
  const statuses = new Map();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < REQUESTS; i = next++) {
      const t = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: bodies[i],
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const stored = Number(
    (
      await (
        await app.ch.reader.query({ query: `SELECT count() AS c FROM ${config.database}.spans`, format: 'JSONEachRow' })
      ).json()
    )[0].c,
  );
  // ClickHouse inserts into spans (one per request before they were shared): the insert histogram's count
  const hist = (await app.ingestMetrics.registry.getMetricsAsJSON()).find(
    (m) => m.name === 'podtrail_ingest_insert_seconds',
  );
  const inserts = hist?.values.find(
    (v) => v.metricName === 'podtrail_ingest_insert_seconds_count' && v.labels.table === 'spans',
  )?.value;
  const insertSum = hist?.values.find(
    (v) => v.metricName === 'podtrail_ingest_insert_seconds_sum' && v.labels.table === 'spans',
  )?.value;
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const pct = (p) => Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1));
  log(`statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${stored} of ${spans} spans stored`);
  const ok = statuses.get(200) === REQUESTS && stored === spans;
  console.log(
    JSON.stringify({
      bench: 'ingest-otlp-http',
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      pods: pods.length,
      spans,
      stored_spans: stored,
      seconds: Number(seconds.toFixed(3)),
      requests_per_s: Math.round(REQUESTS / seconds),
      spans_per_s: Math.round(spans / seconds),
      p50_ms: pct(0.5),
      p99_ms: pct(0.99),
      span_inserts: inserts ?? null,
      mean_insert_ms: inserts ? Number(((insertSum / inserts) * 1000).toFixed(1)) : null,
      all_200: statuses.get(200) === REQUESTS,
    }),
  );
  process.exit(ok ? 0 : 1);
}
