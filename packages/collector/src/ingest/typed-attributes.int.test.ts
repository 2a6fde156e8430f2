import { randomBytes } from 'node:crypto';
import { encodeOtlp, type OtlpKeyValue, type OtlpTraceRequest } from '@podtrail/contracts';
import type { TraceResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { createTopics, produce, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, podSpec, resourceAttrs } from '../testing/otlp-fixtures.js';

/**
 * Issue 13 point 5: span attribute values keep their OTLP type from ingest to the trace API, the
 * same through Kafka (the agents' path), OTLP/HTTP protobuf and OTLP/HTTP JSON.
 */
const brokers = inject('kafkaBrokers');
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget);
let app: FastifyInstance;
let producer: Producer;

const ATTRIBUTES: OtlpKeyValue[] = [
  { key: 'str', value: { stringValue: '42' } },
  { key: 'int', value: { intValue: 1234567 } },
  { key: 'int.negative', value: { intValue: -12 } },
  { key: 'int.big', value: { intValue: '9007199254740993' } },
  { key: 'double', value: { doubleValue: 3.25 } },
  { key: 'bool', value: { boolValue: true } },
  { key: 'bool.false', value: { boolValue: false } },
  { key: 'ints', value: { arrayValue: { values: [{ intValue: 1 }, { intValue: 2 }, { intValue: 3 }] } } },
  { key: 'doubles', value: { arrayValue: { values: [{ doubleValue: 0.5 }, { doubleValue: -1.5 }] } } },
  { key: 'bools', value: { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } } },
  { key: 'strings', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: '1' }] } } },
  { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
  { key: 'http.response.status_code', value: { intValue: 201 } },
];
const EXPECTED = {
  str: '42',
  int: 1234567,
  'int.negative': -12,
  'int.big': '9007199254740993',
  double: 3.25,
  bool: true,
  'bool.false': false,
  ints: [1, 2, 3],
  doubles: [0.5, -1.5],
  bools: [true, false],
  strings: ['a', '1'],
  kv: { k: 'v' },
  'http.response.status_code': 201,
};

function request(service: string): { req: OtlpTraceRequest; traceId: string; instanceId: string } {
  const pod = podSpec(service, 1);
  const traceId = randomBytes(16);
  const now = BigInt(Date.now()) * 1_000_000n;
  const req: OtlpTraceRequest = {
    resourceSpans: [
      {
        resource: { attributes: resourceAttrs(pod) },
        scopeSpans: [
          {
            scope: { name: 'typed' },
            spans: [
              {
                traceId,
                spanId: randomBytes(8),
                name: 'GET /typed',
                kind: 2,
                startTimeUnixNano: String(now - 5_000_000n),
                endTimeUnixNano: String(now),
                attributes: ATTRIBUTES,
              },
            ],
          },
        ],
      },
    ],
  };
  return { req, traceId: traceId.toString('hex'), instanceId: pod.instanceId };
}

/** OTLP/JSON as an SDK sends it: hex ids, int64 as strings. */
const toOtlpJson = (req: OtlpTraceRequest) =>
  JSON.stringify(req, (_k, v) =>
    v && typeof v === 'object' && v.type === 'Buffer' && Array.isArray(v.data)
      ? Buffer.from(v.data).toString('hex')
      : v,
  );

async function traceAttributes(traceId: string) {
  const res = await waitFor(
    () => app.inject({ method: 'GET', url: `/api/v1/traces/${traceId}` }),
    (r) => r.statusCode === 200,
    90_000,
  );
  const body = res.json() as TraceResponse;
  expect(body.spans).toHaveLength(1);
  return body.spans[0]!;
}

beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.spans, cfg.topics.metrics, cfg.topics.lifecycle, cfg.topics.deadLetter]);
  app = await build(cfg, { live: false });
  producer = await testProducer(brokers);
}, 180_000);
afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await chTarget.cleanup();
});

describe('typed span attributes', () => {
  it('through Kafka: the trace API answers each value in its type', async () => {
    const { req, traceId, instanceId } = request('typed-kafka');
    await produce(producer, cfg.topics.spans, [
      { key: instanceId, value: Buffer.from(encodeOtlp('traces', req)), headers: agentHeaders(instanceId) },
    ]);
    const span = await traceAttributes(traceId);
    expect(span.attributes).toEqual(EXPECTED);
    expect(span.httpStatusCode).toBe(201);
  });

  it('through OTLP/HTTP, protobuf and JSON: the same typed values', async () => {
    const pb = request('typed-otlp-pb');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(encodeOtlp('traces', pb.req)),
    });
    expect(res.statusCode).toBe(200);
    expect((await traceAttributes(pb.traceId)).attributes).toEqual(EXPECTED);

    const json = request('typed-otlp-json');
    const resJ = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: toOtlpJson(json.req),
    });
    expect(resJ.statusCode).toBe(200);
    expect((await traceAttributes(json.traceId)).attributes).toEqual(EXPECTED);
  });

  it('span search filters on the string form and answers typed values', async () => {
    const { req, traceId } = request('typed-search');
    await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(encodeOtlp('traces', req)),
    });
    await traceAttributes(traceId);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/spans?service=typed-search&attrKey=int&attrValue=1234567',
    });
    expect(res.statusCode).toBe(200);
    const rows = (res.json() as { rows: { traceId: string; attributes: unknown }[] }).rows;
    expect(rows.map((r) => r.traceId)).toEqual([traceId]);
    expect(rows[0]?.attributes).toEqual(EXPECTED);
  });
});
