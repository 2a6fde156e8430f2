#!/usr/bin/env node
/**
 * `pnpm start`: the whole product on embedded defaults, after `pnpm build`.
 *
 *   1. Kafka: the project's broker (deploy/kafka/kafka.sh start), or KAFKA_BROKERS when set
 *   2. the collector (embedded chDB under PODTRAIL_DATA_DIR, API + UI on PODTRAIL_PORT), with
 *      static read + admin tokens (generated once and kept in <data dir>/start-tokens.json unless
 *      PODTRAIL_TOKENS is set); waits for /readyz
 *   3. the demo workload (demo/src/run-demo.mjs), unless --no-demo; when kube-apiserver is built
 *      (deploy/k8s-test/apiserver.sh build), a local API server first (scripts/start-kubernetes.mjs):
 *      the collector watches it, the demo registers its pods there (DEMO_KUBERNETES=off: not)
 *   4. prints one line with the dashboard URL (read token included)
 *
 * SIGINT/SIGTERM stop everything in order: demo (its pods flush), collector, the API server, and
 * Kafka only if this script started it. A second signal kills what is left at once. Every variable: docs/deploy.md.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoKubernetes } from './start-kubernetes.mjs';
import { httpStatus, lines, portInUse, redact, show, signal, stopChild, track, urlHost } from './start-support.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KAFKA_SCRIPT = join(repoRoot, 'deploy/kafka/kafka.sh');
const COLLECTOR_ENTRY = join(repoRoot, 'packages/collector/dist/server.js');
const UI_INDEX = join(repoRoot, 'packages/ui/dist/index.html');
const AGENT_ENTRY = join(repoRoot, 'packages/agent/dist/register.js');
const DEMO_ENTRY = join(repoRoot, 'demo/src/run-demo.mjs');

const USAGE = `usage: pnpm start [-- --no-demo] [-- --quiet] [-- --verbose]
  --no-demo   start Kafka and the collector only
  --quiet     send the demo's and the collector's output to <data dir>/logs/ only
  --verbose   show every collector log line (default: warnings and errors only)
environment: KAFKA_BROKERS, PODTRAIL_DATA_DIR, PODTRAIL_HOST, PODTRAIL_PORT, PODTRAIL_TOKENS,
  CLICKHOUSE_URL, PODTRAIL_START_TIMEOUT_S, DEMO_* (DEMO_KUBERNETES=off: no local API server; see docs/deploy.md)`;

// ------------------------------------------------------------------------------- config ---

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--no-demo', '--quiet', '--verbose', '--help', '-h'].includes(a)) {
    console.error(`start: unknown option ${a}\n${USAGE}`);
    process.exit(2);
  }
}
if (args.has('--help') || args.has('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const withDemo = !args.has('--no-demo');
const quiet = args.has('--quiet');
const verbose = args.has('--verbose') || ['1', 'true', 'on'].includes(process.env.PODTRAIL_START_VERBOSE ?? '');

const errors = [];
const env = process.env;
const dataDir = resolve(repoRoot, env.PODTRAIL_DATA_DIR?.trim() || 'data');
const listenHost = env.PODTRAIL_HOST?.trim() || '127.0.0.1';
const port = intEnv('PODTRAIL_PORT', 4318, 1, 65535);
const readyTimeoutS = intEnv('PODTRAIL_START_TIMEOUT_S', 180, 5, 3600);
const externalBrokers = env.KAFKA_BROKERS?.trim() || undefined;
if (errors.length > 0) {
  console.error(`start: invalid configuration:\n  - ${errors.join('\n  - ')}`);
  process.exit(2);
}

/** @param {string} name @param {number} def @param {number} min @param {number} max */
function intEnv(name, def, min, max) {
  const raw = env[name]?.trim();
  if (!raw) return def;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    errors.push(`${name}=${JSON.stringify(raw)}: expected an integer in [${min}, ${max}]`);
    return def;
  }
  return v;
}

// ------------------------------------------------------------------------------ logging ---

const logDir = join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });

/** @param {string} tag @param {string} msg */
function log(tag, msg) {
  const t = new Date().toTimeString().slice(0, 8);
  writeOut(`${t} ${tag.padEnd(9)} ${msg}\n`);
}
/** @param {string} s */
function writeOut(s) {
  try {
    process.stdout.write(s);
  } catch {
    // stdout closed (e.g. piped into head): keep running
  }
}
process.stdout.on('error', () => {});

// ------------------------------------------------------------------------------- kafka ---

/** @type {{ brokers: string, owned: boolean }} */
let kafka = { brokers: '', owned: false };
/** `kafka.sh start` launched by this script (while it runs, a shutdown waits for it) */
/** @type {Child | undefined} */
let kafkaStart;
/** the broker was running before this script started: never stop it */
let kafkaWasRunning = false;

/** Kafka is ours to stop: we started it (not an already-running or external broker) and the start succeeded. */
function kafkaOwned() {
  return kafka.owned;
}

/** @param {string} cmd @returns {Promise<{ code: number | null, stdout: string, stderr: string }>} */
function kafkaSh(cmd, { echo = false } = {}) {
  return new Promise((res) => {
    // Own process group: a Ctrl-C during a first (slow) start must not kill the script half-way.
    const proc = spawn('bash', [KAFKA_SCRIPT, cmd], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const child = track(`kafka.sh ${cmd}`, proc, log);
    if (cmd === 'start') kafkaStart = child;
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => {
      stdout += d;
    });
    lines(proc.stderr, (line) => {
      stderr += `${line}\n`;
      if (echo) log('kafka', line.replace(/^\[kafka\]\s*/, ''));
    });
    void child.exited.then(({ code }) => {
      if (cmd === 'start') {
        // decided here, not in the caller, so that a shutdown racing the start sees it
        kafka.owned = code === 0 && !kafkaWasRunning && !/already running/.test(stderr);
      }
      res({ code, stdout, stderr });
    });
  });
}

async function startKafka() {
  if (externalBrokers) {
    kafka = { brokers: externalBrokers, owned: false };
    log('kafka', `using KAFKA_BROKERS=${externalBrokers}`);
    return;
  }
  kafkaWasRunning = (await kafkaSh('status')).code === 0;
  const wasRunning = kafkaWasRunning;
  if (wasRunning) log('kafka', 'a broker is already running: using it (it will be left running)');
  else log('kafka', 'starting the local broker (the very first start fetches the Kafka jars: a few minutes)');
  const res = await kafkaSh('start', { echo: !wasRunning });
  if (res.code !== 0) {
    if (wasRunning) writeOut(res.stderr);
    throw new Error(`deploy/kafka/kafka.sh start failed (exit ${res.code}); see the lines above`);
  }
  const brokers = res.stdout.trim().split('\n').at(-1)?.trim();
  if (!brokers) throw new Error('deploy/kafka/kafka.sh start printed no broker address');
  kafka.brokers = brokers;
  log('kafka', `broker ${brokers}${kafka.owned ? '' : ' (not started by this script)'}`);
}

// --------------------------------------------------------------------------- collector ---

/** @returns {{ tokens: string, urlToken: string | undefined, generated: { read: string, admin: string } | undefined }} */
function resolveTokens() {
  const given = env.PODTRAIL_TOKENS?.trim();
  if (given) {
    /** @type {Record<string, string>} */
    const byRole = {};
    for (const entry of given.split(',')) {
      const [role, token] = entry.trim().split(':');
      if (role && token && !byRole[role]) byRole[role] = token;
    }
    return { tokens: given, urlToken: byRole.read ?? byRole.admin, generated: undefined };
  }
  const file = join(dataDir, 'start-tokens.json');
  /** @type {{ read?: string, admin?: string }} */
  let saved = {};
  if (existsSync(file)) {
    try {
      saved = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      saved = {};
    }
  }
  let fresh;
  if (!saved.read || !saved.admin) {
    saved = { read: randomBytes(24).toString('base64url'), admin: randomBytes(24).toString('base64url') };
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    fresh = /** @type {{ read: string, admin: string }} */ (saved);
  }
  return { tokens: `read:${saved.read},admin:${saved.admin}`, urlToken: saved.read, generated: fresh };
}

/** @param {string} host @param {number} p */
const LEVELS = /** @type {Record<number, string>} */ ({
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
});

/** @type {string[]} */
const collectorTail = [];

/** @type {Map<string, { last: number, suppressed: number }>} */
const recentWarnings = new Map();
/**
 * Warnings and errors reach the console as one short line each, and the same message at most once a
 * minute (the full text is in the log file).
 * @param {string} level @param {string} msg
 */
function forwardOnce(level, msg) {
  const first = msg.split('\n')[0] ?? '';
  const text = first.length > 240 ? `${first.slice(0, 240)}...` : first;
  const key = `${level} ${first.slice(0, 60)}`;
  const now = Date.now();
  const seen = recentWarnings.get(key);
  if (seen && now - seen.last < 60_000) {
    seen.suppressed++;
    return;
  }
  if (recentWarnings.size > 500) recentWarnings.clear();
  recentWarnings.set(key, { last: now, suppressed: 0 });
  const more = seen?.suppressed ? ` (+${seen.suppressed} like it in the last minute)` : '';
  log('collector', `${level} ${text}${more}`);
}

// --------------------------------------------------------------------------- kubernetes ---

/** the demo's API server, once started (its start may still run when a signal comes) */
/** @type {Promise<import('./start-kubernetes.mjs').DemoKubernetes | undefined> | undefined} */
let kubeStart;
/** whether an API server is starting or running (for the shutdown message) */
let kubeUp = false;

async function startKubernetes() {
  kubeUp = true;
  kubeStart = startDemoKubernetes({ dataDir, env, log }).catch((err) => {
    log(
      'k8s',
      `the local API server did not start, the demo runs without it: ${err instanceof Error ? err.message : err}`,
    );
    return undefined;
  });
  const kube = await kubeStart;
  kubeUp = kube !== undefined;
  if (kube) log('k8s', `API server ${kube.url}: the collector watches it, the demo registers its pods there`);
  return kube;
}

/** @param {string} tokens @param {boolean} bootstrapOff @param {Record<string, string>} extraEnv */
function startCollector(tokens, bootstrapOff, extraEnv) {
  const logFile = join(logDir, 'collector.log');
  appendFileSync(logFile, `\n---- ${new Date().toISOString()} start ----\n`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const proc = spawn(process.execPath, [COLLECTOR_ENTRY], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: {
      ...env,
      KAFKA_BROKERS: kafka.brokers,
      PODTRAIL_DATA_DIR: dataDir,
      PODTRAIL_HOST: listenHost,
      PODTRAIL_PORT: String(port),
      PODTRAIL_TOKENS: tokens,
      ...(bootstrapOff ? { PODTRAIL_BOOTSTRAP_TOKENS: 'off' } : {}),
      ...extraEnv,
    },
  });
  const child = track('collector', proc, log);
  /** @param {string} line */
  const onLine = (line) => {
    out.write(`${line}\n`);
    collectorTail.push(line);
    if (collectorTail.length > 40) collectorTail.shift();
    if (quiet) return;
    let rec;
    try {
      rec = line.startsWith('{') ? JSON.parse(line) : undefined;
    } catch {
      rec = undefined;
    }
    if (!rec) {
      log('collector', line);
    } else if (verbose) {
      const extra = rec.err?.message ? `: ${rec.err.message}` : '';
      log('collector', `${LEVELS[rec.level] ?? rec.level} ${rec.msg ?? ''}${extra}`);
    } else if (typeof rec.level === 'number' && rec.level >= 40) {
      const extra = rec.err?.message ? `: ${rec.err.message}` : '';
      forwardOnce(LEVELS[rec.level] ?? String(rec.level), `${rec.msg ?? ''}${extra}`);
    }
  };
  lines(proc.stdout, onLine);
  lines(proc.stderr, onLine);
  void child.exited.then(() => out.end());
  return child;
}

// -------------------------------------------------------------------------------- demo ---

/** @type {(() => void) | undefined} */
let demoActivity;

/** @param {Record<string, string>} extraEnv */
function startDemo(extraEnv) {
  const logFile = join(logDir, 'demo.log');
  const out = quiet ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  const proc = spawn(process.execPath, [DEMO_ENTRY], {
    cwd: repoRoot,
    // IPC channel: if this script dies, the demo notices and stops its pods.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
    env: { ...env, KAFKA_BROKERS: kafka.brokers, ...extraEnv },
  });
  const child = track('demo', proc, log);
  /** @param {string} line */
  const onLine = (line) => {
    demoActivity?.();
    if (out) out.write(`${line}\n`);
    else writeOut(`${line}\n`);
  };
  lines(proc.stdout, onLine);
  lines(proc.stderr, onLine);
  void child.exited.then(() => out?.end());
  return child;
}

/** Resolves once the demo's start-up burst of log lines has been quiet for `quietMs` (at most `maxMs`). */
function demoSettled(quietMs = 1500, maxMs = 12_000) {
  return new Promise((res) => {
    let t = setTimeout(done, quietMs);
    const hard = setTimeout(done, maxMs);
    demoActivity = () => {
      clearTimeout(t);
      t = setTimeout(done, quietMs);
    };
    function done() {
      clearTimeout(t);
      clearTimeout(hard);
      demoActivity = undefined;
      res(undefined);
    }
  });
}

// -------------------------------------------------------------------------------- main ---

/** @type {Child | undefined} */
let collector;
/** @type {Child | undefined} */
let demo;
let stopping = false;
let exitCode = 0;

async function shutdown(/** @type {string} */ why) {
  if (stopping) return;
  stopping = true;
  const parts = [
    demo && !demo.done && 'the demo',
    collector && !collector.done && 'the collector',
    kubeUp && 'the API server',
  ];
  if (kafkaOwned() || (kafkaStart && !kafkaStart.done)) parts.push('Kafka');
  if (parts.some(Boolean)) log('start', `${why}: stopping ${parts.filter(Boolean).join(', ')}`);
  const demoGrace = Number(env.DEMO_GRACE_MS) > 0 ? Number(env.DEMO_GRACE_MS) : 10_000;
  await stopChild(demo, demoGrace + 5000, log);
  await stopChild(collector, 30_000, log);
  const kube = await kubeStart;
  if (kube) {
    await kube.stop().catch((err) => log('k8s', `stop failed: ${err instanceof Error ? err.message : err}`));
  }
  if (kafkaStart && !kafkaStart.done) {
    log('kafka', 'waiting for the broker start in progress, to stop it cleanly');
    await kafkaStart.exited;
    await new Promise((r) => setImmediate(r));
  }
  if (kafkaOwned()) {
    const res = await kafkaSh('stop', { echo: true });
    if (res.code !== 0) log('kafka', `stop failed (exit ${res.code})`);
  }
  log('start', 'stopped');
  process.exit(exitCode);
}

let signals = 0;
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(sig, () => {
    signals++;
    if (signals === 1) {
      void shutdown(sig);
      return;
    }
    log('start', `${sig} again: killing everything now`);
    for (const c of [demo, collector]) if (c) signal(c, 'SIGKILL', true);
    if (kafkaOwned()) void kafkaSh('stop').then(() => process.exit(130));
    else process.exit(130);
  });
}

async function main() {
  const missing = [COLLECTOR_ENTRY, ...(withDemo ? [AGENT_ENTRY] : [])].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `not built yet (${missing.map((f) => relative(repoRoot, f)).join(', ')} missing): run \`pnpm install && pnpm build\` first`,
    );
  }
  if (!existsSync(UI_INDEX))
    log('start', 'warning: packages/ui/dist is missing (the dashboard UI will not load): run `pnpm build`');
  if (await portInUse(listenHost, port)) {
    throw new Error(`port ${port} is already in use (another podtrail running?): stop it or set PODTRAIL_PORT`);
  }

  await startKafka();
  if (stopping) return;
  const kube = withDemo ? await startKubernetes() : undefined;
  if (stopping) return;

  const { tokens, urlToken, generated } = resolveTokens();
  log(
    'collector',
    `starting (data: ${show(dataDir)}, ${env.CLICKHOUSE_URL ? `ClickHouse ${redact(env.CLICKHOUSE_URL)}` : 'embedded chDB'}, log: ${show(join(logDir, 'collector.log'))})`,
  );
  const base = `http://${urlHost(listenHost)}:${port}`;
  const bootstrapOff = !env.PODTRAIL_TOKENS?.trim() && !env.PODTRAIL_BOOTSTRAP_TOKENS;
  // A collector that exits during start-up is started again (twice at most): on a brand-new broker the
  // first metadata requests for just-created topics can fail with a transient error.
  for (let attempt = 1; ; attempt++) {
    collector = startCollector(tokens, bootstrapOff, kube?.collectorEnv ?? {});
    const deadline = Date.now() + readyTimeoutS * 1000;
    while (!collector.done && !stopping) {
      if ((await httpStatus(`${base}/readyz`)) === 200) break;
      if (Date.now() > deadline) {
        writeOut(`${collectorTail.join('\n')}\n`);
        throw new Error(`the collector was not ready after ${readyTimeoutS}s (${base}/readyz); its log is above`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    if (stopping) return;
    if (!collector.done) break;
    if (attempt >= 3) {
      if (quiet) writeOut(`${collectorTail.join('\n')}\n`);
      throw new Error(`the collector exited during start-up (log: ${show(join(logDir, 'collector.log'))})`);
    }
    log('start', `the collector exited during start-up; starting it again (attempt ${attempt + 1} of 3)`);
    await new Promise((r) => setTimeout(r, 2000));
    if (stopping) return;
  }
  log('collector', `ready on ${base}`);
  void collector.exited.then(({ code, signal: sig }) => {
    if (stopping) return;
    log('start', `the collector exited unexpectedly (${sig ?? `code ${code}`}); last lines of its log:`);
    writeOut(`${collectorTail.slice(-20).join('\n')}\n`);
    exitCode = 1;
    void shutdown('collector gone');
  });

  if (withDemo) {
    demo = startDemo(kube?.demoEnv ?? {});
    void demo.exited.then(({ code, signal: sig }) => {
      if (!stopping) log('start', `the demo exited (${sig ?? `code ${code}`}); the collector keeps running`);
    });
    await demoSettled();
    if (stopping) return;
  }

  const url = urlToken ? `${base}/?token=${encodeURIComponent(urlToken)}` : `${base}/`;
  writeOut(`\n==> podtrail dashboard: ${url}\n\n`);
  if (generated) {
    log('start', `tokens generated and saved in ${show(join(dataDir, 'start-tokens.json'))}`);
    log('start', `admin token (shown once): ${generated.admin}`);
  }
  if (urlToken) log('start', `API: curl -H 'Authorization: Bearer ${urlToken}' ${base}/api/v1/pods`);
  log('start', `${withDemo ? 'demo running; ' : ''}Ctrl-C stops everything`);
}

/** A path relative to the working directory when it is inside it, else absolute. @param {string} p */
main().catch((err) => {
  log('start', `error: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
  void shutdown('error');
});
