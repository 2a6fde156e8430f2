import { gzipSync } from 'node:zlib';
import { decodeOtlp, encodeOtlp, LIFECYCLE_EVENTS, type OtlpSpan } from '@podtrail/contracts';
import { describe, expect, it } from 'vitest';
import { count, waitFor } from '../testing/ingest-harness.js';
import { lifecycleRequest, metricsRequest, podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';

/**
 * The OTLP/HTTP receiver on a real app with embedded chDB (no Kafka consumer needed: it writes
 * through the same pipeline). Auth is on: the `ingest` role is required.
 */
const INGEST = 'ingest-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdefgh';
const collector = otlpOnlyApp({
  config: { maxBodyBytes: 256 * 1024 },
  tokens: [
    { role: 'ingest', token: INGEST },
    { role: 'read', token: READ },
  ],
});
const cfg = collector.config;

const auth = { authorization: `Bearer ${INGEST}` };
const PB = { ...auth, 'content-type': 'application/x-protobuf' };
const JSON_CT = { ...auth, 'content-type': 'application/json' };

/** OTLP/JSON as an SDK sends it: hex ids, int64 as strings, enums as numbers. */
function toOtlpJson(req: ReturnType<typeof traceRequest>): unknown {
  return JSON.parse(
    JSON.stringify(req, (_k, v) => {
      if (v && typeof v === 'object' && v.type === 'Buffer' && Array.isArray(v.data))
        return Buffer.from(v.data).toString('hex');
      return v;
    }),
  );
}

/** Minimal protobuf reader (varint and length-delimited fields) for the response checks. */
function fields(buf: Buffer): Map<number, (number | Buffer)[]> {
  const out = new Map<number, (number | Buffer)[]>();
  let i = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[i++] as number;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const f = Math.floor(key / 8);
    const wire = key & 7;
    const list = out.get(f) ?? [];
    if (wire === 0) list.push(varint());
    else if (wire === 2) {
      const len = varint();
      list.push(buf.subarray(i, i + len));
      i += len;
    } else throw new Error(`unexpected wire type ${wire}`);
    out.set(f, list);
  }
  return out;
}

describe('OTLP/HTTP receiver', () => {
  it('accepts protobuf traces and answers an ExportTraceServiceResponse', async () => {
    const pod = podSpec('otlp-pb', 1);
    const body = Buffer.from(encodeOtlp('traces', traceRequest(pod, { transactions: 7, spansPerTransaction: 3 })));
    const res = await collector.app.inject({ method: 'POST', url: '/v1/traces', headers: PB, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-protobuf');
    expect(res.rawPayload.length).toBe(0); // empty ExportTraceServiceResponse: full success
    expect(await count(collector.app, 'spans', "ServiceName = 'otlp-pb'")).toBe(21);
  });

  it('accepts JSON and gzip', async () => {
    const pod = podSpec('otlp-json', 1);
    const json = JSON.stringify(toOtlpJson(traceRequest(pod, { transactions: 4, spansPerTransaction: 2 })));
    const res = await collector.app.inject({ method: 'POST', url: '/v1/traces', headers: JSON_CT, payload: json });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    const gz = gzipSync(Buffer.from(encodeOtlp('traces', traceRequest(pod, { transactions: 3 }))));
    const res2 = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...PB, 'content-encoding': 'gzip' },
      payload: gz,
    });
    expect(res2.statusCode).toBe(200);
    const gzJson = gzipSync(JSON.stringify(toOtlpJson(traceRequest(pod, { transactions: 4, spansPerTransaction: 2 }))));
    const res3 = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...JSON_CT, 'content-encoding': 'gzip' },
      payload: gzJson,
    });
    expect(res3.statusCode).toBe(200);
    expect(await count(collector.app, 'spans', "ServiceName = 'otlp-json'")).toBe(8 + 3 + 8);
    // an SDK retrying the very same export (same bytes) is not stored twice: ClickHouse drops an
    // identical block within the deduplication window
    const again = await collector.app.inject({ method: 'POST', url: '/v1/traces', headers: JSON_CT, payload: json });
    expect(again.statusCode).toBe(200);
    expect(await count(collector.app, 'spans', "ServiceName = 'otlp-json'")).toBe(8 + 3 + 8);
  });

  it('reports partial success for spans it refuses and stores the rest', async () => {
    const pod = podSpec('otlp-partial', 1);
    const req = traceRequest(pod, { transactions: 5 });
    const spans = req.resourceSpans?.[0]?.scopeSpans?.[0]?.spans as OtlpSpan[];
    (spans[0] as OtlpSpan).traceId = Buffer.alloc(16); // all-zero trace id is invalid
    (spans[3] as OtlpSpan).spanId = Buffer.alloc(3, 1);
    const res = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: PB,
      payload: Buffer.from(encodeOtlp('traces', req)),
    });
    expect(res.statusCode).toBe(200);
    // ExportTraceServiceResponse { partial_success = 1 { rejected_spans = 1; error_message = 2 } }
    const partial = fields(fields(res.rawPayload).get(1)?.[0] as Buffer);
    expect(partial.get(1)).toEqual([2]);
    expect(String(partial.get(2)?.[0])).toContain('refused');
    expect(await count(collector.app, 'spans', "ServiceName = 'otlp-partial'")).toBe(3);
    // JSON flavour
    const resJ = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: JSON_CT,
      payload: JSON.stringify(toOtlpJson(req)),
    });
    expect(resJ.json()).toMatchObject({ partialSuccess: { rejectedSpans: '2' } });
  });

  it('answers 400 with a google.rpc.Status for malformed protobuf, truncated bodies and bad JSON', async () => {
    const garbage = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: PB,
      payload: Buffer.from('\u00ff\u00ff\u00ffnot protobuf'),
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.headers['x-podtrail-error-code']).toBe('APM_ERR_OTLP_MALFORMED');
    const status = fields(garbage.rawPayload);
    expect(status.get(1)).toEqual([3]);
    expect(String(status.get(2)?.[0])).toMatch(/not a valid OTLP protobuf traces request/);

    const full = Buffer.from(encodeOtlp('traces', traceRequest(podSpec('x', 1), { transactions: 3 })));
    const truncated = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: PB,
      payload: full.subarray(0, full.length - 7),
    });
    expect(truncated.statusCode).toBe(400);

    const badJson = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: JSON_CT,
      payload: '{"resourceSpans": [',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ code: 3, error: 'APM_ERR_OTLP_MALFORMED' });
    expect(badJson.json().message).toMatch(/invalid JSON/);

    const badHex = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: JSON_CT,
      payload: JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz-not-hex', spanId: '01', name: 'x' }] }] }],
      }),
    });
    expect(badHex.statusCode).toBe(400);
    expect(badHex.json().message).toMatch(/traceId/);

    const badGzip = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...PB, 'content-encoding': 'gzip' },
      payload: Buffer.from('definitely not gzip'),
    });
    expect(badGzip.statusCode).toBe(400);
  });

  it('answers 413 above the size limit, compressed or after decompression', async () => {
    const big = Buffer.alloc(300 * 1024, 1);
    const raw = await collector.app.inject({ method: 'POST', url: '/v1/traces', headers: PB, payload: big });
    expect(raw.statusCode).toBe(413);
    expect(raw.headers['x-podtrail-error-code']).toBe('APM_ERR_OTLP_TOO_LARGE');
    // a small gzip bomb: 10 MB of zeros compress to ~10 KB
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(256 * 1024);
    const res = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...PB, 'content-encoding': 'gzip' },
      payload: bomb,
    });
    expect(res.statusCode).toBe(413);
  });

  it('answers 415 for other media types and encodings', async () => {
    const r1 = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(r1.statusCode).toBe(415);
    expect(r1.headers['x-podtrail-error-code']).toBe('APM_ERR_OTLP_UNSUPPORTED_MEDIA_TYPE');
    const r2 = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { ...PB, 'content-encoding': 'br' },
      payload: 'x',
    });
    expect(r2.statusCode).toBe(415);
  });

  it('requires an ingest token', async () => {
    const body = Buffer.from(encodeOtlp('traces', traceRequest(podSpec('x', 1), { transactions: 1 })));
    const none = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: body,
    });
    expect(none.statusCode).toBe(401);
    const read = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { authorization: `Bearer ${READ}`, 'content-type': 'application/x-protobuf' },
      payload: body,
    });
    expect(read.statusCode).toBe(403);
  });

  it('stores metrics and logs; lifecycle events reach the pod lifecycle tracker', async () => {
    const pod = podSpec('otlp-logs', 1);
    const m = await collector.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      headers: PB,
      payload: Buffer.from(encodeOtlp('metrics', metricsRequest(pod, Date.now()))),
    });
    expect(m.statusCode).toBe(200);
    expect(await count(collector.app, 'metrics', "ServiceName = 'otlp-logs'")).toBe(2);
    const hist = await collector.app.ch.reader.query({
      query: `SELECT MetricType, Count, BucketCounts FROM ${cfg.database}.metrics WHERE ServiceName = 'otlp-logs' AND MetricType = 'histogram'`,
      format: 'JSONEachRow',
    });
    expect(await hist.json()).toEqual([{ MetricType: 'histogram', Count: 10, BucketCounts: [2, 6, 2, 0] }]);

    const started = lifecycleRequest(pod, LIFECYCLE_EVENTS.started, Date.now() - 1000);
    const plain = lifecycleRequest(pod, 'app.log', Date.now());
    const l1 = await collector.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: PB,
      payload: Buffer.from(encodeOtlp('logs', started)),
    });
    const l2 = await collector.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: PB,
      payload: Buffer.from(encodeOtlp('logs', plain)),
    });
    expect([l1.statusCode, l2.statusCode]).toEqual([200, 200]);
    expect(await count(collector.app, 'lifecycle_events', "ServiceName = 'otlp-logs'")).toBe(1);
    expect(await count(collector.app, 'logs', "ServiceName = 'otlp-logs'")).toBe(1);
    const pods = await waitFor(
      async () =>
        (await (
          await collector.app.ch.reader.query({
            query: `SELECT State, InstanceCount FROM ${cfg.database}.pods FINAL WHERE PodName = {p:String}`,
            query_params: { p: pod.podName },
            format: 'JSONEachRow',
          })
        ).json()) as { State: string; InstanceCount: number }[],
      (r) => r.length === 1,
    );
    expect(pods[0]).toEqual({ State: 'running', InstanceCount: 1 });
  });

  it('answers 503 with Retry-After while ClickHouse is unavailable', async () => {
    collector.app.tables.setFaultInjector(() => new Error('simulated outage'));
    try {
      const body = Buffer.from(encodeOtlp('traces', traceRequest(podSpec('x', 1), { transactions: 1 })));
      const res = await collector.app.inject({ method: 'POST', url: '/v1/traces', headers: PB, payload: body });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['x-podtrail-error-code']).toBe('APM_ERR_STORE_UNAVAILABLE');
    } finally {
      collector.app.tables.setFaultInjector(null);
    }
  });

  it('decodes what it accepted exactly like the Kafka path (same bytes in the table)', async () => {
    const pod = podSpec('otlp-same', 1);
    const req = traceRequest(pod, { transactions: 2 });
    await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: PB,
      payload: Buffer.from(encodeOtlp('traces', req)),
    });
    const ids = (await (
      await collector.app.ch.reader.query({
        query: `SELECT lower(hex(TraceId)) AS t FROM ${cfg.database}.spans WHERE ServiceName = 'otlp-same' ORDER BY Timestamp`,
        format: 'JSONEachRow',
      })
    ).json()) as { t: string }[];
    const sent = decodeOtlp('traces', encodeOtlp('traces', req)).resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    expect(ids.map((r) => r.t)).toEqual(sent.map((s) => Buffer.from(s.traceId).toString('hex')));
  });
});
