import { mkdtempSync } from 'node:fs';
import { encodeTraces, traceRequest, podSpec } from '@podtrail/collector/testing';
import { decodeOtlp } from '@podtrail/contracts';
const { SpanBatch, SPAN_COLUMNS } = await import('/work/main/packages/collector/dist/ingest/spans.js');
const { openStore, loadConfig, migrate } = await import('@podtrail/collector');
const pods = Array.from({ length: 12 }, (_, i) => podSpec('svc' + (i % 3), i));
const bodies = [];
for (let c = 0; c < 25; c++) {
  const b = new SpanBatch({ apdexThresholdMs: () => 500 });
  for (let i = 0; i < 1000; i++) b.add(decodeOtlp('traces', encodeTraces(traceRequest(pods[i % 12], { transactions: 5, spansPerTransaction: 4, startMs: Date.now() - 600000 + c * 20000 + i * 20 }))));
  bodies.push({ body: Buffer.from(b.body()), rows: b.rows });
}
const dataDir = mkdtempSync('/tmp/eng-');
const config = loadConfig({ dataDir, api: { authEnabled: false, bootstrapTokens: false } }, {});
const store = openStore(config);
await migrate(store.ch.writer, 'podtrail');
const conc = Number(process.env.CONC ?? 1);
const noMv = process.env.NOMV === '1';
if (noMv) { await store.ch.writer.command({ query: 'DROP VIEW podtrail.tx_1s_mv' }); await store.ch.writer.command({ query: 'DROP VIEW podtrail.trace_index_mv' }); }
const t0 = performance.now();
let next = 0;
await Promise.all(Array.from({ length: conc }, async () => {
  while (next < bodies.length) { const i = next++; await store.tables.insert('spans', SPAN_COLUMNS, bodies[i].body, bodies[i].rows, `t${i}`); }
}));
const s = (performance.now() - t0) / 1000;
const rows = bodies.reduce((a, b) => a + b.rows, 0);
console.log(`conc ${conc} noMv ${noMv}: ${rows} rows in ${s.toFixed(2)} s = ${(rows / s) | 0} rows/s`);
await store.close();
