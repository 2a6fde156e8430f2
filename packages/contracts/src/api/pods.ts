import { type Static, Type } from '@sinclair/typebox';
import { LIST_PAGE_MAX } from '../rules/paging.js';
import { POD_TRANSITIONS } from '../wire/lifecycle.js';
import {
  FilterString,
  IsoTime,
  literalUnion,
  Nullable,
  PodState,
  SearchString,
  TimeParam,
  Transaction,
} from './common.js';
import { KubernetesEvent, KubernetesTermination } from './kubernetes.js';

/** Who said how a pod or instance ended: its agent, or the cluster (Kubernetes watcher). */
export const EndSource = Type.Union([Type.Literal('agent'), Type.Literal('kubernetes')]);
export type EndSource = Static<typeof EndSource>;

/** What the cluster says of a pod, in the Pods list (absent without a Kubernetes watcher). */
export const PodKubernetesSummary = Type.Object({
  phase: Type.String(),
  reason: Type.String(),
  waitingReason: Type.String(),
  restartCount: Type.Integer(),
  ready: Type.Boolean(),
  deleted: Type.Boolean(),
  endReason: Type.String(),
});
export type PodKubernetesSummary = Static<typeof PodKubernetesSummary>;

/** Server-side orders of the pods list (the Pods page's sortable columns). */
export const PodsSort = Type.Union([
  Type.Literal('pod'),
  Type.Literal('workload'),
  Type.Literal('started'),
  Type.Literal('ended'),
  Type.Literal('lifetime'),
  Type.Literal('restarts'),
]);
export type PodsSort = Static<typeof PodsSort>;

export const PodsQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  namespace: Type.Optional(FilterString),
  workload: Type.Optional(FilterString),
  service: Type.Optional(FilterString),
  state: Type.Optional(Type.Union([PodState, Type.Literal('ended')])),
  /** case-insensitive partial pod name */
  q: Type.Optional(SearchString),
  /** default: running first, then namespace, workload, newest first */
  sort: Type.Optional(PodsSort),
  /** default: desc for started/ended/lifetime/restarts, asc for pod/workload */
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  /** page size (default LIST_PAGE_DEFAULT, 500) */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_PAGE_MAX })),
  /** rows skipped: pages are exact (ties broken by namespace and pod name) */
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
export type PodsQuery = Static<typeof PodsQuery>;

export const Pod = Type.Object({
  namespace: Type.String(),
  workload: Type.String(),
  workloadKind: Type.String(),
  serviceName: Type.String(),
  podName: Type.String(),
  podUid: Type.String(),
  nodeName: Type.String(),
  hostIp: Type.String(),
  firstSeen: IsoTime,
  lastSeen: IsoTime,
  endedAt: Nullable(IsoTime),
  state: PodState,
  endReason: Type.String(),
  instanceCount: Type.Integer(),
  restartCount: Type.Integer(),
  currentInstanceId: Type.String(),
  /**
   * 'kubernetes' when the cluster's end replaced the agent's inferred one (vanished / replaced):
   * docs/decisions.md "Cluster-reported ends"
   */
  endSource: Type.Optional(EndSource),
  /** the agent's own end reason when the cluster's replaced it */
  agentEndReason: Type.Optional(Type.String()),
  /** the cluster's view (never-ran pods: instanceCount 0, state from the pod phase) */
  kubernetes: Type.Optional(Nullable(PodKubernetesSummary)),
});
export type Pod = Static<typeof Pod>;

export const PodsResponse = Type.Object({
  from: IsoTime,
  to: IsoTime,
  /** pods matching the filters (every page) */
  total: Type.Integer(),
  /** of `total`: running ones, and restarts summed */
  running: Type.Integer(),
  restarts: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  /** one page, in the order asked for */
  pods: Type.Array(Pod),
});
export type PodsResponse = Static<typeof PodsResponse>;

export const PodParams = Type.Object({ namespace: FilterString, podName: FilterString });
export type PodParams = Static<typeof PodParams>;

export const InFlight = Type.Object({
  traceId: Type.String(),
  spanId: Type.String(),
  /** framework route, else the URL template ('' when the agent did not know it) */
  route: Type.String(),
  method: Type.String(),
  /** URL path ('' when unknown) */
  url: Type.String(),
  startedAt: Nullable(IsoTime),
});
export type InFlight = Static<typeof InFlight>;

/** What an instance's last stored heartbeat said was running (a SIGKILLed instance's last word). */
export const LastHeartbeat = Type.Object({
  at: IsoTime,
  /**
   * seconds from this heartbeat to the moment the ended instance was last heard from or ended
   * ("at last heartbeat, N s before it vanished"); null while it runs
   */
  secondsBeforeEnd: Nullable(Type.Number()),
  /** the oldest transactions running longer than the threshold, oldest first (bounded) */
  inFlight: Type.Array(InFlight),
  /** how many ran longer than the threshold (may exceed the list) */
  inFlightTotal: Type.Integer(),
  inFlightThresholdMs: Type.Integer(),
});
export type LastHeartbeat = Static<typeof LastHeartbeat>;

/** One heartbeat's memory figures (bytes) and event-loop delay (ms); null when it did not say. */
export const MemoryPoint = Type.Object({
  ts: IsoTime,
  rss: Nullable(Type.Number()),
  heapUsed: Nullable(Type.Number()),
  heapLimit: Nullable(Type.Number()),
  external: Nullable(Type.Number()),
  arrayBuffers: Nullable(Type.Number()),
  eventLoopDelayP99Ms: Nullable(Type.Number()),
  eventLoopDelayMaxMs: Nullable(Type.Number()),
});
export type MemoryPoint = Static<typeof MemoryPoint>;

/** An instance's memory over its lifetime, from its heartbeats. */
export const MemorySeries = Type.Object({
  /** heartbeats stored for the instance */
  heartbeats: Type.Integer(),
  /**
   * 0: one point per heartbeat; else each point is the maximum of each value over a bucket of
   * this many ms (lifetimes longer than a chart can show)
   */
  bucketMs: Type.Integer(),
  /** V8 heap limit at the last heartbeat, bytes */
  heapLimit: Nullable(Type.Number()),
  /** container (cgroup) memory limit at the last heartbeat, bytes; null when none or unknown */
  containerMemoryLimit: Nullable(Type.Number()),
  /** the moment the instance was last heard from: where its chart ends */
  endsAt: IsoTime,
  points: Type.Array(MemoryPoint),
});
export type MemorySeries = Static<typeof MemorySeries>;

export const Instance = Type.Object({
  instanceId: Type.String(),
  containerName: Type.String(),
  nodeName: Type.String(),
  startedAt: IsoTime,
  readyAt: Nullable(IsoTime),
  lastSeen: IsoTime,
  endedAt: Nullable(IsoTime),
  state: PodState,
  endReason: Type.String(),
  exitDetail: Type.String(),
  exception: Nullable(Type.Object({ type: Type.String(), message: Type.String(), stacktrace: Type.String() })),
  signal: Type.String(),
  /** from the stop/crash event; else the last log records stored for the instance (oldest first) */
  lastLogs: Type.Array(Type.String()),
  /** from the stop/crash event: what ran when it ended */
  inFlight: Type.Array(InFlight),
  endSource: Type.Optional(EndSource),
  agentEndReason: Type.Optional(Type.String()),
  /** the container termination the cluster reported for this instance */
  kubernetes: Type.Optional(Nullable(KubernetesTermination)),
  /** the last heartbeat's in-flight list (null: no heartbeat stored) */
  lastHeartbeat: Nullable(LastHeartbeat),
  memory: MemorySeries,
});
export type Instance = Static<typeof Instance>;

export const PodTransitionName = literalUnion(POD_TRANSITIONS);
export type PodTransitionName = Static<typeof PodTransitionName>;

/**
 * A pod transition, the one shape of the concept: the REST timeline and events, the live topic
 * record and the WebSocket `transition` message all carry it.
 */
export const PodTransition = Type.Object({
  ts: IsoTime,
  namespace: Type.String(),
  workload: Type.String(),
  serviceName: Type.String(),
  podName: Type.String(),
  instanceId: Type.String(),
  transition: PodTransitionName,
  /** '' for the first start of a pod */
  fromState: Type.Union([PodState, Type.Literal('')]),
  toState: PodState,
  reason: Type.String(),
  message: Type.String(),
});
export type PodTransition = Static<typeof PodTransition>;

export const MetricPoint = Type.Object({
  name: Type.String(),
  value: Type.Number(),
  unit: Type.String(),
  timestamp: IsoTime,
  instanceId: Type.String(),
});
export type MetricPoint = Static<typeof MetricPoint>;

export const PostMortemResponse = Type.Object({
  pod: Pod,
  instances: Type.Array(Instance),
  timeline: Type.Array(PodTransition),
  lastMetrics: Type.Array(MetricPoint),
  totals: Type.Object({ count: Type.Integer(), errors: Type.Integer() }),
  slowest: Type.Array(Transaction),
  failed: Type.Array(Transaction),
  /** the last transactions that finished before the pod's last instance ended (newest first) */
  lastTransactions: Type.Array(Transaction),
  /**
   * the cluster's side of the timeline (with a Kubernetes watcher): terminations and Kubernetes
   * events of the pod, oldest first, to interleave with `timeline` by time
   */
  kubernetes: Type.Optional(
    Type.Object({ terminations: Type.Array(KubernetesTermination), events: Type.Array(KubernetesEvent) }),
  ),
});
export type PostMortemResponse = Static<typeof PostMortemResponse>;
