/**
 * The demo's real PostgreSQL: started (and installed when missing, as root) by the project's own
 * deploy/databases/db.sh, in a database of its own (`podtrail_demo`), with the groupware schema and
 * seed rows. When it cannot be had, the demo falls back to its simulated groupware-db workload.
 *
 * The groupware pods query it with `pg` (instrumented by the agent); GET /api/report/monthly runs a
 * report whose SQL waits in pg_sleep, the slow path the T-Map's slow band leads to.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DB_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/databases/db.sh');
export const DEMO_DB_NAME = 'podtrail_demo';

/**
 * @param {string[]} args @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function dbSh(args, env) {
  return new Promise((res) => {
    // Own process group: a Ctrl-C during an install must not kill apt-get half-way.
    const proc = spawn('bash', [DB_SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => {
      stdout += d;
    });
    proc.stderr.on('data', (d) => {
      stderr += d;
    });
    proc.on('error', (err) => res({ code: -1, stdout, stderr: `${stderr}${err.message}\n` }));
    proc.on('close', (code) => res({ code, stdout, stderr }));
  });
}

/** Last non-empty line of a db.sh error output, without its prefix. @param {string} text */
const lastLine = (text) =>
  (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .at(-1) ?? ''
  ).replace(/^\[db\]\s*(ERROR:\s*)?/, '');

/**
 * Starts the PostgreSQL server (installing it first when missing and possible).
 * @param {(msg: string) => void} log
 * @returns {Promise<{ url: string, stop: () => Promise<void> } | { url: undefined, reason: string }>}
 */
export async function startDemoDatabase(log) {
  const env = { ...process.env, PODTRAIL_DB_NAME: process.env.PODTRAIL_DB_NAME || DEMO_DB_NAME };
  const wasRunning = (await dbSh(['status', 'postgres'], env)).code === 0;
  if (!wasRunning) log('database: starting PostgreSQL (deploy/databases/db.sh; the first run installs it)');
  const res = await dbSh(['start', 'postgres'], env);
  const url = res.stdout.trim().split('\n').at(-1)?.trim();
  if (res.code !== 0 || !url?.includes('://')) {
    return { url: undefined, reason: lastLine(res.stderr) || `db.sh start postgres exited ${res.code}` };
  }
  return {
    url,
    async stop() {
      if (wasRunning) return;
      await dbSh(['stop', 'postgres'], env);
    },
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS app_user (id integer PRIMARY KEY, login text NOT NULL, display_name text NOT NULL);
CREATE TABLE IF NOT EXISTS mailbox_message (
  id bigserial PRIMARY KEY, owner_id integer NOT NULL, folder text NOT NULL, subject text NOT NULL,
  size_bytes integer NOT NULL, received_at timestamptz NOT NULL);
CREATE INDEX IF NOT EXISTS mailbox_message_owner ON mailbox_message (owner_id, folder, received_at DESC);
CREATE TABLE IF NOT EXISTS calendar_event (
  id bigserial PRIMARY KEY, owner_id integer NOT NULL, title text NOT NULL, starts_at timestamptz NOT NULL);
CREATE INDEX IF NOT EXISTS calendar_event_owner ON calendar_event (owner_id, starts_at);
CREATE TABLE IF NOT EXISTS document (id bigserial PRIMARY KEY, owner_id integer NOT NULL, title text NOT NULL);
`;

const SEED = `
INSERT INTO app_user SELECT u, 'user' || u, 'User ' || u FROM generate_series(1, 200) u;
INSERT INTO mailbox_message (owner_id, folder, subject, size_bytes, received_at)
  SELECT 1 + m % 200, (ARRAY['inbox', 'inbox', 'inbox', 'archive', 'sent'])[1 + (m / 200) % 5],
         (ARRAY['budget', 'offsite', 'invoice', 'roadmap', 'holiday', 'contract', 'release'])[1 + m % 7] || ' #' || m,
         1000 + (m * 7919) % 250000, now() - (m % 2000) * interval '15 minutes'
    FROM generate_series(1, 20000) m;
INSERT INTO calendar_event (owner_id, title, starts_at)
  SELECT 1 + e % 200, 'meeting ' || e, date_trunc('day', now()) + (e % 48) * interval '30 minutes'
    FROM generate_series(1, 4000) e;
INSERT INTO document (owner_id, title)
  SELECT 1 + d % 200, (ARRAY['budget', 'roadmap', 'contract', 'hiring'])[1 + d % 4] || ' draft ' || d
    FROM generate_series(1, 2000) d;
`;

/** Users the demo's requests act as (ids of app_user). */
export const DEMO_USERS = 200;
/** Highest seeded mailbox_message id. */
export const DEMO_MESSAGES = 20_000;

/**
 * Creates the groupware tables and seed rows once (idempotent; concurrent callers wait on a lock).
 * @param {string} url
 */
export async function prepareDemoSchema(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(884422)');
    await client.query(SCHEMA);
    const { rows } = await client.query('SELECT count(*)::int AS n FROM app_user');
    if (rows[0].n === 0) await client.query(SEED);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}
