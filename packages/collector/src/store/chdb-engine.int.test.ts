import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { type OpenedStore, openStore } from '../plugins/clickhouse.js';

/**
 * The embedded engine runs with the configured memory limit and cache sizes: the store's own
 * connections (opened after the engine) see them as the server's settings.
 */
const dir = mkdtempSync(join(tmpdir(), 'podtrail-chdb-engine-'));
let store: OpenedStore;

beforeAll(() => {
  const config = loadConfig(
    { chdbPath: join(dir, 'chdb'), api: { authEnabled: false, bootstrapTokens: false } },
    { PODTRAIL_CHDB_MAX_MEMORY_MB: '1536', PODTRAIL_CHDB_CACHE_MB: '96', PODTRAIL_CHDB_ARGS: '--mmap_cache_size=77' },
  );
  store = openStore(config);
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded chDB limits', () => {
  it('the memory limit, every cache and the extra arguments are the engine settings', async () => {
    const rs = await store.ch.reader.query({
      query: `SELECT name, value FROM system.server_settings
              WHERE name IN ('max_server_memory_usage', 'mark_cache_size', 'index_mark_cache_size',
                             'primary_index_cache_size', 'query_condition_cache_size', 'mmap_cache_size')
              ORDER BY name`,
      format: 'JSONEachRow',
    });
    const mib = (n: number) => String(n * 1024 * 1024);
    expect(await rs.json()).toEqual([
      { name: 'index_mark_cache_size', value: mib(96) },
      { name: 'mark_cache_size', value: mib(96) },
      { name: 'max_server_memory_usage', value: mib(1536) },
      { name: 'mmap_cache_size', value: '77' },
      { name: 'primary_index_cache_size', value: mib(96) },
      { name: 'query_condition_cache_size', value: mib(96) },
    ]);
  });
});
