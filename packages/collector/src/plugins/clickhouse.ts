import { mkdirSync } from 'node:fs';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { CollectorConfig } from '../config.js';
import { openChdbEngine } from '../store/chdb-engine.js';
import { setClustered } from '../store/cluster-layout.js';
import { migrate } from '../store/migrate.js';
import type { ChHandle } from '../store/query.js';
import { applyRetention } from '../store/retention.js';
import { chdbTarget, type RawInsertTarget, serverTarget, TableWriter } from '../store/writer.js';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export type { ChHandle };

declare module 'fastify' {
  interface FastifyInstance {
    ch: ChHandle;
    /** encoded-row inserts with deduplication tokens (ingest side) */
    tables: TableWriter;
  }
}

export interface ClickHousePluginOptions {
  config: CollectorConfig;
}

export interface OpenedStore {
  ch: ChHandle;
  tables: TableWriter;
  close(): Promise<void>;
}

/**
 * Opens the store. Embedded chDB: two `chdb/connection` connections on the same data path
 * (the engine is one per process; each connection is its own session, and two sessions run
 * queries in parallel). The writer session does inserts through the zero-copy raw insert, which
 * does not block queries on the reader session. Server: two HTTP clients with the same settings.
 */
export function openStore(config: CollectorConfig): OpenedStore {
  let writer: ClickHouseClient;
  let reader: ClickHouseClient;
  let target: RawInsertTarget;
  let backend: ChHandle['backend'];
  let engine: { close(): void } | null = null;
  if (config.clickhouseUrl) {
    const opts = {
      url: config.clickhouseUrl,
      ...(config.clickhouseUser !== undefined ? { username: config.clickhouseUser } : {}),
      ...(config.clickhousePassword !== undefined ? { password: config.clickhousePassword } : {}),
      request_timeout: 60_000,
    };
    writer = createClient({ ...opts, max_open_connections: 4 });
    reader = createClient({ ...opts, max_open_connections: 16 });
    target = serverTarget(writer);
    backend = 'server';
  } else {
    mkdirSync(config.chdbPath, { recursive: true });
    engine = openChdbEngine(config.chdbPath, config.chdbLimits);
    const wconn = createChdbConnection({ path: config.chdbPath });
    const rconn = createChdbConnection({ path: config.chdbPath });
    // chdb is typed against @clickhouse/client-common 1.23.0, the client bundles 1.23.1: same shape
    writer = createClient({ connection: wconn as unknown as ClientConnection });
    reader = createClient({ connection: rconn as unknown as ClientConnection });
    target = chdbTarget(wconn.chdb);
    backend = 'chdb';
  }
  const ch: ChHandle = { writer, reader, database: config.database, backend };
  return {
    ch,
    tables: new TableWriter(target, config.database),
    async close() {
      await reader.close();
      await writer.close();
      engine?.close();
    },
  };
}

const clickhousePlugin: FastifyPluginAsync<ClickHousePluginOptions> = async (app: FastifyInstance, opts) => {
  const { config } = opts;
  const store = openStore(config);
  app.decorate('ch', store.ch);
  app.decorate('tables', store.tables);
  app.addHook('onClose', async () => {
    await store.close();
  });
  const cluster = config.clickhouseCluster;
  // on a cluster: schema ON CLUSTER, reads through the Distributed tables (store/cluster-ddl.ts)
  setClustered(config.database, cluster !== undefined);
  const res = await migrate(store.ch.writer, config.database, app.log, cluster ? { cluster } : undefined);
  const ttl = await applyRetention(store.ch.writer, config.database, config.retention, cluster);
  app.log.info(
    {
      backend: store.ch.backend,
      database: config.database,
      path: store.ch.backend === 'chdb' ? config.chdbPath : undefined,
      cluster,
      schemaVersion: res.current,
      applied: res.applied,
      retentionChanged: ttl.map((t) => t.table),
    },
    'clickhouse ready',
  );
};

/** Decorates the root instance (`app.ch`, `app.tables`); other plugins name it as a dependency. */
export default fp(clickhousePlugin, { name: 'podtrail-clickhouse', fastify: '5.x' });
