/**
 * The OpenTelemetry semantic-convention keys the project reads or writes, in one table, each the
 * value of an `ATTR_*`/`METRIC_*` constant of `@opentelemetry/semantic-conventions` (stable or
 * incubating); `semconv.test.ts` checks every key against its constant of the pinned version.
 * They are written out rather than imported because the agent loads this table into every
 * instrumented app: importing the package's stable index costs ~7 MB of RSS there (measured with
 * `require('@opentelemetry/semantic-conventions')`), and its incubating entry point may change in a
 * minor release, as the package itself warns.
 */
export const SEMCONV = {
  httpRequestMethod: 'http.request.method',
  httpRequestMethodOriginal: 'http.request.method_original',
  httpRoute: 'http.route',
  httpResponseStatusCode: 'http.response.status_code',
  urlPath: 'url.path',
  urlQuery: 'url.query',
  urlScheme: 'url.scheme',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  clientAddress: 'client.address',
  networkProtocolVersion: 'network.protocol.version',
  userAgentOriginal: 'user_agent.original',
  errorType: 'error.type',
  exceptionType: 'exception.type',
  exceptionMessage: 'exception.message',
  exceptionStacktrace: 'exception.stacktrace',
  dbSystemName: 'db.system.name',
  dbNamespace: 'db.namespace',
  dbOperationName: 'db.operation.name',
  dbCollectionName: 'db.collection.name',
  dbQueryText: 'db.query.text',
  telemetrySdkLanguage: 'telemetry.sdk.language',
  // incubating (checked against @opentelemetry/semantic-conventions/incubating in the test)
  processPid: 'process.pid',
  processRuntimeName: 'process.runtime.name',
  processRuntimeVersion: 'process.runtime.version',
  processCommandArgs: 'process.command_args',
  processExitCode: 'process.exit.code',
  v8jsGcType: 'v8js.gc.type',
  cpuMode: 'cpu.mode',
  telemetryDistroName: 'telemetry.distro.name',
} as const;

/**
 * Keys of HTTP semantic conventions before v1.21 that older SDKs still send; read as fallbacks
 * only, never written.
 */
export const SEMCONV_LEGACY = {
  httpMethod: 'http.method',
  httpStatusCode: 'http.status_code',
  httpTarget: 'http.target',
} as const;

/** Metric names: semantic-convention names where one exists (incubating ones checked in the test). */
export const METRICS = {
  httpServerRequestDuration: 'http.server.request.duration',
  httpServerActiveRequests: 'http.server.active_requests',
  /** resident set size of the process, bytes */
  processMemoryUsage: 'process.memory.usage',
  processCpuTime: 'process.cpu.time',
  processCpuUtilization: 'process.cpu.utilization',
  v8jsHeapUsed: 'v8js.memory.heap.used',
  v8jsHeapLimit: 'v8js.memory.heap.limit',
  v8jsGcDuration: 'v8js.gc.duration',
  nodejsEventLoopDelayMax: 'nodejs.eventloop.delay.max',
  nodejsEventLoopDelayP50: 'nodejs.eventloop.delay.p50',
  nodejsEventLoopDelayP99: 'nodejs.eventloop.delay.p99',
} as const;
