import { randomBytes } from 'node:crypto';
import {
  decodeOtlp,
  encodeOtlp,
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpSpan,
  type OtlpTraceRequest,
} from '@podtrail/contracts';
import { describe, expect, it } from 'vitest';
import { kv, podSpec, resourceAttrs, traceRequest } from '../testing/otlp-fixtures.js';
import { SpanBatch } from './spans.js';
import { scanTraces, WireError } from './traces-transcoder.js';

/** Deterministic PRNG so a failure is reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  'plain',
  'tab\there',
  'line\nbreak',
  "quo'te",
  'back\\slash',
  'nul\0byte',
  'cr\rx',
  'ünïcødé ✓ 日本',
  '',
  "{'a':1}",
  '[1,2]',
];

function anyValue(r: () => number, depth = 0): OtlpAnyValue {
  const pick = Math.floor(r() * (depth > 1 ? 5 : 8));
  switch (pick) {
    case 0:
    case 1:
      return { stringValue: NASTY[Math.floor(r() * NASTY.length)] as string };
    case 2:
      return { intValue: Math.floor((r() - 0.3) * 1e12) };
    case 3:
      return { doubleValue: (r() - 0.5) * 1e6 };
    case 4:
      return { boolValue: r() < 0.5 };
    case 5:
      return { bytesValue: randomBytes(Math.floor(r() * 6)) };
    case 6:
      return { arrayValue: { values: [anyValue(r, depth + 1), anyValue(r, depth + 1)] } };
    default:
      return {
        kvlistValue: {
          values: [
            { key: 'a', value: anyValue(r, depth + 1) },
            { key: 'b\t', value: anyValue(r, depth + 1) },
          ],
        },
      };
  }
}

function attrs(r: () => number, n: number): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    const key =
      x < 0.05
        ? '42'
        : x < 0.1
          ? 'dup'
          : x < 0.15
            ? (NASTY[Math.floor(r() * NASTY.length)] as string)
            : `k${i}.${Math.floor(r() * 5)}`;
    out.push(r() < 0.05 ? { key } : { key, value: anyValue(r) });
  }
  if (r() < 0.3) out.push(kv('http.request.method', 'GET'));
  if (r() < 0.2) out.push(kv('http.method', 'POST'));
  if (r() < 0.3) out.push(kv('http.route', NASTY[Math.floor(r() * NASTY.length)] as string));
  if (r() < 0.3) out.push(kv('http.response.status_code', Math.floor(r() * 600)));
  if (r() < 0.2) out.push(kv('http.status_code', String(Math.floor(r() * 600))));
  return out;
}

function randomRequest(seed: number): OtlpTraceRequest {
  const r = rng(seed);
  const req: OtlpTraceRequest = { resourceSpans: [] };
  const nRes = 1 + Math.floor(r() * 3);
  for (let i = 0; i < nRes; i++) {
    const pod = podSpec(`svc${i}`, i);
    const base = traceRequest(pod, { transactions: 1 });
    const resource = {
      attributes: [...resourceAttrs(pod), kv('deployment.environment', NASTY[i] as string), ...attrs(r, 2)],
    };
    const spans: OtlpSpan[] = [];
    const n = Math.floor(r() * 12);
    for (let j = 0; j < n; j++) {
      const start = BigInt(Date.now() - 100_000) * 1_000_000n + BigInt(Math.floor(r() * 1e12));
      const x = r();
      const s: OtlpSpan = {
        traceId: x < 0.04 ? Buffer.alloc(16) : x < 0.06 ? randomBytes(15) : randomBytes(16),
        spanId: x > 0.97 ? randomBytes(7) : randomBytes(8),
        name: NASTY[Math.floor(r() * NASTY.length)] as string,
        kind: Math.floor(r() * 7),
        startTimeUnixNano: (x > 0.95 && x < 0.96 ? 0n : start).toString(),
        endTimeUnixNano: (start + BigInt(Math.floor((r() - 0.1) * 5e9))).toString(),
        attributes: attrs(r, Math.floor(r() * 8)),
        status:
          r() < 0.7
            ? { code: Math.floor(r() * 3), message: NASTY[Math.floor(r() * NASTY.length)] as string }
            : undefined,
      } as OtlpSpan;
      if (r() < 0.6) s.parentSpanId = r() < 0.1 ? Buffer.alloc(8) : r() < 0.05 ? randomBytes(3) : randomBytes(8);
      if (r() < 0.3) (s as { flags?: number }).flags = r() < 0.5 ? 0x300 : 0x100;
      if (r() < 0.3) s.traceState = 'k=v,x=y';
      if (r() < 0.3)
        s.events = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
          timeUnixNano: (start + 5n).toString(),
          name: NASTY[Math.floor(r() * NASTY.length)] as string,
          attributes: attrs(r, 2),
        }));
      if (r() < 0.2)
        s.links = [
          { traceId: randomBytes(16), spanId: randomBytes(8) },
          { traceId: randomBytes(5), spanId: randomBytes(8) },
        ];
      spans.push(s);
    }
    req.resourceSpans?.push({
      resource,
      scopeSpans: [
        { scope: { name: r() < 0.5 ? '@opentelemetry/instrumentation-http' : 'scope\twith tab', version: '1' }, spans },
        ...(r() < 0.3 ? [{ spans: base.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [] }] : []),
      ],
    });
  }
  return req;
}

describe('protobuf -> TSV transcoder', () => {
  it('produces byte-for-byte the rows, live aggregates, sightings and refusals of the object path', () => {
    let rows = 0;
    let refused = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = encodeOtlp('traces', randomRequest(seed));
      const a = new SpanBatch();
      const b = new SpanBatch();
      const refusedA = a.add(decodeOtlp('traces', bytes));
      const refusedB = b.addProtobuf(bytes);
      const ctx = `seed ${seed}`;
      expect(b.body().toString('latin1'), ctx).toBe(a.body().toString('latin1'));
      expect([b.rows, refusedB], ctx).toEqual([a.rows, refusedA]);
      expect(b.liveRows(), ctx).toEqual(a.liveRows());
      expect(
        [...b.sightings.entries()].map(([k, v]) => [k, v.firstSeenMs, v.lastSeenMs]),
        ctx,
      ).toEqual([...a.sightings.entries()].map(([k, v]) => [k, v.firstSeenMs, v.lastSeenMs]));
      expect([...b.rejections.entries()].sort(), ctx).toEqual([...a.rejections.entries()].sort());
      rows += b.rows;
      refused += refusedB;
    }
    // the random requests really exercise both paths
    expect(rows).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(50);
  });

  it('counts spans and refuses malformed or truncated input before writing anything', () => {
    const bytes = encodeOtlp('traces', traceRequest(podSpec('x', 1), { transactions: 6, spansPerTransaction: 3 }));
    expect(scanTraces(bytes).spans).toBe(18);
    for (const cut of [1, 7, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const b = new SpanBatch();
      expect(() => b.addProtobuf(bytes.subarray(0, cut))).toThrow(WireError);
      expect(b.rows).toBe(0);
      expect(b.body().length).toBe(0);
    }
    expect(() => scanTraces(Buffer.from('this is not protobuf at all'))).toThrow(WireError);
    expect(scanTraces(new Uint8Array(0)).spans).toBe(0);
  });
});
