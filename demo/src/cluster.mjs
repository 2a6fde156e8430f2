/**
 * A tiny stand-in for a Kubernetes node: workloads with a replica count (ReplicaSet/StatefulSet),
 * pods as child processes (one container each), restartPolicy Always with CrashLoopBackOff-style delays,
 * graceful deletion (SIGTERM, then SIGKILL after the grace period), and endpoints (ready pods) pushed to
 * every pod over IPC the way kube-proxy would route a Service. An observer (kube-registrar.mjs) may
 * report all of it to a Kubernetes API server, as kubelet and the controllers would.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { FakeNodes, podName, podUid } from './pod-identity.mjs';

/** @typedef {import('./config.mjs').DemoConfig} DemoConfig */
/** @typedef {'portal' | 'groupware' | 'db'} Role */

/**
 * @typedef {object} Workload
 * @property {string} name          e.g. groupware-demo
 * @property {Role} role
 * @property {'Deployment' | 'StatefulSet'} kind
 * @property {string} version       deployment config version in pod names
 * @property {string} container     container name
 * @property {string} serviceVersion service.version reported by the agent
 * @property {number} replicas      desired
 * @property {Set<Pod>} pods
 */

/**
 * @typedef {object} Pod
 * @property {Workload} workload
 * @property {string} name
 * @property {string} uid
 * @property {string} nodeName
 * @property {string} hostIp
 * @property {string} podIp
 * @property {number} createdAt
 * @property {'starting' | 'ready' | 'backoff' | 'terminating'} state
 * @property {import('node:child_process').ChildProcess | undefined} child
 * @property {number | undefined} port
 * @property {number} restarts       container restarts (instances - 1)
 * @property {number[]} restartTimes
 * @property {string | false} deleting  why it was deleted: do not restart, let the workload replace it
 * @property {string | undefined} expect  why we expect the container to die (chaos), quiets its stderr
 * @property {number} crashLoop      further starts that will crash shortly after starting
 * @property {NodeJS.Timeout | undefined} timer
 * @property {number} stderrLines
 * @property {number} containerStartedAt  when the current (or last) container process started
 */

/**
 * How a container process ended, as the node saw it.
 * @typedef {object} ContainerEnd
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {string | undefined} expect  why the demo killed or crashed it (oom-kill, crash, startup-probe, ...)
 * @property {number} startedAt
 * @property {number} finishedAt
 * @property {number | undefined} backoffMs  restart delay; undefined when the pod is not restarted
 * @property {string | false} deleting     why the pod is being deleted (no restart)
 * @property {boolean} shuttingDown
 */

/**
 * What the cluster reports while it runs pods (all optional): the registrar that plays kubelet and the
 * controllers against an API server (kube-registrar.mjs).
 * @typedef {object} ClusterObserver
 * @property {(workload: Workload) => void} [workloadAdded]
 * @property {(pod: Pod) => Promise<string>} [admit]  registers a new pod before its first container starts
 *                                          and resolves with its uid (the API server assigns it)
 * @property {(pod: Pod) => void} [containerStarted]
 * @property {(pod: Pod) => void} [containerReady]
 * @property {(pod: Pod, end: ContainerEnd) => void} [containerEnded]
 * @property {(pod: Pod, reason: string) => void} [podDeleting]
 * @property {(pod: Pod) => void} [podRemoved]  its last container has ended; the pod is gone from the node
 */

const STARTUP_TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
const BACKOFF_WINDOW_MS = 120_000;
const MAX_STDERR_LINES = 20;

export class Cluster {
  /**
   * @param {{ config: DemoConfig, serviceScript: string, agentImport: string | undefined,
   *           log: (msg: string) => void }} opts
   */
  constructor({ config, serviceScript, agentImport, log }) {
    this.config = config;
    this.serviceScript = serviceScript;
    this.agentImport = agentImport;
    this.log = log;
    this.nodes = new FakeNodes(config.nodes);
    /** @type {Map<string, Workload>} */
    this.workloads = new Map();
    /** @type {Set<string>} */
    this.names = new Set();
    this.shuttingDown = false;
    /** @type {(() => void) | undefined} */
    this.onEndpointsChange = undefined;
    /** @type {ClusterObserver} */
    this.observer = {};
  }

  /** @param {Omit<Workload, 'pods'>} w */
  addWorkload(w) {
    /** @type {Workload} */
    const workload = { ...w, pods: new Set() };
    this.workloads.set(w.name, workload);
    this.observer.workloadAdded?.(workload);
    this.reconcile(workload);
    return workload;
  }

  /** @param {Workload} workload @param {number} replicas */
  scale(workload, replicas) {
    workload.replicas = replicas;
    this.reconcile(workload);
  }

  /** Pods counted against the replica count (not being deleted). @param {Workload} workload */
  active(workload) {
    return [...workload.pods].filter((p) => !p.deleting);
  }

  /** @param {Workload} workload */
  ready(workload) {
    return [...workload.pods].filter((p) => p.state === 'ready');
  }

  /** @param {Workload} workload */
  reconcile(workload) {
    if (this.shuttingDown) return;
    const active = this.active(workload);
    for (let i = active.length; i < workload.replicas; i++) this.createPod(workload);
    // Scale-in removes the newest pods first, as a ReplicaSet does.
    const surplus = Math.max(0, active.length - workload.replicas);
    if (surplus === 0) return;
    const newestFirst = active.sort((a, b) => b.createdAt - a.createdAt);
    for (const pod of newestFirst.slice(0, surplus)) this.deletePod(pod, 'scale-in');
  }

  /** @param {Workload} workload */
  createPod(workload) {
    let name;
    if (workload.kind === 'StatefulSet') {
      let ordinal = 0;
      while (this.names.has(`${workload.name}-${ordinal}`)) ordinal++;
      name = `${workload.name}-${ordinal}`;
    } else {
      name = podName(workload.name, workload.version, this.names);
    }
    this.names.add(name);
    const placement = this.nodes.schedule();
    /** @type {Pod} */
    const pod = {
      workload,
      name,
      uid: podUid(),
      ...placement,
      createdAt: Date.now(),
      state: 'starting',
      child: undefined,
      port: undefined,
      restarts: 0,
      restartTimes: [],
      deleting: false,
      expect: undefined,
      crashLoop: 0,
      timer: undefined,
      stderrLines: 0,
      containerStartedAt: 0,
    };
    workload.pods.add(pod);
    const admit = this.observer.admit;
    if (!admit) {
      this.startContainer(pod);
      return pod;
    }
    // The pod exists in the API server (which gives it its uid) before its container starts.
    admit(pod)
      .then(
        (uid) => {
          pod.uid = uid;
        },
        (err) => this.log(`! ${pod.name}: not registered (${err instanceof Error ? err.message : err}); runs anyway`),
      )
      .finally(() => {
        if (!this.shuttingDown && !pod.deleting && workload.pods.has(pod)) this.startContainer(pod);
      });
    return pod;
  }

  /** @param {Pod} pod */
  startContainer(pod) {
    const { workload } = pod;
    pod.state = 'starting';
    pod.port = undefined;
    pod.expect = undefined;
    pod.stderrLines = 0;
    /** @type {NodeJS.ProcessEnv} */
    const env = {
      ...process.env,
      POD_NAME: pod.name,
      POD_NAMESPACE: this.config.namespace,
      POD_UID: pod.uid,
      NODE_NAME: pod.nodeName,
      POD_IP: pod.podIp,
      CONTAINER_NAME: workload.container,
      PODTRAIL_SERVICE_NAME: workload.name,
      PODTRAIL_SERVICE_VERSION: workload.serviceVersion,
      DEMO_ROLE: workload.role,
      DEMO_HOST: '127.0.0.1',
      DEMO_PORT: '0',
    };
    delete env.DEMO_CRASH_AFTER_MS;
    delete env.DEMO_GROUPWARE_URL;
    delete env.DEMO_DB_URL;
    delete env.DEMO_KUBE_API; // the supervisor's admin access to the API server is not the pods'
    if (pod.crashLoop > 0) {
      pod.crashLoop--;
      env.DEMO_CRASH_AFTER_MS = String(1500 + Math.floor(Math.random() * 2000));
      pod.expect = 'crash-loop';
    }
    const child = fork(this.serviceScript, [], {
      execArgv: this.agentImport ? ['--import', this.agentImport] : [],
      env,
      stdio: ['ignore', this.config.verbose ? 'pipe' : 'ignore', 'pipe', 'ipc'],
      // Own process group: a Ctrl-C in the terminal reaches the supervisor only, which then stops
      // the pods in order. A pod whose supervisor dies sees its IPC channel close and stops itself.
      detached: true,
    });
    pod.child = child;
    pod.containerStartedAt = Date.now();
    this.observer.containerStarted?.(pod);
    const short = shortName(pod.name);
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => this.log(`  ${short} | ${line}`));
    }
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        if (pod.expect || pod.child !== child) return;
        if (++pod.stderrLines <= MAX_STDERR_LINES) this.log(`  ${short} ! ${line}`);
      });
    }
    child.on('message', (/** @type {{ type?: string, port?: number }} */ msg) => {
      if (msg?.type !== 'ready' || pod.child !== child || pod.deleting) return;
      clearTimeout(pod.timer);
      pod.state = 'ready';
      pod.port = msg.port;
      this.sendEndpoints(child);
      const what = pod.restarts === 0 ? 'started' : `restarted (restart #${pod.restarts})`;
      this.log(`+ ${pod.name} ${what} on ${pod.nodeName} (${pod.podIp}), pid ${child.pid}`);
      this.observer.containerReady?.(pod);
      this.endpointsChanged();
    });
    child.on('error', (err) => this.log(`! ${pod.name}: ${err.message}`));
    child.on('exit', (code, signal) => this.onExit(pod, child, code, signal));
    clearTimeout(pod.timer);
    pod.timer = setTimeout(() => {
      if (pod.child === child && pod.state === 'starting') {
        this.log(`! ${pod.name} not ready after ${STARTUP_TIMEOUT_MS / 1000}s (startup probe failed), killing it`);
        pod.expect = 'startup-probe';
        child.kill('SIGKILL');
      }
    }, STARTUP_TIMEOUT_MS);
  }

  /**
   * @param {Pod} pod @param {import('node:child_process').ChildProcess} child
   * @param {number | null} code @param {NodeJS.Signals | null} signal
   */
  onExit(pod, child, code, signal) {
    if (pod.child !== child) return;
    clearTimeout(pod.timer);
    const wasReady = pod.state === 'ready';
    pod.child = undefined;
    pod.port = undefined;
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    if (wasReady) this.endpointsChanged();
    /** @type {ContainerEnd} */
    const end = {
      code,
      signal,
      expect: pod.expect,
      startedAt: pod.containerStartedAt,
      finishedAt: Date.now(),
      backoffMs: undefined,
      deleting: pod.deleting,
      shuttingDown: this.shuttingDown,
    };
    if (this.shuttingDown || pod.deleting) {
      this.observer.containerEnded?.(pod, end);
      this.observer.podRemoved?.(pod);
      pod.workload.pods.delete(pod);
      this.names.delete(pod.name);
      this.nodes.release(pod.nodeName);
      if (!this.shuttingDown) {
        this.log(`- ${pod.name} ${how} (${pod.deleting})`);
        this.reconcile(pod.workload);
      }
      return;
    }
    // restartPolicy: Always. The container comes back in the same pod (same name and uid, new process).
    const now = Date.now();
    pod.restartTimes = pod.restartTimes.filter((t) => now - t < BACKOFF_WINDOW_MS);
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** pod.restartTimes.length);
    pod.restartTimes.push(now);
    pod.restarts++;
    pod.state = 'backoff';
    this.observer.containerEnded?.(pod, { ...end, backoffMs: delay });
    const why = pod.expect ? ` [${pod.expect}]` : '';
    this.log(`! ${pod.name} ${how}${why}; restarting in ${(delay / 1000).toFixed(0)}s (restart #${pod.restarts})`);
    pod.timer = setTimeout(() => {
      if (!this.shuttingDown && !pod.deleting) this.startContainer(pod);
    }, delay);
  }

  /**
   * Graceful delete (scale-in, eviction, kubectl delete): out of the endpoints first, SIGTERM shortly
   * after (like a short preStop), SIGKILL when the grace period runs out. The workload replaces it.
   * @param {Pod} pod @param {string} reason
   */
  deletePod(pod, reason) {
    if (pod.deleting) return;
    pod.deleting = reason;
    this.observer.podDeleting?.(pod, reason);
    const wasReady = pod.state === 'ready';
    pod.state = 'terminating';
    clearTimeout(pod.timer);
    if (wasReady) this.endpointsChanged();
    this.reconcile(pod.workload); // a terminating pod no longer counts: its replacement starts now
    const child = pod.child;
    if (!child) {
      // in restart back-off (or not started yet): nothing running
      this.observer.podRemoved?.(pod);
      pod.workload.pods.delete(pod);
      this.names.delete(pod.name);
      this.nodes.release(pod.nodeName);
      this.log(`- ${pod.name} deleted while in back-off (${reason})`);
      this.reconcile(pod.workload);
      return;
    }
    pod.expect = reason;
    setTimeout(() => signalChild(child, 'SIGTERM'), wasReady ? 300 : 0);
    pod.timer = setTimeout(() => {
      if (pod.child === child) {
        this.log(`! ${pod.name} still running after ${this.config.graceMs} ms grace period, SIGKILL`);
        signalChild(child, 'SIGKILL');
      }
    }, this.config.graceMs);
  }

  /**
   * SIGKILL the container. restart=true: the kubelet restarts it in the same pod (OOMKilled);
   * restart=false: the pod is gone (its node died) and the workload creates a replacement.
   * @param {Pod} pod @param {{ restart: boolean, reason: string }} opts
   */
  killPod(pod, { restart, reason }) {
    const child = pod.child;
    if (!child) return false;
    pod.expect = reason;
    signalChild(child, 'SIGKILL');
    if (!restart) {
      pod.deleting = reason;
      this.observer.podDeleting?.(pod, reason);
      pod.state = 'terminating';
      this.endpointsChanged();
      this.reconcile(pod.workload);
    }
    return true;
  }

  /**
   * Sends the request that hits the pod's bug (an uncaught exception in a callback): the process dies
   * on its own, with requests in flight. Optionally the next `loops` starts crash too (CrashLoopBackOff).
   * @param {Pod} pod @param {number} [loops]
   */
  crashPod(pod, loops = 0) {
    if (pod.state !== 'ready' || !pod.port) return false;
    pod.expect = loops > 0 ? 'crash-loop' : 'crash';
    pod.crashLoop = loops;
    const req = http.get(`http://127.0.0.1:${pod.port}/api/attachments/preview?file=corrupt.bin`);
    req.on('error', () => {});
    req.setTimeout(10_000, () => req.destroy());
    return true;
  }

  /** Base URLs of ready pods per role. */
  endpoints() {
    /** @type {Record<Role, string[]>} */
    const out = { portal: [], groupware: [], db: [] };
    for (const w of this.workloads.values()) {
      for (const p of w.pods) if (p.state === 'ready' && p.port) out[w.role].push(`http://127.0.0.1:${p.port}`);
    }
    return out;
  }

  /** @param {import('node:child_process').ChildProcess} child */
  sendEndpoints(child) {
    const { groupware, db } = this.endpoints();
    if (child.connected) child.send({ type: 'endpoints', groupware, db }, () => {});
  }

  endpointsChanged() {
    for (const w of this.workloads.values()) {
      for (const p of w.pods) if (p.child && p.state === 'ready') this.sendEndpoints(p.child);
    }
    this.onEndpointsChange?.();
  }

  /** All pods, for status and chaos. */
  pods() {
    return [...this.workloads.values()].flatMap((w) => [...w.pods]);
  }

  /**
   * Stops every pod (SIGTERM, SIGKILL after the grace period); no restarts.
   * @param {{ force?: boolean }} [opts]
   */
  async shutdown({ force = false } = {}) {
    this.shuttingDown = true;
    const waits = [];
    for (const pod of this.pods()) {
      clearTimeout(pod.timer);
      const child = pod.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      waits.push(
        new Promise((resolve) => {
          child.once('exit', resolve);
          signalChild(child, force ? 'SIGKILL' : 'SIGTERM');
          const t = setTimeout(() => signalChild(child, 'SIGKILL'), force ? 0 : this.config.graceMs);
          child.once('exit', () => clearTimeout(t));
        }),
      );
    }
    await Promise.all(waits);
  }
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function signalChild(child, signal) {
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

/** `groupware-demo-10-4hjzk` -> `gro..4hjzk`, as the reference dashboard labels pods. @param {string} name */
export function shortName(name) {
  const suffix = name.slice(name.lastIndexOf('-') + 1);
  return `${name.slice(0, 3)}..${suffix}`;
}
