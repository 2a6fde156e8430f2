import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { BUILDER_SLOTS } from './sql.js';

/**
 * `app.ch` (decorated by `plugins/clickhouse.ts`): the two ClickHouse clients and the database
 * name. Defined here, next to the queries that use it, so the store does not depend on the plugin.
 */
export interface ChHandle {
  /** inserts, DDL, lifecycle state writes */
  writer: ClickHouseClient;
  /** queries (API); a separate chDB session, so reads run while the writer works */
  reader: ClickHouseClient;
  database: string;
  /** 'chdb' (embedded) or 'server' (CLICKHOUSE_URL) */
  backend: 'chdb' | 'server';
}

/** Server-side query parameters (`{name:Type}` in the statement). */
export type Params = Record<string, unknown>;

/** Whether the app has a store (a query-only app for the live stream may run without one). */
export function hasCh(app: FastifyInstance): boolean {
  return app.hasDecorator('ch');
}

/** The store, or `APM_ERR_API_STORE_UNAVAILABLE` (503) when the app has none. */
export function getCh(app: FastifyInstance): ChHandle {
  if (!hasCh(app)) throw new ApiError('API_STORE_UNAVAILABLE');
  return app.ch;
}

const UNFILLED_SLOT = new RegExp(`\\{(?:${BUILDER_SLOTS.join('|')})\\}`);

/** A statement sent with a builder slot left unfilled is a bug in the caller, not the store. */
function assertFilled(query: string): void {
  if (UNFILLED_SLOT.test(query)) throw new Error(`statement has an unfilled builder slot: ${query.slice(0, 200)}`);
}

/** Runs a read query with server-side parameters and returns JSON rows. */
export async function select<T>(ch: ChHandle, query: string, params: Params = {}): Promise<T[]> {
  assertFilled(query);
  const rs = await ch.reader.query({ query, query_params: params, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}

/** A result's columns by name, each with one value per row (JSONColumns). */
export type Columns<T> = { [K in keyof T]: T[K][] };

/**
 * Runs a read query and returns its result by columns (JSONColumnsWithMetadata): one JSON text to
 * parse and no object per row, for results of many thousands of rows that are mapped once anyway. No rows: empty columns.
 */
export async function selectColumns<T>(
  ch: ChHandle,
  query: string,
  params: Params = {},
): Promise<{ rows: number; columns: Partial<Columns<T>> }> {
  assertFilled(query);
  const rs = await ch.reader.query({ query, query_params: params, format: 'JSONColumnsWithMetadata' });
  const doc = (await rs.json()) as { data?: Partial<Columns<T>>; rows?: number };
  return { rows: doc.rows ?? 0, columns: doc.data ?? {} };
}
