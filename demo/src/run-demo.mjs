#!/usr/bin/env node
/**
 * Demo supervisor: runs groupware-demo (autoscaled), portal-demo and groupware-db "pods" as child
 * processes instrumented with the podtrail agent, drives steady traffic through them, scales
 * groupware-demo in and out like an HPA, and (DEMO_CHAOS=on) now and then crashes, OOM-kills, evicts
 * or loses a pod. Crashed and OOM-killed containers restart under the same pod name. Given an API
 * server (DEMO_KUBE_API, set by `pnpm start`), it registers all of it there as kubelet and the
 * controllers would (kube-registrar.mjs), and its HPA's decisions go through that API server.
 *
 *   KAFKA_BROKERS=127.0.0.1:19092 node demo/src/run-demo.mjs
 *
 * Configuration: environment variables, see config.mjs and docs/deploy.md. Stops cleanly on
 * SIGINT/SIGTERM (a second signal kills the pods at once).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Cluster } from './cluster.mjs';
import { loadConfig } from './config.mjs';
import { prepareDemoSchema, startDemoDatabase } from './demo-database.mjs';
import { applyToCluster, HpaController } from './hpa-controller.mjs';
import { KubeApi } from './kube-api.mjs';
import { KubeRegistrar } from './kube-registrar.mjs';
import { LoadGenerator } from './load-generator.mjs';

const HPA_INTERVAL_MS = 15_000;
const HPA_TARGET_CPU = 60;
/** The first chaos events, so that a new user sees each kind within minutes; random ones after. */
const CHAOS_OPENING = ['oom-kill', 'evict', 'crash-loop'];

function log(/** @type {string} */ msg) {
  const t = new Date().toTimeString().slice(0, 8);
  process.stdout.write(`${t} demo  ${msg}\n`);
}

/** @type {import('./config.mjs').DemoConfig} */
let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
}

let agentImport;
if (config.agent) {
  try {
    agentImport = import.meta.resolve('@podtrail/agent/register');
  } catch {
    agentImport = undefined;
  }
  if (!agentImport || (agentImport.startsWith('file:') && !existsSync(fileURLToPath(agentImport)))) {
    console.error(
      'demo: the agent is not built (@podtrail/agent/register not found): run `pnpm install && pnpm build`, ' +
        'or set DEMO_AGENT=off to run the demo without it',
    );
    process.exit(1);
  }
  if (!process.env.KAFKA_BROKERS) log('KAFKA_BROKERS is not set: the agent uses its own default broker address');
}

const startedAt = Date.now();
/** load wave between 0 and 1 over DEMO_CYCLE_S; starts at the trough so scale-out is seen early */
const phase = () => (1 - Math.cos((2 * Math.PI * (Date.now() - startedAt)) / (config.cycleS * 1000))) / 2;
const loadFactor = () => 0.6 + 0.8 * phase();

const cluster = new Cluster({
  config,
  serviceScript: fileURLToPath(new URL('./service.mjs', import.meta.url)),
  agentImport,
  log,
});

const { min, max } = config.groupwarePods;

/** @type {KubeRegistrar | undefined} */
let registrar;
if (config.kubernetes && config.kubeApi) {
  try {
    registrar = new KubeRegistrar({
      api: KubeApi.fromFile(config.kubeApi),
      namespace: config.namespace,
      graceMs: config.graceMs,
      log,
    });
    await registrar.start();
    cluster.observer = registrar.observer();
    log(`kubernetes: registering the pods, their restarts and the HPA's decisions in ${registrar.api.url}`);
  } catch (err) {
    log(`kubernetes: API server unusable (${err instanceof Error ? err.message : err}); running without it`);
    registrar = undefined;
  }
}

/** @type {(() => Promise<void>) | undefined} */
let stopDatabase;
/** @returns {Promise<string | undefined>} the PostgreSQL URL, or undefined for the simulated db */
async function resolveDatabase() {
  if (config.database === 'simulated') return undefined;
  const db = await startDemoDatabase(log);
  if (!db.url) {
    log(`database: PostgreSQL unavailable (${db.reason}); using the simulated groupware-db instead`);
    return undefined;
  }
  stopDatabase = db.stop;
  try {
    await prepareDemoSchema(db.url);
  } catch (err) {
    log(
      `database: PostgreSQL schema failed (${err instanceof Error ? err.message : err}); using the simulated groupware-db`,
    );
    return undefined;
  }
  return db.url;
}
// Until the pods exist there is nothing to stop: a signal (or the parent going away) during the
// database start-up simply ends the demo.
let settingUp = true;
const endSetup = () => {
  if (settingUp) process.exit(130);
};
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, endSetup);
process.once('disconnect', endSetup);
const pgUrl = await resolveDatabase();
settingUp = false;
if (pgUrl) {
  process.env.DEMO_PG_URL = pgUrl;
  log(`database: groupware-demo queries PostgreSQL ${pgUrl.replace(/\/\/[^@]*@/, '//')} (pg client, traced)`);
} else {
  delete process.env.DEMO_PG_URL;
}

log(
  `namespace ${config.namespace}: groupware-demo ${min === max ? min : `${min}..${max}`} pods, portal-demo ` +
    `${config.portalPods}, ${pgUrl ? 'PostgreSQL' : 'groupware-db 1'}; ~${config.rps} req/s; chaos ${config.chaos ? 'on' : 'off'}; ` +
    `agent ${agentImport ? 'on' : 'off'}`,
);
if (!pgUrl) {
  cluster.addWorkload({
    name: 'groupware-db',
    role: 'db',
    kind: 'StatefulSet',
    version: '0',
    container: 'db',
    serviceVersion: '14.2.0',
    replicas: 1,
  });
}
const groupware = cluster.addWorkload({
  name: 'groupware-demo',
  role: 'groupware',
  kind: 'Deployment',
  version: '10',
  container: 'groupware',
  serviceVersion: '2.10.0',
  replicas: min,
});
const portal = cluster.addWorkload({
  name: 'portal-demo',
  role: 'portal',
  kind: 'Deployment',
  version: '3',
  container: 'portal',
  serviceVersion: '1.3.0',
  replicas: config.portalPods,
});

/** @type {{ portal: string[], groupware: string[] }} */
let targets = { portal: [], groupware: [] };
cluster.onEndpointsChange = () => {
  const e = cluster.endpoints();
  targets = { portal: e.portal, groupware: e.groupware };
};
const load = new LoadGenerator({ targets: () => targets, rps: () => config.rps * loadFactor() });
load.start();

/** @type {NodeJS.Timeout[]} */
const timers = [];

// Horizontal Pod Autoscaler on CPU: the load wave needs between MIN and MAX pods' worth of CPU at
// the target utilization; +2 pods per step up, -1 per step down. With an API server its decisions
// are written there (status, /scale) and the cluster runs the replicas the API server then holds.
if (max > min) {
  if (registrar) {
    await registrar.createHpa(groupware, { min, max, target: HPA_TARGET_CPU }).catch((err) => registrar?.failed(err));
  }
  const hpa = new HpaController({
    name: groupware.name,
    min,
    max,
    targetUtilization: HPA_TARGET_CPU,
    demand: () => min + (max - min) * phase(),
    current: () => cluster.active(groupware).length,
    apply: applyToCluster({ cluster, workload: groupware, registrar, stopped: () => stopping }),
    log,
  });
  timers.push(setInterval(() => void hpa.step(), HPA_INTERVAL_MS));
}

/** @type {[number, string][]} */
const CHAOS = [
  [30, 'crash'],
  [10, 'crash-loop'],
  [20, 'oom-kill'],
  [15, 'node-lost'],
  [25, 'evict'],
];
/** @template T @param {T[]} list @returns {T | undefined} */
const any = (list) => list[Math.floor(Math.random() * list.length)];

function chaos() {
  const ready = cluster.ready(groupware);
  if (ready.length < 3 || cluster.pods().some((p) => p.state === 'backoff')) return; // let it settle
  let action = CHAOS_OPENING.shift();
  if (!action) {
    let r = Math.random() * CHAOS.reduce((sum, [w]) => sum + w, 0);
    action = 'crash';
    for (const [w, name] of CHAOS) {
      r -= w;
      if (r < 0) {
        action = name;
        break;
      }
    }
  }
  const usePortal = (action === 'oom-kill' || action === 'evict') && Math.random() < 0.25;
  const pod = any(usePortal && cluster.ready(portal).length > 1 ? cluster.ready(portal) : ready);
  if (!pod) return;
  switch (action) {
    case 'crash':
      if (cluster.crashPod(pod)) log(`chaos: ${pod.name} gets a request that hits an uncaught exception`);
      break;
    case 'crash-loop':
      if (cluster.crashPod(pod, 2)) log(`chaos: ${pod.name} crashes and its config is broken (crash loop x3)`);
      break;
    case 'oom-kill':
      if (cluster.killPod(pod, { restart: true, reason: 'oom-kill' })) log(`chaos: ${pod.name} OOM-killed (SIGKILL)`);
      break;
    case 'node-lost':
      if (cluster.killPod(pod, { restart: false, reason: 'node lost' }))
        log(`chaos: ${pod.name} vanished with its node (SIGKILL, no restart; replaced)`);
      break;
    case 'evict':
      log(`chaos: ${pod.name} evicted (SIGTERM, replaced)`);
      cluster.deletePod(pod, 'evicted');
      break;
  }
}

if (config.chaos) {
  const scheduleChaos = (/** @type {number} */ ms) => {
    timers.push(
      setTimeout(() => {
        chaos();
        scheduleChaos(config.chaosIntervalS * 1000 * (0.5 + Math.random()));
      }, ms),
    );
  };
  scheduleChaos(Math.min(25_000, config.chaosIntervalS * 1000));
}

if (config.statsS > 0) {
  timers.push(
    setInterval(() => {
      const s = load.takeStats();
      const pods = [...cluster.workloads.values()]
        .map((w) => `${w.name} ${cluster.ready(w).length}/${w.replicas}`)
        .join(', ');
      const restarts = cluster.pods().reduce((n, p) => n + p.restarts, 0);
      log(
        `traffic ${s.rps.toFixed(1)} req/s (load ${loadFactor().toFixed(2)}x), errors ${s.errorPct.toFixed(1)}%, ` +
          `p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms | ready ${pods} | restarts ${restarts}`,
      );
    }, config.statsS * 1000),
  );
}

let stopping = false;
/** @param {string} why */
async function shutdown(why) {
  if (stopping) {
    log(`${why} again: killing the pods now`);
    await cluster.shutdown({ force: true });
    process.exit(130);
  }
  stopping = true;
  for (const t of timers) clearTimeout(t);
  load.stop();
  const running = cluster.pods().filter((p) => p.child).length;
  log(`${why}: stopping ${running} pods (SIGTERM, ${config.graceMs} ms grace)`);
  await registrar?.scaleToZero(cluster.workloads.values());
  await cluster.shutdown();
  log('all pods stopped');
  await registrar?.close();
  await stopDatabase?.();
  process.disconnect?.();
  process.exit(0);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// Started by scripts/start.mjs with an IPC channel: if it dies, so do we.
process.on('disconnect', () => void shutdown('parent gone'));
if (config.durationS > 0)
  timers.push(setTimeout(() => void shutdown(`${config.durationS}s elapsed`), config.durationS * 1000));
process.on('uncaughtException', (err) => {
  console.error('demo: unexpected error:', err);
  void cluster.shutdown({ force: true }).then(() => process.exit(1));
});
