import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { CollectorError } from '../errors.js';
import { writeTable } from './cluster-layout.js';

/**
 * Where encoded rows go. One implementation per backend:
 * - embedded chDB: the connection's zero-copy raw insert (the payload buffer goes to the engine
 *   as is; unlike an insert sent as SQL text it does not hold up queries on other sessions);
 * - ClickHouse server: `@clickhouse/client` insert with the same buffer as the HTTP body.
 */
export interface RawInsertTarget {
  insertTsv(
    table: string,
    columns: readonly string[],
    body: Buffer,
    settings: Record<string, string | number>,
  ): Promise<void>;
  /** small inserts of JSON rows (lifecycle state) */
  insertJson(table: string, body: Buffer, settings: Record<string, string | number>): Promise<void>;
}

/** The `.chdb` escape hatch of a chdb/connection ChdbConnection (only what we use). */
export interface ChdbRawInserter {
  rawInsert(params: {
    table: string;
    values: Buffer;
    format: 'TabSeparated' | 'JSONEachRow';
    columns?: readonly string[];
    settings?: Record<string, string | number | boolean>;
  }): Promise<unknown>;
}

export function chdbTarget(chdb: ChdbRawInserter): RawInsertTarget {
  return {
    async insertTsv(table, columns, body, settings) {
      await chdb.rawInsert({ table, values: body, format: 'TabSeparated', columns, settings });
    },
    async insertJson(table, body, settings) {
      await chdb.rawInsert({ table, values: body, format: 'JSONEachRow', settings });
    },
  };
}

export function serverTarget(client: ClickHouseClient): RawInsertTarget {
  return {
    async insertTsv(table, columns, body, settings) {
      await client.insert({
        table,
        values: Readable.from([body]),
        format: 'TabSeparated',
        columns: columns as [string, ...string[]],
        clickhouse_settings: settings,
      });
    },
    async insertJson(table, body, settings) {
      await client.insert({
        table,
        values: Readable.from([body]),
        format: 'JSONEachRow',
        clickhouse_settings: settings,
      });
    },
  };
}

/**
 * Test hook, called before each insert into `table`: return an error to make it fail (simulates
 * ClickHouse down), `{ delayMs }` to hold it that long first (simulates a slow ClickHouse), or
 * nothing.
 */
export type FaultInjector = (table: string) => Error | { delayMs: number } | undefined;

export interface InsertStats {
  rows: number;
  bytes: number;
  ms: number;
}

/**
 * Inserts encoded TSV batches into `<database>.<table>`. A deduplication token makes a re-sent
 * batch a no-op (tables carry `non_replicated_deduplication_window`; materialized views
 * deduplicate with it too).
 */
export class TableWriter {
  private fault: FaultInjector | null = null;

  constructor(
    private readonly target: RawInsertTarget,
    readonly database: string,
  ) {}

  setFaultInjector(fn: FaultInjector | null): void {
    this.fault = fn;
  }

  private async injected(table: string): Promise<void> {
    const f = this.fault?.(table);
    if (!f) return;
    if (f instanceof Error) throw new CollectorError('STORE_INSERT', `${table}: ${f.message}`, { cause: f });
    await new Promise((r) => setTimeout(r, f.delayMs));
  }

  async insert(
    table: string,
    columns: readonly string[],
    body: Buffer,
    rows: number,
    token?: string,
  ): Promise<InsertStats> {
    const t0 = performance.now();
    if (rows === 0 || body.length === 0) return { rows: 0, bytes: 0, ms: 0 };
    if (this.fault) await this.injected(table);
    const settings: Record<string, string | number> = {};
    if (token) settings.insert_deduplication_token = token;
    try {
      await this.target.insertTsv(`${this.database}.${table}`, columns, body, settings);
    } catch (err) {
      throw new CollectorError('STORE_INSERT', `${table}: ${(err as Error).message}`, { cause: err });
    }
    return { rows, bytes: body.length, ms: performance.now() - t0 };
  }

  /** Inserts JSON rows (JSONEachRow); for small, infrequent writes such as lifecycle state. */
  async insertJson(table: string, rows: readonly object[], token?: string): Promise<void> {
    if (rows.length === 0) return;
    if (this.fault) await this.injected(table);
    const body = Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'));
    const settings: Record<string, string | number> = {};
    if (token) settings.insert_deduplication_token = token;
    // on a cluster, sharded state tables through their Distributed table, synchronously (a read
    // right after must find the row): see store/cluster-layout.ts
    const target = writeTable(this.database, table);
    if (target !== table) settings.insert_distributed_sync = 1;
    try {
      await this.target.insertJson(`${this.database}.${target}`, body, settings);
    } catch (err) {
      throw new CollectorError('STORE_INSERT', `${table}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** Error codes of ClickHouse that mean "this data cannot be inserted", not "ClickHouse is unwell". */
const DATA_ERROR_CODES = new Set([6, 26, 27, 32, 33, 38, 41, 53, 69, 70, 72, 117, 130, 131, 349, 563]);

export function isDataError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const o = e as { clickhouseCode?: number; code?: string | number; message?: string; cause?: unknown };
    if (typeof o.clickhouseCode === 'number' && DATA_ERROR_CODES.has(o.clickhouseCode)) return true;
    const m = /Code: (\d+)\./.exec(o.message ?? '');
    if (m && DATA_ERROR_CODES.has(Number(m[1]))) return true;
    e = o.cause;
  }
  return false;
}
