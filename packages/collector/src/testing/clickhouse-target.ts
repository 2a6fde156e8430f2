import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';

/**
 * Where a test's ClickHouse lives. CLICKHOUSE_URL unset (CI): embedded chDB in a fresh mkdtemp
 * directory, database `podtrail` (as before). CLICKHOUSE_URL set (+ optional CLICKHOUSE_USER /
 * CLICKHOUSE_PASSWORD): that server, with a unique database `podtrail_test_<random>` dropped by
 * `cleanup()`. Every test that opens ClickHouse gets its settings from here.
 */
export interface ClickHouseTarget {
  backend: 'chdb' | 'server';
  /** always a fresh temp dir: the chDB data (`<dataDir>/chdb`) and the collector's other files */
  dataDir: string;
  /** `<dataDir>/chdb` (unused on a server) */
  chdbPath: string;
  database: string;
  url: string | undefined;
  /** store options for `loadConfig` / `testConfig` */
  config: {
    dataDir: string;
    database: string;
    clickhouseUrl?: string;
    clickhouseUser?: string;
    clickhousePassword?: string;
  };
  /** the same settings as environment variables, for a collector child process */
  env: Record<string, string>;
  /** a new client on the store (caller closes it); chDB: a session on `chdbPath` */
  client(): ClickHouseClient;
  /** drops the test database (server) and removes `dataDir` */
  cleanup(): Promise<void>;
}

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export function clickhouseTarget(prefix = 'podtrail-test-', env: NodeJS.ProcessEnv = process.env): ClickHouseTarget {
  const url = env.CLICKHOUSE_URL || undefined;
  const user = env.CLICKHOUSE_USER || undefined;
  const password = env.CLICKHOUSE_PASSWORD || undefined;
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const chdbPath = join(dataDir, 'chdb');
  if (!url) {
    const database = 'podtrail';
    return {
      backend: 'chdb',
      dataDir,
      chdbPath,
      database,
      url,
      config: { dataDir, database },
      env: { PODTRAIL_DATA_DIR: dataDir, PODTRAIL_DATABASE: database },
      client: () =>
        // chdb is typed against another @clickhouse/client-common version: same shape
        createClient({ connection: createChdbConnection({ path: chdbPath }) as unknown as ClientConnection }),
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const database = `podtrail_test_${randomBytes(6).toString('hex')}`;
  const client = () =>
    createClient({
      url,
      ...(user !== undefined ? { username: user } : {}),
      ...(password !== undefined ? { password } : {}),
      request_timeout: 60_000,
    });
  return {
    backend: 'server',
    dataDir,
    chdbPath,
    database,
    url,
    config: {
      dataDir,
      database,
      clickhouseUrl: url,
      ...(user !== undefined ? { clickhouseUser: user } : {}),
      ...(password !== undefined ? { clickhousePassword: password } : {}),
    },
    env: {
      PODTRAIL_DATA_DIR: dataDir,
      PODTRAIL_DATABASE: database,
      CLICKHOUSE_URL: url,
      ...(user !== undefined ? { CLICKHOUSE_USER: user } : {}),
      ...(password !== undefined ? { CLICKHOUSE_PASSWORD: password } : {}),
    },
    client,
    async cleanup() {
      const c = client();
      try {
        await c.command({ query: `DROP DATABASE IF EXISTS \`${database}\`` });
      } catch (err) {
        throw new Error(`cannot drop test database ${database} on ${url}: ${(err as Error).message}`, { cause: err });
      } finally {
        await c.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
