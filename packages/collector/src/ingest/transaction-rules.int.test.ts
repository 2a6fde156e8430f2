import { decodeOtlp, encodeOtlp, type OtlpSpan, type OtlpTraceRequest } from '@podtrail/contracts';
import {
  bucketOfNs,
  isFailedTransaction,
  isTransactionSpan,
  OTLP_SPAN_FLAGS,
  OTLP_SPAN_KIND,
  OTLP_STATUS_CODE,
} from '@podtrail/contracts/rules';
import { SEMCONV } from '@podtrail/contracts/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { type OpenedStore, openStore } from '../plugins/clickhouse.js';
import { migrate } from '../store/migrate.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { kv, type PodSpec, resourceAttrs } from '../testing/otlp-fixtures.js';
import { SPAN_COLUMNS, SpanBatch } from './spans.js';

/**
 * The transaction rules have a TypeScript form (ingest: IsTransaction, the live aggregates) and an
 * SQL form (the tx_1s materialized view: Ts, LatencyBucket, Errors). Spans go through the real
 * ingest path (SpanBatch, both the protobuf transcoder and the object path, then the table writer)
 * into embedded ClickHouse, and every span's stored outcome must equal the TypeScript rule's.
 */
const target = clickhouseTarget('podtrail-rules-');
const config = loadConfig({ ...target.config, api: { authEnabled: false, bootstrapTokens: false } }, {});
let store: OpenedStore;
const db = config.database;

beforeAll(async () => {
  store = openStore(config);
  await migrate(store.ch.writer, db);
});
afterAll(async () => {
  await store?.close();
  await target.cleanup();
});

async function rows<T>(query: string): Promise<T[]> {
  const rs = await store.ch.reader.query({ query, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}

const NS_PER_S = 1_000_000_000n;
/** an hour ago, on a whole second (well inside every table's TTL) */
const T0 = BigInt(Math.floor(Date.now() / 1000) - 3600) * NS_PER_S;

function id(n: number, bytes: number, salt: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUInt32BE(n + 1, bytes - 4);
  b.writeUInt16BE(salt, 0);
  return b;
}

function pod(service: string, instanceId: string): PodSpec {
  return { service, podName: `${service}-0`, podUid: `${service}-uid`, instanceId };
}

/** Ingests a request through both SpanBatch paths (one service each) and inserts the rows. */
async function ingest(build: (service: string) => OtlpTraceRequest, services: { proto: string; object: string }) {
  const viaProto = new SpanBatch();
  expect(viaProto.addProtobuf(encodeOtlp('traces', build(services.proto)))).toBe(0);
  const viaObject = new SpanBatch();
  expect(viaObject.add(decodeOtlp('traces', encodeOtlp('traces', build(services.object))))).toBe(0);
  for (const [b, token] of [
    [viaProto, `${services.proto}-1`],
    [viaObject, `${services.object}-1`],
  ] as const)
    await store.tables.insert('spans', SPAN_COLUMNS, b.body(), b.rows, token);
  return { viaProto, viaObject };
}

describe('tx_1s (SQL rules) agrees with the TypeScript rules span by span', () => {
  interface GridSpan {
    instanceId: string;
    startNs: bigint;
    durationNs: number;
    statusCode: number;
    httpStatusCode: number | undefined;
  }
  const STATUS = [OTLP_STATUS_CODE.unset, OTLP_STATUS_CODE.ok, OTLP_STATUS_CODE.error];
  const HTTP = [undefined, 200, 499, 500, 503, 599];
  // around bucket edges (2^(b/4) µs: 1 µs, 2^11 µs exact) and the 1 µs floor, up to seconds
  const DURATIONS = [0, 1, 999, 1000, 1001, 1_189, 2_047_999, 2_048_000, 123_456_789, 2_999_999_999];
  // where the span ends relative to a whole second: on it, just before, just after, mid-second
  const END_OFFSETS = [0n, -1n, -1000n, 1n, 500_000_001n];

  const grid: GridSpan[] = [];
  let n = 0;
  for (const statusCode of STATUS)
    for (const httpStatusCode of HTTP)
      for (const durationNs of DURATIONS) {
        const endOffset = END_OFFSETS[n % END_OFFSETS.length] as bigint;
        const endNs = T0 + BigInt(n) * NS_PER_S + endOffset;
        grid.push({ instanceId: `i${n}`, startNs: endNs - BigInt(durationNs), durationNs, statusCode, httpStatusCode });
        n++;
      }

  /** One resource (process instance) per span, so each tx_1s row and live row is one span. */
  function gridRequest(service: string): OtlpTraceRequest {
    return {
      resourceSpans: grid.map((g, i) => ({
        resource: { attributes: resourceAttrs(pod(service, g.instanceId)) },
        scopeSpans: [
          {
            scope: { name: 'grid' },
            spans: [
              {
                traceId: id(i, 16, 1),
                spanId: id(i, 8, 1),
                name: 'GET /grid',
                kind: OTLP_SPAN_KIND.server,
                startTimeUnixNano: g.startNs.toString(),
                endTimeUnixNano: (g.startNs + BigInt(g.durationNs)).toString(),
                attributes: [
                  kv(SEMCONV.httpRoute, '/grid'),
                  ...(g.httpStatusCode === undefined ? [] : [kv(SEMCONV.httpResponseStatusCode, g.httpStatusCode)]),
                ],
                status: { code: g.statusCode, message: '' },
              } as OtlpSpan,
            ],
          },
        ],
      })),
    };
  }

  it('Ts is the second the span ended in, LatencyBucket is bucketOfNs, Errors is isFailedTransaction', async () => {
    const services = { proto: 'grid-proto', object: 'grid-object' };
    const batches = await ingest(gridRequest, services);
    for (const [service, batch] of [
      [services.proto, batches.viaProto],
      [services.object, batches.viaObject],
    ] as const) {
      const stored = await rows<{ InstanceId: string; ts: number; LatencyBucket: number; c: string; e: string }>(
        `SELECT InstanceId, toUnixTimestamp(Ts) AS ts, LatencyBucket, toString(sum(Count)) AS c, toString(sum(Errors)) AS e
         FROM ${db}.tx_1s WHERE ServiceName = '${service}'
         GROUP BY InstanceId, ts, LatencyBucket`,
      );
      const live = new Map(batch.liveRows().map((r) => [r.instanceId, r]));
      const ctx = (g: GridSpan) =>
        `${service}: start ${g.startNs} + ${g.durationNs} ns, status ${g.statusCode}, HTTP ${g.httpStatusCode}`;
      expect(stored.length, service).toBe(grid.length);
      expect(live.size, service).toBe(grid.length);
      const byInstance = new Map(stored.map((r) => [r.InstanceId, r]));
      for (const g of grid) {
        const failed = isFailedTransaction(g.statusCode, g.httpStatusCode ?? 0) ? 1 : 0;
        const endSecond = Number((g.startNs + BigInt(g.durationNs)) / NS_PER_S);
        const liveRow = live.get(g.instanceId);
        // the TypeScript forms: the rules, and what the live stream computed for this span
        expect([liveRow?.ts, liveRow?.count, liveRow?.errors], ctx(g)).toEqual([endSecond, 1, failed]);
        // the SQL forms, as stored
        expect(byInstance.get(g.instanceId), ctx(g)).toEqual({
          InstanceId: g.instanceId,
          ts: endSecond,
          LatencyBucket: bucketOfNs(g.durationNs),
          c: '1',
          e: String(failed),
        });
      }
    }
  });
});

describe('IsTransaction is isTransactionSpan', () => {
  const KINDS = [...Object.values(OTLP_SPAN_KIND), 6];
  const REAL_PARENT = id(0, 8, 0xbeef);
  const PARENTS = [undefined, Buffer.alloc(8), REAL_PARENT];
  const FLAGS = [
    undefined,
    0,
    OTLP_SPAN_FLAGS.contextHasIsRemote,
    OTLP_SPAN_FLAGS.contextIsRemote,
    OTLP_SPAN_FLAGS.contextHasIsRemote | OTLP_SPAN_FLAGS.contextIsRemote,
  ];
  interface KindSpan {
    spanId: Buffer;
    kind: number;
    parent: Buffer | undefined;
    flags: number | undefined;
  }
  const grid: KindSpan[] = [];
  for (const kind of KINDS)
    for (const parent of PARENTS)
      for (const flags of FLAGS) grid.push({ spanId: id(grid.length, 8, 2), kind, parent, flags });

  function kindsRequest(service: string): OtlpTraceRequest {
    const start = T0 + 7n * NS_PER_S;
    return {
      resourceSpans: [
        {
          resource: { attributes: resourceAttrs(pod(service, 'k1')) },
          scopeSpans: [
            {
              scope: { name: 'grid' },
              spans: grid.map((g, i) => {
                const s = {
                  traceId: id(i, 16, 2),
                  spanId: g.spanId,
                  name: `kind ${g.kind}`,
                  kind: g.kind,
                  startTimeUnixNano: start.toString(),
                  endTimeUnixNano: (start + 1_000_000n).toString(),
                  attributes: [kv(SEMCONV.httpRoute, `/k/${i}`)],
                } as OtlpSpan & { flags?: number };
                if (g.parent) s.parentSpanId = g.parent;
                if (g.flags !== undefined) s.flags = g.flags;
                return s;
              }),
            },
          ],
        },
      ],
    };
  }

  it('for every kind, parent (none, all-zero, real) and remote flag', async () => {
    const services = { proto: 'kinds-proto', object: 'kinds-object' };
    await ingest(kindsRequest, services);
    // an all-zero parent id is no parent
    const expected = (g: KindSpan) => isTransactionSpan(g.kind, g.parent?.some((x) => x !== 0) ?? false, g.flags);
    const transactions = grid.filter(expected).length;
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(grid.length);
    for (const service of [services.proto, services.object]) {
      const stored = new Map(
        (
          await rows<{ s: string; IsTransaction: boolean }>(
            `SELECT hex(SpanId) AS s, IsTransaction FROM ${db}.spans WHERE ServiceName = '${service}'`,
          )
        ).map((r) => [r.s, r.IsTransaction]),
      );
      expect(stored.size, service).toBe(grid.length);
      for (const g of grid)
        expect(stored.get(g.spanId.toString('hex').toUpperCase()), `${service}: ${JSON.stringify(g)}`).toBe(
          expected(g),
        );
      // tx_1s holds exactly the transactions (one route each)
      const tx = await rows<{ n: string }>(
        `SELECT toString(sum(Count)) AS n FROM ${db}.tx_1s WHERE ServiceName = '${service}'`,
      );
      expect(tx[0]?.n, service).toBe(String(transactions));
    }
  });
});
