import { decodeOtlp, encodeOtlp, type OtlpSpan } from '@podtrail/contracts';
import { apdexFromLatency, bucketOfNs } from '@podtrail/contracts/rules';
import { describe, expect, it } from 'vitest';
import { kv, podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { mapSpan, SPAN_COLUMNS, SpanBatch } from './spans.js';

const id16 = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
const id8 = Buffer.from('b7ad6b7169203331', 'hex');
const parent8 = Buffer.from('00f067aa0ba902b7', 'hex');

function span(over: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: id16,
    spanId: id8,
    name: 'GET /orders/:id',
    kind: 2,
    startTimeUnixNano: '1700000000123456789',
    endTimeUnixNano: '1700000000173456789',
    attributes: [
      kv('http.request.method', 'GET'),
      kv('http.route', '/orders/:id'),
      kv('http.response.status_code', 503),
    ],
    status: { code: 2, message: 'boom' },
    ...over,
  };
}

describe('row mapping', () => {
  it('maps an OTLP server span to a transaction row with HTTP columns (new semconv)', () => {
    const row = mapSpan(span(), '@opentelemetry/instrumentation-http');
    if (typeof row === 'string') throw new Error(row);
    expect(row.startNs).toBe(1700000000123456789n);
    expect(row.durationNs).toBe(50_000_000);
    expect(row.isTransaction).toBe(true);
    expect(row.httpMethod).toBe('GET');
    expect(row.httpRoute).toBe('/orders/:id');
    expect(row.httpStatusCode).toBe(503);
    expect(row.statusCode).toBe(2);
    expect(row.statusMessage).toBe('boom');
    expect(row.parentSpanId).toBeUndefined();
    expect(row.attributes['http.response.status_code']).toBe('503');
  });

  it('reads the old HTTP semantic conventions too', () => {
    const row = mapSpan(
      span({ attributes: [kv('http.method', 'POST'), kv('http.status_code', 201), kv('http.route', '/cart')] }),
      '',
    );
    if (typeof row === 'string') throw new Error(row);
    expect([row.httpMethod, row.httpRoute, row.httpStatusCode]).toEqual(['POST', '/cart', 201]);
  });

  it('refuses invalid ids and timestamps with a reason', () => {
    expect(mapSpan(span({ traceId: Buffer.alloc(16) }), '')).toBe('invalid trace id');
    expect(mapSpan(span({ traceId: Buffer.alloc(5, 1) }), '')).toBe('invalid trace id');
    expect(mapSpan(span({ spanId: Buffer.alloc(4, 1) }), '')).toBe('invalid span id');
    expect(mapSpan(span({ parentSpanId: Buffer.alloc(3, 1) }), '')).toBe('invalid parent span id');
    expect(mapSpan(span({ startTimeUnixNano: 0 }), '')).toBe('invalid timestamps');
    expect(mapSpan(span({ startTimeUnixNano: '18446744073709551615' }), '')).toBe('invalid timestamps');
  });

  it('clamps a negative duration to 0', () => {
    const row = mapSpan(span({ endTimeUnixNano: '1700000000000000000' }), '');
    if (typeof row === 'string') throw new Error(row);
    expect(row.durationNs).toBe(0);
  });

  it('decides transactions: SERVER, entry CONSUMER, remote-parent INTERNAL', () => {
    const isTransaction = (kind: number, parentSpanId: Uint8Array | undefined, flags: number | undefined) => {
      const row = mapSpan({ ...span({ kind, parentSpanId }), flags } as OtlpSpan, '');
      if (typeof row === 'string') throw new Error(row);
      return row.isTransaction;
    };
    expect(isTransaction(2, parent8, undefined)).toBe(true);
    expect(isTransaction(3, undefined, undefined)).toBe(false); // CLIENT root
    expect(isTransaction(5, undefined, undefined)).toBe(true); // CONSUMER root
    expect(isTransaction(5, parent8, 0x100)).toBe(false); // CONSUMER, local parent
    expect(isTransaction(5, parent8, 0x300)).toBe(true); // CONSUMER, remote parent
    expect(isTransaction(1, parent8, 0x300)).toBe(true); // INTERNAL, remote parent
    expect(isTransaction(1, undefined, undefined)).toBe(false); // INTERNAL root
    expect(isTransaction(1, parent8, undefined)).toBe(false);
    // an all-zero parent id is no parent
    expect(isTransaction(5, Buffer.alloc(8), 0x100)).toBe(true); // CONSUMER root
    expect(isTransaction(1, Buffer.alloc(8), 0x300)).toBe(false); // INTERNAL root
  });
});

describe('SpanBatch', () => {
  it('encodes one TSV row per span with the resource tail and aggregates live pod-seconds', () => {
    const pod = podSpec('checkout', 1);
    const req = traceRequest(pod, {
      transactions: 4,
      spansPerTransaction: 3,
      startMs: 1_700_000_000_000,
      durationMs: (i) => [100, 600, 2500, 50][i] as number,
      status: (i) => (i === 3 ? 500 : 200),
    });
    // round trip through protobuf like a Kafka record
    const decoded = decodeOtlp('traces', encodeOtlp('traces', req));
    const b = new SpanBatch();
    expect(b.add(decoded)).toBe(0);
    expect(b.rows).toBe(12);
    const lines = b.body().toString('latin1').split('\n').filter(Boolean);
    expect(lines).toHaveLength(12);
    for (const l of lines) expect(l.split('\t')).toHaveLength(SPAN_COLUMNS.length);
    const live = b.liveRows();
    const total = live.reduce((a, r) => a + r.count, 0);
    expect(total).toBe(4);
    expect(live.reduce((a, r) => a + r.errors, 0)).toBe(1);
    // no Apdex at ingest: each row carries its transactions' latency histogram (the 500 one failed)
    const bucket = (ms: number) => bucketOfNs(ms * 1e6);
    const buckets = live.flatMap((r) => r.latency).sort((x, y) => x[0] - y[0]);
    expect(buckets).toEqual([
      [bucket(50), 1, 1],
      [bucket(100), 1, 0],
      [bucket(600), 1, 0],
      [bucket(2500), 1, 0],
    ]);
    for (const r of live) {
      expect(r.latency.reduce((a, [, c]) => a + c, 0)).toBe(r.count);
      expect(r.latency.reduce((a, [, , e]) => a + e, 0)).toBe(r.errors);
    }
    // read with T = 500: 100 ms satisfied, 600 tolerating (T < d <= 4T), 2500 frustrated, the 500 error frustrated
    expect(apdexFromLatency(buckets, 500)).toEqual({ satisfied: 1, tolerating: 1, frustrated: 2 });
    expect(live[0]?.podName).toBe(pod.podName);
    expect(b.sightings.get(pod.instanceId)?.identity.podUid).toBe(pod.podUid);
  });

  it('counts refused spans and keeps the valid ones', () => {
    const pod = podSpec('cart', 2);
    const req = traceRequest(pod, { transactions: 3 });
    const spans = req.resourceSpans?.[0]?.scopeSpans?.[0]?.spans as OtlpSpan[];
    (spans[1] as OtlpSpan).traceId = Buffer.alloc(16);
    const b = new SpanBatch();
    expect(b.add(req)).toBe(1);
    expect(b.rows).toBe(2);
    expect(b.rejections.get('invalid trace id')).toBe(1);
  });
});

describe('sightings: a pod seen by its spans own times', () => {
  it('first seen is the oldest span start, last seen the newest span end, over requests, on both paths', () => {
    const pods = [podSpec('web', 1), podSpec('api', 2)];
    const t0 = 1_800_000_000_000;
    // two requests per pod; the second one starts earlier and ends later than the first
    const reqs = pods.flatMap((p, n) => [
      traceRequest(p, { transactions: 3, startMs: t0 + n * 10_000, durationMs: 20 }),
      traceRequest(p, { transactions: 1, startMs: t0 + n * 10_000 - 5_000.25, durationMs: 9_000.5 }),
    ]);
    const objects = new SpanBatch();
    const bytes = new SpanBatch();
    for (const r of reqs) {
      objects.add(decodeOtlp('traces', encodeOtlp('traces', r)));
      bytes.addProtobuf(encodeOtlp('traces', r));
    }
    for (const b of [objects, bytes])
      expect(pods.map((p) => b.sightings.get(p.instanceId)).map((s) => [s?.firstSeenMs, s?.lastSeenMs])).toEqual([
        [t0 - 5_001, t0 + 4_000],
        [t0 + 10_000 - 5_001, t0 + 14_000],
      ]);
  });
});
