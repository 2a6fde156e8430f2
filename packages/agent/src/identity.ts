import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { RESOURCE_KEYS } from '@podtrail/contracts/constants';
import { SEMCONV } from '@podtrail/contracts/semconv';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'ReplicaSet';

export interface Workload {
  kind: WorkloadKind;
  name: string;
  /** ReplicaSet (or OpenShift ReplicationController) name when the pod name shows one */
  replicaSet?: string;
}

// Kubernetes pod names: Deployment `<name>-<pod-template-hash>-<5 random>`, OpenShift DeploymentConfig
// `<name>-<version>-<5 random>`, StatefulSet `<name>-<ordinal>`, DaemonSet/Job `<name>-<5 random>`.
// The hash uses Kubernetes' vowel-free alphabet (rand.SafeEncodeString), which tells it apart from
// an ordinary word in the name (`node-exporter-x7k2p` is not Deployment `node`).
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_RE = new RegExp(`^(.+)-(${SAFE}{6,10}|\\d{1,9})-([a-z0-9]{5})$`);
const STATEFULSET_RE = /^(.+)-(\d+)$/;
const SINGLE_SUFFIX_RE = /^(.+)-([a-z0-9]{5})$/;

/**
 * Derives the owning workload from a pod name. Heuristic, as Kubernetes does not put the owner in
 * the name on purpose; explicit `k8s.*.name` resource attributes always win over this.
 */
export function deriveWorkload(podName: string): Workload | undefined {
  const dep = DEPLOYMENT_RE.exec(podName);
  if (dep) return { kind: 'Deployment', name: dep[1]!, replicaSet: `${dep[1]}-${dep[2]}` };
  const sts = STATEFULSET_RE.exec(podName);
  if (sts) return { kind: 'StatefulSet', name: sts[1]! };
  const single = SINGLE_SUFFIX_RE.exec(podName);
  if (single) return { kind: 'DaemonSet', name: single[1]! };
  return undefined;
}

/** Parses OTEL_RESOURCE_ATTRIBUTES (`k=v,k2=v2`, values percent-encoded). Bad pairs are skipped. */
export function parseResourceAttributes(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep as is
    }
    if (key) out[key] = value;
  }
  return out;
}

const CONTAINER_ID_RE = /([0-9a-f]{64})/g;

/** Container id from cgroup (v1 and v2 with systemd or cgroupfs drivers) or, failing that, mountinfo. */
export function containerIdFrom(cgroup: string | undefined, mountinfo: string | undefined): string | undefined {
  if (cgroup) {
    for (const line of cgroup.split('\n').reverse()) {
      const ids = line.match(CONTAINER_ID_RE);
      if (ids && ids.length > 0) return ids[ids.length - 1];
    }
  }
  if (mountinfo) {
    for (const line of mountinfo.split('\n')) {
      if (!/\/(containers|sandboxes)\//.test(line)) continue;
      const m = /\/(?:containers|sandboxes)\/([0-9a-f]{64})\//.exec(line);
      if (m) return m[1];
    }
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function firstIPv4(): string | undefined {
  const nets = networkInterfaces();
  for (const list of Object.values(nets)) {
    for (const n of list ?? []) if (n.family === 'IPv4' && !n.internal) return n.address;
  }
  return undefined;
}

/** A stable UUID-shaped id derived from the host name, for a pod uid outside Kubernetes. */
export function hostStableUid(host: string): string {
  const h = createHash('sha256').update(`podtrail:${host}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface IdentityInput {
  serviceName: string;
  serviceVersion: string | undefined;
  agentVersion: string;
  heartbeatMs: number;
  env?: Record<string, string | undefined>;
  /** overrides for tests */
  host?: string;
  cgroup?: string;
  mountinfo?: string;
  instanceId?: string;
}

export interface Identity {
  attributes: Record<string, string | number>;
  instanceId: string;
  podUid: string;
  podName: string;
  namespace: string;
  workload: Workload;
  /** true when the Downward API variables (or OTEL_RESOURCE_ATTRIBUTES) named the pod */
  inKubernetes: boolean;
}

/** Builds the resource attributes that identify this pod and this process start. */
export function buildIdentity(input: IdentityInput): Identity {
  const env = input.env ?? process.env;
  const otel = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES);
  const pick = (envKey: string, attrKey: string): string | undefined => {
    const v = env[envKey]?.trim();
    if (v) return v;
    const o = otel[attrKey];
    return o ? o : undefined;
  };
  const host = input.host ?? hostname();
  const explicitPod = pick('POD_NAME', RESOURCE_KEYS.podName);
  const inKubernetes = explicitPod !== undefined;
  const podName = explicitPod ?? host;
  const namespace = pick('POD_NAMESPACE', RESOURCE_KEYS.namespace) ?? 'default';
  const podUid = pick('POD_UID', RESOURCE_KEYS.podUid) ?? hostStableUid(host);
  const nodeName = pick('NODE_NAME', RESOURCE_KEYS.nodeName) ?? (inKubernetes ? undefined : host);
  const containerName = pick('CONTAINER_NAME', RESOURCE_KEYS.containerName);
  const hostIp = pick('POD_IP', RESOURCE_KEYS.hostIp) ?? firstIPv4() ?? '127.0.0.1';
  const containerId =
    otel[RESOURCE_KEYS.containerId] ??
    containerIdFrom(input.cgroup ?? readText('/proc/self/cgroup'), input.mountinfo ?? readText('/proc/self/mountinfo'));
  const instanceId = input.instanceId ?? randomUUID();

  // Workload: explicit attributes first, then the pod name's shape, then the service name.
  let workload: Workload | undefined;
  const explicitWorkload: [WorkloadKind, string][] = [
    ['Deployment', RESOURCE_KEYS.deployment],
    ['StatefulSet', RESOURCE_KEYS.statefulSet],
    ['DaemonSet', RESOURCE_KEYS.daemonSet],
    ['Job', RESOURCE_KEYS.job],
    ['ReplicaSet', RESOURCE_KEYS.replicaSet],
  ];
  for (const [kind, key] of explicitWorkload) {
    const v = otel[key];
    if (v) {
      workload = { kind, name: v };
      if (otel[RESOURCE_KEYS.replicaSet]) workload.replicaSet = otel[RESOURCE_KEYS.replicaSet];
      break;
    }
  }
  const kindEnv = env.PODTRAIL_WORKLOAD_KIND?.trim();
  const nameEnv = env.PODTRAIL_WORKLOAD_NAME?.trim();
  if (!workload && nameEnv) {
    const kind = (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'] as const).find(
      (k) => k.toLowerCase() === (kindEnv ?? 'Deployment').toLowerCase(),
    );
    workload = { kind: kind ?? 'Deployment', name: nameEnv };
  }
  if (!workload && inKubernetes) workload = deriveWorkload(podName);
  if (!workload) workload = { kind: 'Deployment', name: input.serviceName };

  const attributes: Record<string, string | number> = {};
  // Anything else the user put in OTEL_RESOURCE_ATTRIBUTES is kept as given.
  for (const [k, v] of Object.entries(otel)) attributes[k] = v;
  attributes[RESOURCE_KEYS.serviceName] = input.serviceName;
  if (input.serviceVersion) attributes[RESOURCE_KEYS.serviceVersion] = input.serviceVersion;
  attributes[RESOURCE_KEYS.instanceId] = instanceId;
  attributes[RESOURCE_KEYS.namespace] = namespace;
  attributes[RESOURCE_KEYS.podName] = podName;
  attributes[RESOURCE_KEYS.podUid] = podUid;
  if (nodeName) attributes[RESOURCE_KEYS.nodeName] = nodeName;
  if (containerName) attributes[RESOURCE_KEYS.containerName] = containerName;
  if (containerId) attributes[RESOURCE_KEYS.containerId] = containerId;
  const workloadKey: Record<WorkloadKind, string> = {
    Deployment: RESOURCE_KEYS.deployment,
    StatefulSet: RESOURCE_KEYS.statefulSet,
    DaemonSet: RESOURCE_KEYS.daemonSet,
    Job: RESOURCE_KEYS.job,
    ReplicaSet: RESOURCE_KEYS.replicaSet,
  };
  attributes[workloadKey[workload.kind]] = workload.name;
  if (workload.replicaSet) attributes[RESOURCE_KEYS.replicaSet] = workload.replicaSet;
  attributes[RESOURCE_KEYS.hostName] = host;
  attributes[RESOURCE_KEYS.hostIp] = hostIp;
  attributes[RESOURCE_KEYS.processPid] = process.pid;
  attributes[RESOURCE_KEYS.runtimeVersion] = process.versions.node;
  attributes[SEMCONV.processRuntimeName] = 'nodejs';
  attributes[SEMCONV.telemetrySdkLanguage] = 'nodejs';
  attributes[SEMCONV.telemetryDistroName] = 'podtrail';
  attributes[RESOURCE_KEYS.agentVersion] = input.agentVersion;
  attributes[RESOURCE_KEYS.heartbeatIntervalMs] = input.heartbeatMs;
  return { attributes, instanceId, podUid, podName, namespace, workload, inKubernetes };
}
