import { type Static, Type } from '@sinclair/typebox';
import { FilterString, IsoTime } from './common.js';
import { HpaPoint, KubernetesEvent, KubernetesTermination, ReplicaChange } from './kubernetes.js';
import { PodKubernetesSummary, PodTransition } from './pods.js';

/**
 * WebSocket `/api/v1/live`: the messages (JSON text frames) in both directions. The collector
 * checks what clients send against `LiveClientMessage` (after dropping null fields: a client may
 * send an absent field as null); the UI checks what it receives against the `LiveServerMessage` parts.
 */
/** Which pods a subscriber gets (exact matches; absent = any). */
export const LiveFilter = Type.Object({
  service: Type.Optional(FilterString),
  namespace: Type.Optional(FilterString),
  workload: Type.Optional(FilterString),
  pod: Type.Optional(FilterString),
});
export type LiveFilter = Static<typeof LiveFilter>;

const Seq = Type.Integer({ minimum: 0 });
const EpochSeconds = Type.Integer({ minimum: 0, description: 'epoch seconds' });
const EpochMs = Type.Number({ description: 'epoch milliseconds' });
const Count = Type.Integer({ minimum: 0 });

/**
 * `since`: last seq seen (resume on the same hub without gaps). After a reconnect to another hub
 * (hello.hubId changed: collector restarted or another replica), send `hubId` (the old one) and
 * `sinceTs` (epoch s of the last tick seen) to replay the retained ticks after that second.
 */
export const LiveSubscribe = Type.Object({
  type: Type.Literal('subscribe'),
  filter: Type.Optional(LiveFilter),
  since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  hubId: Type.Optional(Type.String({ pattern: '^[0-9a-f]{1,32}$' })),
  sinceTs: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
});
export type LiveSubscribe = Static<typeof LiveSubscribe>;

export const LivePing = Type.Object({ type: Type.Literal('ping') });
export type LivePing = Static<typeof LivePing>;

export const LiveClientMessage = Type.Union([LiveSubscribe, LivePing]);
export type LiveClientMessage = Static<typeof LiveClientMessage>;

/**
 * One pod's transactions that ended in one second, as the hub sends it: the Apdex counts are
 * computed by the hub against the service's threshold in force when it closed the second.
 */
export const LivePodRow = Type.Object({
  /** epoch seconds (transaction end time) */
  ts: EpochSeconds,
  serviceName: Type.String(),
  namespace: Type.String(),
  workload: Type.String(),
  podName: Type.String(),
  instanceId: Type.String(),
  count: Count,
  errors: Count,
  durationSumMs: Type.Number({ minimum: 0 }),
  durationMaxMs: Type.Number({ minimum: 0 }),
  satisfied: Count,
  tolerating: Count,
  frustrated: Count,
});
export type LivePodRow = Static<typeof LivePodRow>;

export const LiveHello = Type.Object({
  type: Type.Literal('hello'),
  seq: Seq,
  serverTime: EpochMs,
  hubId: Type.String(),
  graceMs: Type.Integer({ minimum: 0 }),
});
export type LiveHello = Static<typeof LiveHello>;

/**
 * Per-second per-pod aggregates. `ts` (epoch seconds) is the closed second. Rows are additive:
 * when a collector published late, a later tick with `late: true` carries more rows for an
 * already sent second; add them to what you have for (ts, pod). A tick with `partial: true`
 * carries rows of a second that is still open (sent as they arrive, so a board counts a request
 * within about a second); the tick that closes the second carries only the rows not sent yet.
 */
export const LiveTick = Type.Object({
  type: Type.Literal('tick'),
  seq: Seq,
  ts: EpochSeconds,
  late: Type.Optional(Type.Boolean()),
  partial: Type.Optional(Type.Boolean()),
  pods: Type.Array(LivePodRow),
});
export type LiveTick = Static<typeof LiveTick>;

export const LiveTransitionMessage = Type.Object({
  type: Type.Literal('transition'),
  seq: Seq,
  event: PodTransition,
});
export type LiveTransitionMessage = Static<typeof LiveTransitionMessage>;

/** What every cluster change says of where it happened. */
const ChangeFields = {
  /** when it happened (the event's last time, the termination's finish, the observation) */
  ts: IsoTime,
  namespace: Type.String(),
  /** the workload (Deployment, StatefulSet, DaemonSet, CronJob, ...) it concerns; '' when none */
  workload: Type.String(),
  /** the pod it concerns ('' for workload and HPA changes, and events of other objects) */
  podName: Type.String(),
  podUid: Type.String(),
};

/**
 * What the cluster watcher just recorded, as it is pushed live (the leader publishes it on the live
 * topic once stored, so every replica's clients get it), one of: a Kubernetes Event (`event`, the
 * shape GET /events returns), a pod's status row changed (`pod`: phase, waiting reason, restarts,
 * end), a container or pod-level end (`termination`), a Deployment/StatefulSet/DaemonSet replica
 * change (`replicas`) or an HPA's spec/status (`hpa`): the part named by `kind`.
 */
export const KubernetesChange = Type.Union([
  Type.Object({ kind: Type.Literal('event'), ...ChangeFields, event: KubernetesEvent }),
  Type.Object({ kind: Type.Literal('pod'), ...ChangeFields, pod: PodKubernetesSummary }),
  Type.Object({ kind: Type.Literal('termination'), ...ChangeFields, termination: KubernetesTermination }),
  Type.Object({ kind: Type.Literal('replicas'), ...ChangeFields, replicas: ReplicaChange }),
  Type.Object({
    kind: Type.Literal('hpa'),
    ...ChangeFields,
    hpa: Type.Object({ name: Type.String(), targetKind: Type.String(), point: HpaPoint }),
  }),
]);
export type KubernetesChange = Static<typeof KubernetesChange>;

export const LiveKubernetesMessage = Type.Object({
  type: Type.Literal('kubernetes'),
  seq: Seq,
  change: KubernetesChange,
});
export type LiveKubernetesMessage = Static<typeof LiveKubernetesMessage>;

/** the client's buffer overflowed (or `since` is older than the replay window): `count` messages are lost */
export const LiveDropped = Type.Object({
  type: Type.Literal('dropped'),
  count: Count,
  seq: Type.Optional(Seq),
});
export type LiveDropped = Static<typeof LiveDropped>;

export const LivePong = Type.Object({ type: Type.Literal('pong'), serverTime: EpochMs });
export type LivePong = Static<typeof LivePong>;

/** A refused client message: `code` from the error catalogue, `field` the offending one (e.g. `filter.pod`). */
export const LiveError = Type.Object({
  type: Type.Literal('error'),
  code: Type.String({ description: 'APM_ERR_<AREA>_<WHAT>' }),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});
export type LiveError = Static<typeof LiveError>;

export const LiveServerMessage = Type.Union([
  LiveHello,
  LiveTick,
  LiveTransitionMessage,
  LiveKubernetesMessage,
  LiveDropped,
  LivePong,
  LiveError,
]);
export type LiveServerMessage = Static<typeof LiveServerMessage>;

/** Each server message schema by its `type`, to check a message against its own part. */
export const LIVE_SERVER_MESSAGES = {
  hello: LiveHello,
  tick: LiveTick,
  transition: LiveTransitionMessage,
  kubernetes: LiveKubernetesMessage,
  dropped: LiveDropped,
  pong: LivePong,
  error: LiveError,
} as const;
