import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

/** What the clickhouse plugin (ingest engineer) decorates fastify with as `app.ch`. */
export interface ChHandle {
  writer: ClickHouseClient;
  reader: ClickHouseClient;
  database: string;
}

export function hasCh(app: FastifyInstance): boolean {
  return app.hasDecorator('ch') && (app as unknown as { ch?: ChHandle }).ch !== undefined;
}

export function getCh(app: FastifyInstance): ChHandle {
  const ch = (app as unknown as { ch?: ChHandle }).ch;
  if (!ch) throw new ApiError('API_STORE_UNAVAILABLE');
  return ch;
}

/** Backquoted ClickHouse identifier (database names come from config, never from requests). */
export function ident(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

export type Params = Record<string, unknown>;

/** Runs a read query with server-side parameters and returns JSON rows. */
export async function select<T>(ch: ChHandle, query: string, params: Params = {}): Promise<T[]> {
  const rs = await ch.reader.query({ query, query_params: params, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}
