import { encodeOtlp } from '@podtrail/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { count, queryRows } from '../testing/ingest-harness.js';
import { podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';
import { metricValue } from '../testing/prometheus-text.js';

/**
 * Many small OTLP/HTTP requests at once, over real HTTP, on embedded chDB: their rows share
 * inserts (ingest/insert-coalescer.ts), and a 200 still means stored — a failed shared insert fails
 * every request in it and stores none of them.
 */
// 1 MiB: the smallest queue bound, reached by the 429 test's large requests while inserts are held
const collector = otlpOnlyApp({ config: { otlpQueueBytes: 1024 * 1024, ingestMaxRowsPerSec: 0 } });
const cfg = collector.config;
let base = '';

beforeAll(async () => {
  await collector.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = collector.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

interface Sent {
  status: number;
  retryAfter: string | null;
  traceIds: string[];
  spans: number;
}

/** `n` requests of 1–3 spans (or `spans` each) from `service`, `concurrency` at a time. */
async function send(service: string, n: number, concurrency: number, spans?: number): Promise<Sent[]> {
  const pod = podSpec(service, 1);
  const out: Sent[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const per = spans ?? 1 + (i % 3);
      const req = traceRequest(pod, { transactions: spans ? per : 1, spansPerTransaction: spans ? 1 : per });
      const traceIds = [
        ...new Set(
          (req.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? []).map((s) => Buffer.from(s.traceId).toString('hex')),
        ),
      ];
      const res = await fetch(`${base}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: encodeOtlp('traces', req),
      });
      await res.arrayBuffer();
      out[i] = { status: res.status, retryAfter: res.headers.get('retry-after'), traceIds, spans: per };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

async function metrics(): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}

async function storedTraceIds(service: string): Promise<string[]> {
  const rows = await queryRows<{ t: string }>(
    collector.app,
    `SELECT DISTINCT lower(hex(TraceId)) AS t FROM ${cfg.database}.spans WHERE ServiceName = {s:String}`,
    { s: service },
  );
  return rows.map((r) => r.t).sort();
}

describe('OTLP/HTTP: concurrent small requests share inserts', () => {
  it('stores every span of 500 concurrent small requests, each answered 200, in fewer inserts than requests', async () => {
    const before = await metrics();
    const sent = await send('coalesce-ok', 500, 50);
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
    const spans = sent.reduce((a, s) => a + s.spans, 0);
    expect(spans).toBe(167 * 1 + 167 * 2 + 166 * 3);
    // acknowledged means stored: counted right after the last answer, no waiting
    expect(await count(collector.app, 'spans', "ServiceName = 'coalesce-ok'")).toBe(spans);
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    const inserts = delta('podtrail_otlp_inserts_total', { table: 'spans', result: 'ok' });
    expect(delta('podtrail_otlp_insert_parts_total', { table: 'spans' })).toBe(500);
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(500);
    expect(delta('podtrail_otlp_requests_total', { signal: 'traces', code: '200' })).toBe(500);
  });

  it('fails every request of a failed shared insert with 503 + Retry-After, and stores exactly the acknowledged ones', async () => {
    let spanInserts = 0;
    // the second spans insert fails (ClickHouse refusing it), the others succeed
    collector.app.tables.setFaultInjector((table) =>
      table === 'spans' && ++spanInserts === 2 ? new Error('simulated insert failure') : undefined,
    );
    let sent: Sent[];
    try {
      sent = await send('coalesce-fail', 200, 50);
    } finally {
      collector.app.tables.setFaultInjector(null);
    }
    const acked = sent.filter((s) => s.status === 200);
    const failed = sent.filter((s) => s.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length + failed.length).toBe(200);
    for (const f of failed) expect([f.status, f.retryAfter]).toEqual([503, '5']);
    // nothing of a failed request stored, everything of an acknowledged one
    expect(await storedTraceIds('coalesce-fail')).toEqual(acked.flatMap((s) => s.traceIds).sort());
    expect(await count(collector.app, 'spans', "ServiceName = 'coalesce-fail'")).toBe(
      acked.reduce((a, s) => a + s.spans, 0),
    );
    expect(metricValue(await metrics(), 'podtrail_otlp_inserts_total', { table: 'spans', result: 'failed' })).toBe(1);
  });

  it('answers 429 + Retry-After while the queue is full, counted in /metrics, and stores what it acknowledged', async () => {
    const before = metricValue(await metrics(), 'podtrail_otlp_requests_total', { signal: 'traces', code: '429' });
    // a slow ClickHouse: inserts take 1.5 s, so 60 requests of ~100 KB of rows overflow the 1 MiB queue
    collector.app.tables.setFaultInjector((table) => (table === 'spans' ? { delayMs: 1_500 } : undefined));
    let sent: Sent[];
    try {
      sent = await send('coalesce-busy', 60, 60, 200);
    } finally {
      collector.app.tables.setFaultInjector(null);
    }
    const busy = sent.filter((s) => s.status === 429);
    const acked = sent.filter((s) => s.status === 200);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.length + acked.length).toBe(60);
    for (const b of busy) expect(b.retryAfter).toBe('1');
    const after = metricValue(await metrics(), 'podtrail_otlp_requests_total', { signal: 'traces', code: '429' });
    expect(after - before).toBe(busy.length);
    expect(await storedTraceIds('coalesce-busy')).toEqual(acked.flatMap((s) => s.traceIds).sort());
  });
});
