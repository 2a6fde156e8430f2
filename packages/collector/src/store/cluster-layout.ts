/**
 * Which tables live how on a ClickHouse cluster (`CLICKHOUSE_CLUSTER`; see cluster-ddl.ts and
 * docs/deploy.md), and whether this process's database is on one. A leaf: the SQL loader, the
 * writer and the DDL renderer all ask it.
 */

/** Tables written through their Distributed table, with the sharding key that keeps a row's versions together. */
export const SHARDED_TABLES: Readonly<Record<string, string>> = {
  pods: 'cityHash64(Namespace, PodName)',
  instances: 'cityHash64(Namespace, PodName)',
  pod_transitions: 'cityHash64(Namespace, PodName)',
  api_tokens: 'cityHash64(TokenHash)',
  // the cluster watcher's state (kubernetes/), keyed by what each table's ORDER BY starts with
  k8s_pods: 'cityHash64(Namespace, PodName)',
  k8s_terminations: 'cityHash64(Namespace, PodName)',
  k8s_events: 'cityHash64(Namespace, InvolvedName)',
  k8s_hpa_history: 'cityHash64(Namespace, Name)',
  k8s_workload_replicas: 'cityHash64(Namespace, Name)',
};

/** Tables read through their Distributed table `<table>_dist` on a cluster. */
export const READ_TABLES: readonly string[] = [
  'spans',
  'trace_index',
  'tx_1s',
  'tx_1m',
  'tx_pod_1h',
  'logs',
  'metrics',
  'lifecycle_events',
  ...Object.keys(SHARDED_TABLES),
];

/** The Distributed table of a table. */
export function distName(table: string): string {
  return `${table}_dist`;
}

const clustered = new Set<string>();

/** Marks a database as created on a cluster (set once at start-up by the clickhouse plugin). */
export function setClustered(database: string, on: boolean): void {
  if (on) clustered.add(database);
  else clustered.delete(database);
}

export function isClustered(database: string): boolean {
  return clustered.has(database);
}

/** The table an insert into `table` goes to: its Distributed table for sharded tables on a cluster. */
export function writeTable(database: string, table: string): string {
  return isClustered(database) && table in SHARDED_TABLES ? distName(table) : table;
}
