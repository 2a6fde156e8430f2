import { Backoff } from '@podtrail/contracts/retry';
import type { TableWriter } from '../store/writer.js';
import type { ClusterRows, ClusterSink, ClusterTable } from './cluster-rows.js';

const TABLES: readonly ClusterTable[] = [
  'k8s_pods',
  'k8s_terminations',
  'k8s_events',
  'k8s_hpa_history',
  'k8s_workload_replicas',
];

export interface ClusterWriterOptions {
  tables: TableWriter;
  /** rows waiting at most (a ClickHouse outage): past it the oldest are dropped and counted */
  maxPending?: number;
  onError?: (err: unknown, table: string) => void;
  /** rows just inserted (the live stream's cluster changes are published from here: stored first) */
  onWritten?: (table: ClusterTable, rows: readonly object[]) => void;
}

/**
 * The watcher's batching writer: rows wait per table and go in one JSONEachRow insert per table
 * and flush; a failed insert keeps its rows and is retried with the project's backoff.
 */
export class ClusterWriter implements ClusterSink {
  private pending = new Map<ClusterTable, object[]>();
  private readonly backoff = new Backoff({ baseMs: 250, capMs: 10_000 });
  private retryAt = 0;
  private flushing: Promise<void> | null = null;
  /** bumped by clear(): rows of an older generation are not put back after a failed insert */
  private generation = 0;
  readonly written: Record<ClusterTable, number> = {
    k8s_pods: 0,
    k8s_terminations: 0,
    k8s_events: 0,
    k8s_hpa_history: 0,
    k8s_workload_replicas: 0,
  };
  dropped = 0;
  private readonly maxPending: number;

  constructor(private readonly o: ClusterWriterOptions) {
    this.maxPending = o.maxPending ?? 200_000;
  }

  put<T extends ClusterTable>(table: T, row: ClusterRows[T]): void {
    let rows = this.pending.get(table);
    if (!rows) {
      rows = [];
      this.pending.set(table, rows);
    }
    rows.push(row);
    if (rows.length > this.maxPending) {
      rows.shift();
      this.dropped++;
    }
  }

  get pendingRows(): number {
    let n = 0;
    for (const r of this.pending.values()) n += r.length;
    return n;
  }

  /** Forgets what is pending (leadership lost: the next leader re-lists and writes). */
  clear(): void {
    this.pending = new Map();
    this.generation++;
  }

  /** Inserts what is pending; on failure the rows stay and the next flush waits for the backoff. */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    if (Date.now() < this.retryAt) return;
    // what is pending now goes in this flush, all tables together, pods before terminations: a
    // reader that reads terminations first (routes/kubernetes-facts.ts) never sees a termination
    // without the pod row written with it
    const taken = this.pending;
    const generation = this.generation;
    this.pending = new Map();
    for (const table of TABLES) {
      const rows = taken.get(table);
      while (rows && rows.length > 0) {
        const batch = rows.slice(0, 10_000);
        try {
          await this.o.tables.insertJson(table, batch);
          rows.splice(0, batch.length);
          this.written[table] += batch.length;
          this.backoff.reset();
          this.o.onWritten?.(table, batch);
        } catch (err) {
          if (generation === this.generation) this.putBack(taken);
          this.retryAt = Date.now() + this.backoff.next();
          this.o.onError?.(err, table);
          return;
        }
      }
    }
  }

  /** Rows not written go back before what arrived since. */
  private putBack(taken: Map<ClusterTable, object[]>): void {
    for (const [table, rows] of taken) {
      if (rows.length === 0) continue;
      this.pending.set(table, [...rows, ...(this.pending.get(table) ?? [])]);
    }
  }
}
