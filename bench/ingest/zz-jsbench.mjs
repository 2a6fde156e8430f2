import { decodeOtlp } from '@podtrail/contracts';
import { encodeTraces, traceRequest, podSpec } from '@podtrail/collector/testing';
const { SpanBatch } = await import('/work/main/packages/collector/dist/ingest/spans.js');
const pods = Array.from({ length: 12 }, (_, i) => podSpec('svc' + (i % 3), i));
const bufs = Array.from({ length: 2000 }, (_, i) => encodeTraces(traceRequest(pods[i % 12], { transactions: 5, spansPerTransaction: 4 })));
console.log('record bytes', bufs[0].length);
for (let round = 0; round < 3; round++) {
  let t0 = performance.now(); let n = 0;
  const reqs = [];
  for (const b of bufs) { reqs.push(decodeOtlp('traces', b)); n += 20; }
  const tDecode = performance.now() - t0;
  t0 = performance.now();
  let batch = new SpanBatch({ apdexThresholdMs: () => 500 });
  let bytes = 0;
  for (let i = 0; i < reqs.length; i++) { batch.add(reqs[i]); if (batch.rows >= 20000) { bytes += batch.body().length; batch = new SpanBatch({ apdexThresholdMs: () => 500 }); } }
  bytes += batch.body().length;
  const tEncode = performance.now() - t0;
  console.log(`decode ${(n / tDecode * 1000 | 0)} spans/s, map+encode ${(n / tEncode * 1000 | 0)} spans/s, combined ${(n / (tDecode + tEncode) * 1000 | 0)}; tsv bytes/span ${(bytes / n).toFixed(0)}`);
}
