import { decodeOtlp, encodeOtlp, type OtlpSpan } from '@podtrail/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { SPAN_COLUMNS, SpanBatch } from '../ingest/spans.js';
import { type OpenedStore, openStore } from '../plugins/clickhouse.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { kv, podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { appliedVersions, loadMigrations, migrate, migrateDown } from './migrate.js';
import { applyRetention } from './retention.js';
import { renderSql, splitStatements } from './sql.js';

// Real embedded ClickHouse (chDB) in a temp dir (one data path for this file's process), or the
// server of CLICKHOUSE_URL with a database of its own.
const target = clickhouseTarget('podtrail-store-');
const config = loadConfig({ ...target.config, api: { authEnabled: false, bootstrapTokens: false } }, {});
let store: OpenedStore;
const db = config.database;

async function rows<T>(query: string): Promise<T[]> {
  const rs = await store.ch.reader.query({ query, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}
async function num(query: string): Promise<number> {
  const r = await rows<{ n: string | number }>(query);
  return Number(r[0]?.n ?? 0);
}

beforeAll(async () => {
  store = openStore(config);
  await migrate(store.ch.writer, db);
});
afterAll(async () => {
  await store?.close();
  await target.cleanup();
});

describe('migrations', () => {
  it('are applied once and are idempotent on a second start', async () => {
    const all = loadMigrations().map((m) => m.version);
    expect(await appliedVersions(store.ch.writer, db)).toEqual(all);
    const again = await migrate(store.ch.writer, db);
    expect(again.applied).toEqual([]);
    expect(again.current).toBe(Math.max(...all));
    expect(await num(`SELECT count() AS n FROM ${db}.schema_migrations`)).toBe(all.length);
    const tables = (await rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${db}'`)).map(
      (t) => t.name,
    );
    for (const t of [
      'spans',
      'trace_index',
      'tx_1s',
      'tx_1m',
      'lifecycle_events',
      'instances',
      'pods',
      'pod_transitions',
      'metrics',
      'logs',
    ])
      expect(tables).toContain(t);
  });

  it('applies retention per data kind as TTL, only when it changes', async () => {
    const changed = await applyRetention(store.ch.writer, db, { spans: 3, aggregates: 14, lifecycle: 60, metrics: 10 });
    expect(changed.map((c) => c.table).sort()).toEqual(
      [
        'instances',
        'k8s_events',
        'k8s_hpa_history',
        'k8s_pods',
        'k8s_terminations',
        'k8s_workload_replicas',
        'lifecycle_events',
        'logs',
        'metrics',
        'pod_transitions',
        'pods',
        'spans',
        'trace_index',
        'tx_1s',
        'tx_1m',
        'tx_pod_1h',
      ].sort(),
    );
    const engine = async (t: string) =>
      (
        await rows<{ e: string }>(`SELECT engine_full AS e FROM system.tables WHERE database='${db}' AND name='${t}'`)
      )[0]?.e;
    expect(await engine('spans')).toContain('TTL toDateTime(Timestamp) + toIntervalDay(3)');
    expect(await engine('tx_1s')).toContain('TTL Ts + toIntervalDay(14)');
    expect(await engine('tx_1m')).toContain('TTL Ts + toIntervalDay(14)');
    expect(await engine('tx_pod_1h')).toContain('TTL Ts + toIntervalDay(14)');
    expect(await engine('pods')).toContain('TTL toDateTime(LastSeen) + toIntervalDay(60)');
    expect(await engine('metrics')).toContain('toIntervalDay(10)');
    // same config again: nothing to do
    expect(await applyRetention(store.ch.writer, db, { spans: 3, aggregates: 14, lifecycle: 60, metrics: 10 })).toEqual(
      [],
    );
  });

  it('0004 fills the per-minute rollup from what tx_1s held before it, once', async () => {
    // every migration after 0003 (0004 and the later ones) is rolled back, newest first, and re-applied
    const after3 = loadMigrations()
      .map((m) => m.version)
      .filter((v) => v > 3);
    expect(after3[0]).toBe(4);
    expect(await migrateDown(store.ch.writer, db, 3)).toEqual([...after3].reverse());
    const pod = podSpec('backfill', 1);
    const b = new SpanBatch();
    b.add(traceRequest(pod, { transactions: 40, startMs: Date.now() - 5 * 60_000, durationMs: (i) => 1 + i * 37 }));
    // rows as a collector before 0008 wrote them: without the attribute type tags (TSV: a tab never
    // occurs inside a value, so a column is one tab-separated field)
    const typesAt = SPAN_COLUMNS.indexOf('SpanAttributeTypes');
    const before0008 = Buffer.from(b.body())
      .toString('latin1') // byte for byte: ids are raw binary
      .split('\n')
      .map((line) => (line ? line.split('\t').toSpliced(typesAt, 1).join('\t') : line))
      .join('\n');
    await store.tables.insert(
      'spans',
      SPAN_COLUMNS.filter((c) => c !== 'SpanAttributeTypes'),
      Buffer.from(before0008, 'latin1'),
      b.rows,
      'spans:9:0-39',
    );
    const where = "ServiceName = 'backfill'";
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1s WHERE ${where}`)).toBe(40);
    expect((await migrate(store.ch.writer, db)).applied).toEqual(after3);
    // per latency bucket and minute, the rollup holds exactly the per-second sums
    const perMinute = (table: string) =>
      rows<{ m: string; b: number; c: string }>(
        `SELECT toString(toStartOfMinute(Ts)) AS m, LatencyBucket AS b, toString(sum(Count)) AS c FROM ${db}.${table}
         WHERE ${where} GROUP BY m, b ORDER BY m, b`,
      );
    expect(await perMinute('tx_1m')).toEqual(await perMinute('tx_1s'));
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1m WHERE ${where}`)).toBe(40);
    // a second collector running the same backfill at the same moment adds nothing
    const backfill = splitStatements(renderSql(loadMigrations().find((m) => m.version === 4)!.up, db)).at(-1)!;
    expect(backfill).toMatch(/^INSERT INTO/);
    await store.ch.writer.command({ query: backfill });
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1m WHERE ${where}`)).toBe(40);

    // 0009: the per pod and hour rollup holds each hour's histogram, sums, min and max of tx_1s, once
    const perHour = (table: string) =>
      rows<{ h: string; hist: unknown; d: string; mn: string; mx: string }>(
        table === 'tx_pod_1h'
          ? `SELECT toString(Ts) AS h, sumMap(Latency) AS hist, toString(sum(DurationSumNs)) AS d,
                    toString(min(DurationMinNs)) AS mn, toString(max(DurationMaxNs)) AS mx
             FROM ${db}.tx_pod_1h WHERE ${where} GROUP BY h ORDER BY h`
          : `SELECT toString(toStartOfHour(Ts)) AS h, sumMap([LatencyBucket], [Count], [Errors]) AS hist,
                    toString(sum(DurationSumNs)) AS d, toString(min(DurationMinNs)) AS mn, toString(max(DurationMaxNs)) AS mx
             FROM ${db}.tx_1s WHERE ${where} GROUP BY h ORDER BY h`,
      );
    const expected = await perHour('tx_1s');
    expect(expected.length).toBeGreaterThan(0);
    expect(await perHour('tx_pod_1h')).toEqual(expected);
    const backfill9 = splitStatements(renderSql(loadMigrations().find((m) => m.version === 9)!.up, db)).at(-1)!;
    expect(backfill9).toMatch(/^INSERT INTO/);
    await store.ch.writer.command({ query: backfill9 });
    expect(await perHour('tx_pod_1h')).toEqual(expected);
  });
});

describe('TSV encoding and deduplicated inserts', () => {
  it('stores binary ids and hostile strings exactly', async () => {
    // ids containing TAB, LF, CR, backslash, quote and NUL bytes
    const traceId = Buffer.from([0x09, 0x0a, 0x0d, 0x5c, 0x27, 0x00, 0xff, 0x80, 1, 2, 3, 4, 5, 6, 7, 8]);
    const spanId = Buffer.from([0x5c, 0x5c, 0x09, 0x27, 0x0a, 0x00, 0x7f, 0x0d]);
    const t0 = BigInt(Date.now() - 60_000) * 1_000_000n + 123_456_789n;
    const nasty = "tab\there\nnew'line\\back\r\0 ünïcødé ✓ {'x':'y'} [1,2]";
    const span: OtlpSpan = {
      traceId,
      spanId,
      parentSpanId: Buffer.from([1, 2, 3, 4, 5, 6, 7, 0x09]),
      name: nasty,
      kind: 2,
      startTimeUnixNano: t0.toString(),
      endTimeUnixNano: (t0 + 100_000_000n).toString(),
      attributes: [kv(nasty, nasty), kv('http.route', '/a\tb'), kv('http.response.status_code', 404)],
      events: [{ timeUnixNano: (t0 + 5n).toString(), name: nasty, attributes: [kv('k', nasty)] }],
      links: [{ traceId: Buffer.from(traceId).reverse(), spanId: Buffer.from(spanId).reverse() }],
      status: { code: 2, message: nasty },
    };
    const pod = podSpec('hostile', 1);
    const req = traceRequest(pod, { transactions: 1 });
    (req.resourceSpans?.[0]?.scopeSpans?.[0] as { spans: OtlpSpan[] }).spans = [span];
    req.resourceSpans?.[0]?.resource?.attributes?.push(kv('deployment.environment', nasty));
    const b = new SpanBatch();
    b.add(decodeOtlp('traces', encodeOtlp('traces', req)));
    await store.tables.insert('spans', SPAN_COLUMNS, b.body(), b.rows, 'roundtrip-1');
    const r = (
      await rows<Record<string, unknown>>(
        `SELECT hex(TraceId) t, hex(SpanId) s, hex(ParentSpanId) p, SpanName, StatusMessage, SpanAttributes, HttpRoute,
                HttpStatusCode, IsTransaction, toString(DurationNs) AS DurationNs, toString(toUnixTimestamp64Nano(Timestamp)) ts, Events.Name en,
                Events.Attributes ea, arrayMap(x -> hex(x), Links.TraceId) lt, ResourceAttributes ra, PodName, Workload
         FROM ${db}.spans WHERE ServiceName = 'hostile'`,
      )
    )[0];
    expect(r).toMatchObject({
      t: traceId.toString('hex').toUpperCase(),
      s: spanId.toString('hex').toUpperCase(),
      p: '0102030405060709',
      SpanName: nasty,
      StatusMessage: nasty,
      HttpRoute: '/a\tb',
      HttpStatusCode: 404,
      IsTransaction: true,
      DurationNs: '100000000',
      ts: t0.toString(),
      en: [nasty],
      ea: [{ k: nasty }],
      lt: [Buffer.from(traceId).reverse().toString('hex').toUpperCase()],
      PodName: pod.podName,
      Workload: 'hostile',
    });
    expect((r?.SpanAttributes as Record<string, string>)[nasty]).toBe(nasty);
    // per-instance resource attributes are not repeated on spans; other keys are
    expect(r?.ra).toEqual({ 'deployment.environment': nasty });
  });

  it('drops a re-sent batch with the same token, in spans and in every materialized view', async () => {
    const pod = podSpec('dedup', 1);
    const b = new SpanBatch();
    b.add(traceRequest(pod, { transactions: 50, spansPerTransaction: 3, startMs: Date.now() - 60_000 }));
    const body = Buffer.from(b.body());
    const where = "ServiceName = 'dedup'";
    for (let i = 0; i < 3; i++) await store.tables.insert('spans', SPAN_COLUMNS, body, b.rows, 'spans:0:100-149');
    expect(await num(`SELECT count() AS n FROM ${db}.spans WHERE ${where}`)).toBe(150);
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1s WHERE ${where}`)).toBe(50);
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1m WHERE ${where}`)).toBe(50);
    expect(
      await num(
        `SELECT count() AS n FROM ${db}.trace_index FINAL WHERE TraceId IN (SELECT TraceId FROM ${db}.spans WHERE ${where})`,
      ),
    ).toBe(50);
    const rawTraceIndex = await num(
      `SELECT count() AS n FROM ${db}.trace_index WHERE TraceId IN (SELECT TraceId FROM ${db}.spans WHERE ${where})`,
    );
    expect(rawTraceIndex).toBe(50);
    // a different token is a different batch (same bytes): stored again
    await store.tables.insert('spans', SPAN_COLUMNS, body, b.rows, 'spans:0:150-199');
    expect(await num(`SELECT count() AS n FROM ${db}.spans WHERE ${where}`)).toBe(300);
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1s WHERE ${where}`)).toBe(100);
    expect(await num(`SELECT sum(Count) AS n FROM ${db}.tx_1m WHERE ${where}`)).toBe(100);
  });
});
