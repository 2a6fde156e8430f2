/**
 * Shared inserts for many small writers (OTLP/HTTP requests): each ClickHouse insert costs about
 * the same whatever its size (a part, its materialized views), so rows of requests arriving together
 * go into one INSERT per table. A writer's promise settles with the insert that holds its rows: it
 * resolves only once they are stored, and every writer of a failed insert gets its error (nothing
 * is acknowledged that is not stored). Only rows without a deduplication token may share an insert:
 * a token names exactly the rows of one insert (the Kafka path keeps one insert per token).
 *
 * Flushing: the first rows queued for a table wait up to `lingerMs` for others; a queue reaching
 * `maxRows`/`maxBytes` goes at once; at most `inFlight` inserts per table run together, and what
 * arrives meanwhile joins the next one (group commit). A writer's rows are never split.
 */

/** Too many bytes already wait for an insert: the writer should retry later (HTTP 429). */
export class InsertQueueFull extends Error {
  constructor(queuedBytes: number, maxBytes: number) {
    super(`${queuedBytes} bytes already wait for ClickHouse (at most ${maxBytes})`);
    this.name = 'InsertQueueFull';
  }
}

export interface InsertCoalescerOptions {
  /** how long the first rows of an insert wait for others to join */
  lingerMs: number;
  /** rows per insert; more go at once (one writer's rows are never split) */
  maxRows: number;
  /** bytes per insert, likewise */
  maxBytes: number;
  /** inserts running at once per table */
  inFlight: number;
  /** bytes waiting (queued, not yet in an insert) over all tables at most; beyond: InsertQueueFull */
  maxQueuedBytes: number;
}

/** The real insert: one INSERT of `body` (TSV rows, newline-terminated) into `table`. */
export type InsertFn = (table: string, columns: readonly string[], body: Buffer, rows: number) => Promise<void>;

/** What the coalescer reports (metrics). */
export interface InsertCoalescerEvents {
  /** an insert was made (or failed) holding `writers` writers' rows */
  inserted(table: string, writers: number, rows: number, ok: boolean): void;
  /** bytes now waiting over all tables */
  queued(bytes: number): void;
}

interface Part {
  body: Buffer;
  rows: number;
  done: () => void;
  fail: (err: unknown) => void;
}

interface TableQueue {
  table: string;
  columns: readonly string[];
  parts: Part[];
  rows: number;
  bytes: number;
  timer: NodeJS.Timeout | null;
  running: number;
}

export class InsertCoalescer {
  private readonly queues = new Map<string, TableQueue>();
  private queuedBytes = 0;

  constructor(
    private readonly insertFn: InsertFn,
    private readonly opts: InsertCoalescerOptions,
    private readonly events?: InsertCoalescerEvents,
  ) {}

  /** Bytes waiting for an insert now. */
  get queued(): number {
    return this.queuedBytes;
  }

  /**
   * Queues `body` (`rows` TSV rows) for `table`; resolves once an insert holding them succeeded,
   * rejects with that insert's error, or at once with InsertQueueFull.
   */
  insert(table: string, columns: readonly string[], body: Buffer, rows: number): Promise<void> {
    if (rows === 0 || body.length === 0) return Promise.resolve();
    if (this.queuedBytes > 0 && this.queuedBytes + body.length > this.opts.maxQueuedBytes)
      return Promise.reject(new InsertQueueFull(this.queuedBytes, this.opts.maxQueuedBytes));
    const key = `${table}\0${columns.join(',')}`;
    let q = this.queues.get(key);
    if (!q) {
      q = { table, columns, parts: [], rows: 0, bytes: 0, timer: null, running: 0 };
      this.queues.set(key, q);
    }
    const queue = q;
    return new Promise<void>((done, fail) => {
      queue.parts.push({ body, rows, done, fail });
      queue.rows += rows;
      queue.bytes += body.length;
      this.setQueued(this.queuedBytes + body.length);
      queue.timer ??= setTimeout(() => {
        queue.timer = null;
        this.flush(queue, true);
      }, this.opts.lingerMs);
      if (this.full(queue)) this.flush(queue, false);
    });
  }

  private full(q: TableQueue): boolean {
    return q.rows >= this.opts.maxRows || q.bytes >= this.opts.maxBytes;
  }

  /** Starts inserts while fewer than inFlight run: of everything queued, or (`all` false) of full ones only. */
  private flush(q: TableQueue, all: boolean): void {
    while (q.parts.length > 0 && q.running < this.opts.inFlight && (all || this.full(q))) {
      const take: Part[] = [];
      let rows = 0;
      let bytes = 0;
      for (const p of q.parts) {
        if (take.length > 0 && (rows + p.rows > this.opts.maxRows || bytes + p.body.length > this.opts.maxBytes)) break;
        take.push(p);
        rows += p.rows;
        bytes += p.body.length;
      }
      q.parts.splice(0, take.length);
      q.rows -= rows;
      q.bytes -= bytes;
      this.setQueued(this.queuedBytes - bytes);
      q.running++;
      void this.run(q, take, rows);
    }
    if (q.parts.length === 0 && q.timer) {
      clearTimeout(q.timer);
      q.timer = null;
    }
  }

  private async run(q: TableQueue, parts: Part[], rows: number): Promise<void> {
    const body = parts.length === 1 ? (parts[0] as Part).body : Buffer.concat(parts.map((p) => p.body));
    try {
      await this.insertFn(q.table, q.columns, body, rows);
      this.events?.inserted(q.table, parts.length, rows, true);
      for (const p of parts) p.done();
    } catch (err) {
      this.events?.inserted(q.table, parts.length, rows, false);
      for (const p of parts) p.fail(err);
    } finally {
      q.running--;
      // what queued while this insert ran has waited long enough: it goes now
      if (q.parts.length > 0) this.flush(q, true);
    }
  }

  private setQueued(bytes: number): void {
    this.queuedBytes = bytes;
    this.events?.queued(bytes);
  }
}
