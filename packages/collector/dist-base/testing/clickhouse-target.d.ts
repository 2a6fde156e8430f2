import { type ClickHouseClient } from '@clickhouse/client';
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
export declare function clickhouseTarget(prefix?: string, env?: NodeJS.ProcessEnv): ClickHouseTarget;
//# sourceMappingURL=clickhouse-target.d.ts.map