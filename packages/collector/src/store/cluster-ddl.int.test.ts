import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { ClusterDdl, DEFAULT_REPLICA_NAME, DEFAULT_REPLICA_PATH } from './cluster-ddl.js';
import { distName, READ_TABLES, SHARDED_TABLES, setClustered } from './cluster-layout.js';
import { renderMigrations } from './migrate.js';
import { BUILDER_SLOTS, listSqlFiles, splitStatements, sql } from './sql.js';
import { TableWriter } from './writer.js';

/**
 * The schema rendered for a ClickHouse cluster (`CLICKHOUSE_CLUSTER`): every migration's exact
 * transformations (ON CLUSTER on every DDL statement, every MergeTree-family engine replicated,
 * a Distributed table beside every table the API reads), every rendered statement parsed by
 * ClickHouse (`EXPLAIN AST` on embedded chDB: one node, no Keeper, so parsed, not run), the
 * queries reading the Distributed tables and the sharded state tables written through them.
 */
const DB = 'podtrail';
const CLUSTER = 'fleet_cluster';
const ON = `ON CLUSTER '${CLUSTER}'`;
const rendered = renderMigrations(DB, { cluster: CLUSTER });
const statements = rendered.flatMap((m) => m.statements.map((stmt, i) => ({ name: `${m.version}#${i + 1}`, stmt })));
const all = statements.map((s) => s.stmt);
const single = renderMigrations(DB);
const REPLICA_ARGS = `'${DEFAULT_REPLICA_PATH}', '${DEFAULT_REPLICA_NAME}'`;

/** Tables the one-node schema creates (CREATE TABLE x ( ... ) or AS y). */
const localTables = single
  .flatMap((m) => m.statements)
  .flatMap((s) => /^CREATE TABLE IF NOT EXISTS `podtrail`\.([a-z_0-9]+)/.exec(s)?.slice(1) ?? []);

let target: ClickHouseTarget;
let client: ClickHouseClient;
beforeAll(() => {
  target = clickhouseTarget('podtrail-cluster-ddl-');
  client = target.client();
});
afterAll(async () => {
  await client?.close();
  await target?.cleanup();
});
afterEach(() => setClustered(DB, false));

describe('migrations rendered for a cluster', () => {
  it('cover every one-node statement (same migrations, nothing dropped)', () => {
    expect(rendered.map((m) => m.version)).toEqual(single.map((m) => m.version));
    for (const [i, m] of single.entries())
      expect(rendered[i]!.statements.length).toBeGreaterThanOrEqual(m.statements.length);
    expect(localTables.length).toBeGreaterThanOrEqual(12);
  });

  it('put ON CLUSTER on every CREATE, ALTER and DROP, right after the object name', () => {
    const ddl = all.filter((s) => /^(CREATE|ALTER|DROP)\b/.test(s));
    expect(ddl.length).toBeGreaterThan(20);
    for (const s of ddl)
      expect(s, s.slice(0, 120)).toMatch(
        new RegExp(
          `^(CREATE DATABASE IF NOT EXISTS \`podtrail\`|(CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS|ALTER TABLE|DROP (TABLE|VIEW) IF EXISTS) \`podtrail\`\\.[a-z_0-9]+) ${ON}( |\\n|$)`,
        ),
      );
    // the backfills of the rollups tx_1m (0004) and tx_pod_1h (0009)
    expect(all.filter((s) => !/^(CREATE|ALTER|DROP)\b/.test(s)).map((s) => s.split(/\s/)[0])).toEqual([
      'INSERT',
      'INSERT',
    ]);
  });

  it('replicate every MergeTree-family engine, with the replica path and name macros', () => {
    expect(all.join('\n')).not.toMatch(/ENGINE\s*=\s*(?!Replicated|Distributed)[A-Za-z]*MergeTree/);
    const engines = all.flatMap((s) => [...s.matchAll(/ENGINE = (Replicated[A-Za-z]*MergeTree)\(([^\n]*)\)\n/g)]);
    expect(engines.map((e) => e[1]).sort()).toEqual(
      [
        'ReplicatedMergeTree', // spans
        'ReplicatedMergeTree', // lifecycle_events
        'ReplicatedMergeTree', // metrics
        'ReplicatedMergeTree', // logs
        'ReplicatedReplacingMergeTree', // schema_migrations
        'ReplicatedReplacingMergeTree', // trace_index
        'ReplicatedReplacingMergeTree', // instances
        'ReplicatedReplacingMergeTree', // pods
        'ReplicatedReplacingMergeTree', // pod_transitions
        'ReplicatedReplacingMergeTree', // api_tokens
        'ReplicatedReplacingMergeTree', // k8s_pods
        'ReplicatedReplacingMergeTree', // k8s_terminations
        'ReplicatedReplacingMergeTree', // k8s_events
        'ReplicatedReplacingMergeTree', // k8s_hpa_history
        'ReplicatedReplacingMergeTree', // k8s_workload_replicas
        'ReplicatedSummingMergeTree', // tx_1s
        'ReplicatedSummingMergeTree', // tx_1m
        'ReplicatedAggregatingMergeTree', // tx_pod_1h
      ].sort(),
    );
    for (const e of engines) expect(e[2]).toMatch(new RegExp(`^${REPLICA_ARGS.replace(/[{}]/g, '\\$&')}`));
    const find = (table: string) => all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS \`podtrail\`.${table} `));
    expect(find('tx_1s')).toContain(
      `ENGINE = ReplicatedSummingMergeTree(${REPLICA_ARGS}, (Count, Errors, DurationSumNs))\nPARTITION BY toDate(Ts)`,
    );
    expect(find('pods')).toContain(`ENGINE = ReplicatedReplacingMergeTree(${REPLICA_ARGS}, Version)\nPARTITION BY`);
    expect(find('spans')).toContain(`ENGINE = ReplicatedMergeTree(${REPLICA_ARGS})\nPARTITION BY toDate(Timestamp)`);
  });

  it('keep the exactly-once deduplication windows, as their replicated setting', () => {
    const text = all.join('\n');
    expect(text).not.toContain('non_replicated_deduplication_window');
    expect(all).toContain(
      `ALTER TABLE \`podtrail\`.tx_1s ${ON} MODIFY SETTING replicated_deduplication_window = 10000`,
    );
    // tx_1m is created AS tx_1s: tx_1s's engine clause with the window set on tx_1s by 0003
    expect(all).toContain(
      `CREATE TABLE IF NOT EXISTS \`podtrail\`.tx_1m ${ON} AS \`podtrail\`.tx_1s\nENGINE = ReplicatedSummingMergeTree(${REPLICA_ARGS}, (Count, Errors, DurationSumNs))\nPARTITION BY toDate(Ts)\nORDER BY (ServiceName, PodName, Ts, HttpRoute, InstanceId, Namespace, Workload, LatencyBucket)\nTTL Ts + INTERVAL 30 DAY\nSETTINGS ttl_only_drop_parts = 1, replicated_deduplication_window = 10000`,
    );
    for (const t of ['spans', 'logs', 'lifecycle_events', 'metrics', 'tx_pod_1h'])
      expect(all.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS \`podtrail\`.${t} `))).toMatch(
        /replicated_deduplication_window = 10000$/,
      );
  });

  it('create a Distributed table for every table read, right after it; sharded by pod for the state tables', () => {
    const tables = localTables.filter((t) => t !== 'schema_migrations');
    expect([...READ_TABLES].sort()).toEqual([...tables].sort());
    for (const t of tables) {
      const at = all.findIndex((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS \`podtrail\`.${t} `));
      const key = SHARDED_TABLES[t];
      expect(all[at + 1]).toBe(
        `CREATE TABLE IF NOT EXISTS \`podtrail\`.${distName(t)} ${ON} AS \`podtrail\`.${t}\nENGINE = Distributed('${CLUSTER}', '${DB}', '${t}'${key ? `, ${key}` : ''})`,
      );
    }
    expect(SHARDED_TABLES.pods).toBe('cityHash64(Namespace, PodName)');
  });

  it('mirror column changes on the Distributed table (without codecs), not index or setting changes', () => {
    expect(all).toContain(
      `ALTER TABLE \`podtrail\`.instances_dist ${ON} ADD COLUMN IF NOT EXISTS ResourceAttributes Map(LowCardinality(String), String) AFTER HeartbeatMs`,
    );
    expect(all.filter((s) => s.startsWith('ALTER TABLE `podtrail`.logs_dist'))).toEqual([]);
  });

  it('drop the Distributed table first, synchronously, on the down path', () => {
    const ddl = new ClusterDdl(DB, { cluster: CLUSTER });
    expect(ddl.render('DROP TABLE IF EXISTS `podtrail`.logs')).toEqual([
      `DROP TABLE IF EXISTS \`podtrail\`.logs_dist ${ON} SYNC`,
      `DROP TABLE IF EXISTS \`podtrail\`.logs ${ON} SYNC`,
    ]);
    expect(ddl.render('DROP VIEW IF EXISTS `podtrail`.tx_1m_mv')).toEqual([
      `DROP VIEW IF EXISTS \`podtrail\`.tx_1m_mv ${ON} SYNC`,
    ]);
  });

  it('refuse a statement they do not know how to place on a cluster', () => {
    const ddl = new ClusterDdl(DB, { cluster: CLUSTER });
    expect(() => ddl.render('RENAME TABLE `podtrail`.a TO `podtrail`.b')).toThrow(/no cluster form .*RENAME TABLE/);
    expect(() => ddl.render('CREATE TABLE IF NOT EXISTS `podtrail`.x (a UInt8) ENGINE = Memory')).toThrow(
      /not of the MergeTree family/,
    );
  });

  it.each(statements)('$name parses on ClickHouse', async ({ stmt }) => {
    const rs = await client.query({ query: `EXPLAIN AST ${stmt}`, format: 'TabSeparatedRaw' });
    expect(await rs.text()).toMatch(/Query/);
  });
});

describe('on a cluster, the collector', () => {
  const fill = (text: string) => BUILDER_SLOTS.reduce((t, slot) => t.replaceAll(`{${slot}}`, '1'), text);
  const sample = (type: string): unknown =>
    type.startsWith('Array(') ? [] : type === 'String' ? 'x' : type === 'Identifier' ? 'tx_1s' : 1;
  const params = (s: string) =>
    Object.fromEntries(
      [...s.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)\}/g)].map((m) => [m[1], sample(m[2] as string)]),
    );

  it('reads every table through its Distributed table, and the reads parse', async () => {
    setClustered(DB, true);
    const local = new RegExp(`\`podtrail\`\\.(${READ_TABLES.join('|')})\\b(?!_dist)`);
    let reading = 0;
    for (const name of listSqlFiles('sql').map((f) => f.replace(/\.sql$/, ''))) {
      const text = sql(name, DB);
      expect(text, name).not.toMatch(local);
      if (!text.includes('_dist')) continue;
      reading++;
      const stmt = splitStatements(fill(text))[0] as string;
      const rs = await client.query({
        query: `EXPLAIN AST ${stmt}`,
        query_params: params(stmt),
        format: 'TabSeparatedRaw',
      });
      expect(await rs.text()).toMatch(/Query/);
    }
    expect(reading).toBeGreaterThan(30);
    expect(sql('lifecycle_pods_by_keys', DB)).toContain('FROM `podtrail`.pods_dist FINAL');
    setClustered(DB, false);
    expect(sql('lifecycle_pods_by_keys', DB)).toContain('FROM `podtrail`.pods FINAL');
  });

  it('writes the sharded state tables through their Distributed table, synchronously; data tables locally', async () => {
    const calls: { table: string; settings: Record<string, string | number> }[] = [];
    const writer = new TableWriter(
      {
        insertTsv: async (table, _c, _b, settings) => {
          calls.push({ table, settings });
        },
        insertJson: async (table, _b, settings) => {
          calls.push({ table, settings });
        },
      },
      DB,
    );
    setClustered(DB, true);
    await writer.insertJson('pods', [{ PodName: 'p' }]);
    await writer.insertJson('pod_transitions', [{ PodName: 'p' }]);
    await writer.insert('spans', ['Timestamp'], Buffer.from('1\n'), 1, 'spans:0:1-1');
    setClustered(DB, false);
    await writer.insertJson('pods', [{ PodName: 'p' }]);
    expect(calls).toEqual([
      { table: 'podtrail.pods_dist', settings: { insert_distributed_sync: 1 } },
      { table: 'podtrail.pod_transitions_dist', settings: { insert_distributed_sync: 1 } },
      { table: 'podtrail.spans', settings: { insert_deduplication_token: 'spans:0:1-1' } },
      { table: 'podtrail.pods', settings: {} },
    ]);
  });
});
