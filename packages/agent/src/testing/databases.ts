// Integration-test support: the project's own database servers (deploy/databases/db.sh), started
// for a test file and stopped after it when it started them.
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { AGENT_DIR } from './harness.js';

export const DB_SCRIPT = resolve(AGENT_DIR, '../../deploy/databases/db.sh');

export type DatabaseName = 'postgres' | 'mariadb' | 'redis';

export interface DatabaseServer {
  name: DatabaseName;
  /** connection URL with the test user's credentials; undefined when skipped */
  url: string | undefined;
  /** why the tests on this server are skipped (only outside CI, when its package cannot be installed) */
  skipReason: string | undefined;
  /** stops the server if this run started it (PODTRAIL_KEEP_DB=1 keeps it) */
  stop(): void;
}

const lastLines = (text: string | undefined, n = 8): string => (text ?? '').trim().split('\n').slice(-n).join('\n');

/**
 * Installs (when missing) and starts one server; resolves once it answers a query as the test user.
 * A server that cannot be started fails the test. A package that cannot be installed fails it under
 * CI=true and skips it elsewhere (a developer's machine without root or apt), with the reason.
 */
export function startDatabase(name: DatabaseName): DatabaseServer {
  const install = spawnSync('bash', [DB_SCRIPT, 'install', name], { encoding: 'utf8', timeout: 600_000 });
  if (install.status !== 0) {
    const why = `${name}: Debian's package could not be installed by ${DB_SCRIPT}:\n${lastLines(install.stderr)}`;
    if (process.env.CI === 'true') throw new Error(why);
    process.stderr.write(`[databases] SKIPPING the ${name} tests: ${why}\n`);
    return { name, url: undefined, skipReason: why, stop() {} };
  }
  const wasRunning = spawnSync('bash', [DB_SCRIPT, 'status', name], { stdio: 'ignore' }).status === 0;
  let out: string;
  try {
    out = execFileSync('bash', [DB_SCRIPT, 'start', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 170_000,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${name} did not start (${DB_SCRIPT} start ${name}):\n${lastLines(e.stderr, 40) || e.message}`);
  }
  const url = out.trim().split('\n').at(-1);
  if (!url?.includes('://')) throw new Error(`${name}: no connection URL from ${DB_SCRIPT} start: ${out}`);
  return {
    name,
    url,
    skipReason: undefined,
    stop() {
      if (wasRunning || process.env.PODTRAIL_KEEP_DB === '1') return;
      execFileSync('bash', [DB_SCRIPT, 'stop', name], { stdio: 'ignore', timeout: 60_000 });
    },
  };
}
