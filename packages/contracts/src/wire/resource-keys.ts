/**
 * Resource attribute keys that identify a pod and a process instance.
 * OpenTelemetry semantic conventions where one exists; the collector pulls these into columns.
 */
export const RESOURCE_KEYS = {
  serviceName: 'service.name',
  serviceVersion: 'service.version',
  serviceNamespace: 'service.namespace',
  /** unique per process start: a restart inside the same pod is a new instance */
  instanceId: 'service.instance.id',
  namespace: 'k8s.namespace.name',
  podName: 'k8s.pod.name',
  podUid: 'k8s.pod.uid',
  nodeName: 'k8s.node.name',
  containerName: 'k8s.container.name',
  containerId: 'container.id',
  deployment: 'k8s.deployment.name',
  replicaSet: 'k8s.replicaset.name',
  statefulSet: 'k8s.statefulset.name',
  daemonSet: 'k8s.daemonset.name',
  job: 'k8s.job.name',
  hostName: 'host.name',
  hostIp: 'host.ip',
  processPid: 'process.pid',
  runtimeVersion: 'process.runtime.version',
  agentVersion: 'telemetry.distro.version',
  /** heartbeat interval the agent promises, ms; the collector uses it to detect vanished pods */
  heartbeatIntervalMs: 'podtrail.heartbeat.interval_ms',
} as const;

/** Workload kinds in priority order: the first key present names the workload. */
export const WORKLOAD_KEYS = [
  ['Deployment', RESOURCE_KEYS.deployment],
  ['StatefulSet', RESOURCE_KEYS.statefulSet],
  ['DaemonSet', RESOURCE_KEYS.daemonSet],
  ['Job', RESOURCE_KEYS.job],
  ['ReplicaSet', RESOURCE_KEYS.replicaSet],
] as const;
