#!/usr/bin/env node
/**
 * Statements of `store/sql` that no API call of direct.mjs times, run directly on a data set
 * bench/churn/direct.mjs seeded (QDIR; QHISTORY_DAYS=89 for the pods table's 90 days): the
 * tracker's loads on a lifecycle partition assignment and the services list. Median of 3 after a
 * warm-up, and the rows each returned. QROOT=<another checkout>/packages/collector/dist/ runs that
 * checkout's statements (before/after pairs).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.QROOT ?? fileURLToPath(new URL('../../packages/collector/dist/', import.meta.url));
const dir = process.env.QDIR;
if (!dir) throw new Error('QDIR: a data set seeded by bench/churn/direct.mjs');
const { openChdb } = await import(`${root}testing/query-harness.js`);
const { sql } = await import(`${root}store/sql.js`);
const engineMod = await import(`${root}store/chdb-engine.js`).catch(() => null);
engineMod?.openChdbEngine(join(dir, 'chdb'), engineMod.DEFAULT_CHDB_LIMITS);
const ch = await openChdb(join(dir, 'chdb'), 'podtrail');
const statements = [
  ['lifecycle_pods_by_state', { state: 'running' }],
  ['lifecycle_running_instances', {}],
  ['services_list', {}],
];
for (const [name, params] of statements) {
  const times = [];
  let rows = 0;
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    const rs = await ch.reader.query({ query: sql(name, 'podtrail'), query_params: params, format: 'JSONEachRow' });
    rows = (await rs.json()).length;
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: median ${times[1].toFixed(1)} ms, ${rows} rows`);
}
process.exit(0);
