import { type ClickHouseClient, TupleParam } from '@clickhouse/client';
import type { FastifyBaseLogger } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import { sql } from '../store/sql.js';
import { isDataError, type TableWriter } from '../store/writer.js';
import { type InstanceRow, instanceToRow, type PodRow, podToRow } from './lifecycle-rows.js';
import type { TrackedInstance, TrackedPod } from './tracked.js';
import type { TransitionRow } from './transition-record.js';
import { VersionClock } from './version-clock.js';

export interface LifecycleStoreOptions {
  tables: TableWriter;
  reader: ClickHouseClient;
  database: string;
  metrics: CollectorMetrics;
  log: FastifyBaseLogger;
  /** the clock of row versions */
  now: () => number;
}

/**
 * The tracker's reads and writes of `instances`, `pods` and `pod_transitions` (queries in
 * `store/sql/lifecycle_*.sql`). Every version read raises the version clock, so the rows written
 * next supersede them (see VersionClock); each written row gets its version when it is built.
 */
export class LifecycleStore {
  private readonly versions: VersionClock;

  constructor(private readonly o: LifecycleStoreOptions) {
    this.versions = new VersionClock(o.now);
  }

  /** Running instances of every pod (the caller keeps those of the partitions it owns). */
  runningInstances(): Promise<InstanceRow[]> {
    return this.read<InstanceRow>('lifecycle_running_instances', {});
  }

  runningPods(): Promise<PodRow[]> {
    return this.read<PodRow>('lifecycle_pods_by_state', { state: 'running' });
  }

  /** The newest pod of each (namespace, pod name) that the store has (one query). */
  pods(keys: readonly (readonly [string, string])[]): Promise<PodRow[]> {
    return this.read<PodRow>('lifecycle_pods_by_keys', { keys: keys.map((k) => new TupleParam([...k])) });
  }

  /** The most recent instances of each (namespace, pod name) (one query). */
  podsInstances(keys: readonly (readonly [string, string])[]): Promise<InstanceRow[]> {
    return this.read<InstanceRow>('lifecycle_pods_instances', { keys: keys.map((k) => new TupleParam([...k])) });
  }

  private async read<T extends { Version?: string }>(query: string, params: Record<string, unknown>): Promise<T[]> {
    const rs = await this.o.reader.query({
      query: sql(query, this.o.database),
      query_params: params,
      format: 'JSONEachRow',
    });
    const rows = (await rs.json()) as T[];
    for (const r of rows) this.versions.observe(r.Version);
    return rows;
  }

  /** Returns the transitions stored (a row refused as data is dropped; see insertRows). */
  insertTransitions(rows: TransitionRow[]): Promise<TransitionRow[]> {
    return this.insertRows('pod_transitions', rows);
  }

  async insertInstances(entries: readonly TrackedInstance[]): Promise<void> {
    await this.insertRows(
      'instances',
      entries.map((e) => instanceToRow(e, this.versions.next())),
    );
  }

  async insertPods(entries: readonly TrackedPod[]): Promise<void> {
    await this.insertRows(
      'pods',
      entries.map((e) => podToRow(e, this.versions.next())),
    );
  }

  /**
   * Inserts rows; when ClickHouse refuses the block as data (a parse error, a value out of
   * range), inserts them one by one and drops only the rows it refuses (logged and counted), so
   * a bad row never blocks a lifecycle partition nor takes the other rows with it. Returns the
   * rows stored. Any other error (ClickHouse down) is thrown: the caller keeps the rows pending.
   */
  private async insertRows<R extends object>(table: string, rows: R[]): Promise<R[]> {
    const { tables } = this.o;
    try {
      await tables.insertJson(table, rows);
      return rows;
    } catch (err) {
      if (!isDataError(err)) throw err;
    }
    const stored: R[] = [];
    for (const row of rows) {
      try {
        await tables.insertJson(table, [row]);
        stored.push(row);
      } catch (err) {
        if (!isDataError(err)) throw err;
        this.o.metrics.errors.inc({ kind: 'lifecycle-rows-refused' });
        this.o.log.error({ err, table, row }, 'lifecycle row refused by ClickHouse; dropped');
      }
    }
    return stored;
  }
}
