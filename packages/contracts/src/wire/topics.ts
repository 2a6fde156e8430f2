/** Kafka topics the agent produces to and the collector consumes. Overridable by env on both sides. */
export const DEFAULT_TOPICS = {
  spans: 'podtrail.spans',
  metrics: 'podtrail.metrics',
  lifecycle: 'podtrail.lifecycle',
  deadLetter: 'podtrail.deadletter',
} as const;

export type TopicKind = keyof typeof DEFAULT_TOPICS;

/**
 * Kafka record headers. The value is always a serialized OTLP Export*ServiceRequest
 * (protobuf, as the OpenTelemetry Collector's Kafka exporter writes with `otlp_proto`).
 * The key is the pod uid (or instance id outside Kubernetes) so one pod's data stays ordered.
 */
export const HEADERS = {
  /** `application/x-protobuf` (default when absent) or `application/json` */
  contentType: 'content-type',
  /** wire schema version; the collector refuses versions it does not know */
  schemaVersion: 'podtrail-schema-version',
  /** instance id of the producing process, for tracing data back to a process start */
  instanceId: 'podtrail-instance-id',
} as const;

export const WIRE_SCHEMA_VERSION = 1;
export const CONTENT_TYPE_PROTOBUF = 'application/x-protobuf';
export const CONTENT_TYPE_JSON = 'application/json';
