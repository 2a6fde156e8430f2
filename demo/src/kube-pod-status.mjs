/**
 * What kubelet writes about the demo's pods: the container spec the API server stores, a pod's
 * whole status (phase, conditions, the container's state, lastState and restartCount), and the
 * exit code and reason of a container's end (OOMKilled/137, Error with its code, Completed).
 */
import { kubeTime } from './kube-api.mjs';

/** @typedef {import('./cluster.mjs').Pod} Pod */
/** @typedef {import('./cluster.mjs').Workload} Workload */
/** @typedef {import('./cluster.mjs').ContainerEnd} ContainerEnd */

/**
 * What kubelet knows of a pod between its status writes.
 * @typedef {object} PodMemo
 * @property {string} uid
 * @property {string} phase
 * @property {string | undefined} startTime
 * @property {boolean} ready
 * @property {object} state
 * @property {object} lastState
 * @property {string} containerId
 * @property {string | undefined} reason   pod-level (Evicted)
 * @property {string | undefined} message
 * @property {object[]} extraConditions
 * @property {Promise<unknown>} chain      this pod's writes, in order
 */

export const DEMO_IMAGE = 'podtrail/demo:0.1.0';
export const CPU_REQUEST_MILLI = 250;
/** kubelet's message for a node-pressure eviction @param {string} container */
export const evictionMessage = (container) =>
  `The node was low on resource: memory. Threshold quantity: 100Mi, available: 61244Ki. Container ${container} was using 412Mi, request is 128Mi, has larger consumption of its request.`;

const SIGNALS = /** @type {Record<string, number>} */ ({ SIGHUP: 1, SIGINT: 2, SIGABRT: 6, SIGKILL: 9, SIGTERM: 15 });

/** The exit code and reason kubelet reports for a container process's end. @param {ContainerEnd} end */
export function terminationOf(end) {
  const exitCode = end.code ?? 128 + (end.signal ? (SIGNALS[end.signal] ?? 0) : 0);
  const reason = end.expect === 'oom-kill' ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  return { exitCode: end.expect === 'oom-kill' ? 137 : exitCode, reason };
}

/** The one container of a demo pod. @param {Workload} w */
export function containerSpec(w) {
  return {
    name: w.container,
    image: DEMO_IMAGE,
    env: [{ name: 'DEMO_ROLE', value: w.role }],
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    resources: { requests: { cpu: `${CPU_REQUEST_MILLI}m`, memory: '128Mi' }, limits: { memory: '256Mi' } },
  };
}

/** The pod's whole status as kubelet writes it. @param {Pod} pod @param {PodMemo} m */
export function podStatus(pod, m) {
  const t = kubeTime(Date.now());
  const cond = (/** @type {string} */ type, /** @type {boolean} */ ok) => ({
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: t,
  });
  return {
    phase: m.phase,
    reason: m.reason ?? null,
    message: m.message ?? null,
    hostIP: pod.hostIp,
    podIP: pod.podIp,
    podIPs: [{ ip: pod.podIp }],
    ...(m.startTime ? { startTime: m.startTime } : {}),
    qosClass: 'Burstable',
    conditions: [
      cond('PodScheduled', true),
      cond('Initialized', true),
      cond('ContainersReady', m.ready),
      cond('Ready', m.ready),
      ...m.extraConditions,
    ],
    containerStatuses: [
      {
        name: pod.workload.container,
        image: DEMO_IMAGE,
        imageID: `docker.io/podtrail/demo@sha256:${'5e'.repeat(32)}`,
        ...(m.containerId ? { containerID: m.containerId } : {}),
        restartCount: pod.restarts,
        ready: m.ready,
        started: 'running' in m.state,
        state: m.state,
        lastState: m.lastState,
      },
    ],
  };
}
