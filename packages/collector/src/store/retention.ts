import type { ClickHouseClient } from '@clickhouse/client';
import type { RetentionDays } from '../config.js';
import { ident, sql } from './sql.js';

/**
 * Time-based retention per data kind, as ClickHouse TTL. Applied at start-up from the config,
 * only when it differs from what the table has (a TTL change is metadata-only here:
 * `materialize_ttl_after_modify = 0`, old parts follow the new rule at their next merge).
 *
 * Pods and instances expire by LastSeen, everything else by its own time column: retention
 * never depends on whether a pod still exists, and a pod that lives longer than the retention
 * is never dropped while it is alive.
 */
export function retentionRules(r: RetentionDays): { table: string; column: string; days: number }[] {
  return [
    { table: 'spans', column: 'toDateTime(Timestamp)', days: r.spans },
    { table: 'trace_index', column: 'toDateTime(Start)', days: r.spans },
    { table: 'logs', column: 'toDateTime(Timestamp)', days: r.spans },
    { table: 'tx_1s', column: 'Ts', days: r.aggregates },
    { table: 'tx_1m', column: 'Ts', days: r.aggregates },
    { table: 'tx_pod_1h', column: 'Ts', days: r.aggregates },
    { table: 'lifecycle_events', column: 'toDateTime(Timestamp)', days: r.lifecycle },
    { table: 'instances', column: 'toDateTime(LastSeen)', days: r.lifecycle },
    { table: 'pods', column: 'toDateTime(LastSeen)', days: r.lifecycle },
    { table: 'pod_transitions', column: 'toDateTime(Timestamp)', days: r.lifecycle },
    { table: 'k8s_pods', column: 'toDateTime(UpdatedAt)', days: r.lifecycle },
    { table: 'k8s_terminations', column: 'toDateTime(FinishedAt)', days: r.lifecycle },
    { table: 'k8s_events', column: 'toDateTime(Timestamp)', days: r.lifecycle },
    { table: 'k8s_hpa_history', column: 'toDateTime(Timestamp)', days: r.lifecycle },
    { table: 'k8s_workload_replicas', column: 'toDateTime(Timestamp)', days: r.lifecycle },
    { table: 'metrics', column: 'toDateTime(Timestamp)', days: r.metrics },
  ];
}

export async function applyRetention(
  client: ClickHouseClient,
  database: string,
  r: RetentionDays,
  cluster?: string,
): Promise<{ table: string; ttl: string }[]> {
  // on a cluster every replica gets the rule (the node's system.tables stands for all)
  const on = cluster ? ` ON CLUSTER '${cluster.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : '';
  const rs = await client.query({
    query: sql('retention_tables', database),
    query_params: { database },
    format: 'JSONEachRow',
  });
  const engines = new Map((await rs.json<{ name: string; engine_full: string }>()).map((t) => [t.name, t.engine_full]));
  const changed: { table: string; ttl: string }[] = [];
  for (const rule of retentionRules(r)) {
    const engine = engines.get(rule.table);
    if (engine === undefined) continue;
    const normalized = `TTL ${rule.column} + toIntervalDay(${rule.days})`;
    if (engine.includes(`${normalized} `) || engine.endsWith(normalized)) continue;
    const ttl = `${rule.column} + INTERVAL ${rule.days} DAY`;
    await client.command({
      query: `ALTER TABLE ${ident(database)}.${ident(rule.table)}${on} MODIFY TTL ${ttl}`,
      clickhouse_settings: { materialize_ttl_after_modify: 0 },
    });
    changed.push({ table: rule.table, ttl });
  }
  return changed;
}
