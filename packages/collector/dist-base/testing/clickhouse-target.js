import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
export function clickhouseTarget(prefix = 'podtrail-test-', env = process.env) {
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
            createClient({ connection: createChdbConnection({ path: chdbPath }) }),
            async cleanup() {
                rmSync(dataDir, { recursive: true, force: true });
            },
        };
    }
    const database = `podtrail_test_${randomBytes(6).toString('hex')}`;
    const client = () => createClient({
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
            }
            catch (err) {
                throw new Error(`cannot drop test database ${database} on ${url}: ${err.message}`, { cause: err });
            }
            finally {
                await c.close();
                rmSync(dataDir, { recursive: true, force: true });
            }
        },
    };
}
//# sourceMappingURL=clickhouse-target.js.map