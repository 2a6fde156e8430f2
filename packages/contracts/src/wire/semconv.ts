import {
  ATTR_CLIENT_ADDRESS,
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';

/**
 * The OpenTelemetry semantic-convention keys the project reads or writes, in one table. Stable keys
 * come from `@opentelemetry/semantic-conventions`' `ATTR_*`/`METRIC_*` constants. Keys that are
 * still "incubating" upstream are written out here, as the package itself advises (its incubating
 * entry point may change in a minor release and weighs ~800 KB that every instrumented app would
 * load); `semconv.test.ts` checks each against the incubating constant of the pinned version.
 */
export const SEMCONV = {
  httpRequestMethod: ATTR_HTTP_REQUEST_METHOD,
  httpRequestMethodOriginal: ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  httpRoute: ATTR_HTTP_ROUTE,
  httpResponseStatusCode: ATTR_HTTP_RESPONSE_STATUS_CODE,
  urlPath: ATTR_URL_PATH,
  urlQuery: ATTR_URL_QUERY,
  urlScheme: ATTR_URL_SCHEME,
  serverAddress: ATTR_SERVER_ADDRESS,
  serverPort: ATTR_SERVER_PORT,
  clientAddress: ATTR_CLIENT_ADDRESS,
  networkProtocolVersion: ATTR_NETWORK_PROTOCOL_VERSION,
  userAgentOriginal: ATTR_USER_AGENT_ORIGINAL,
  errorType: ATTR_ERROR_TYPE,
  exceptionType: ATTR_EXCEPTION_TYPE,
  exceptionMessage: ATTR_EXCEPTION_MESSAGE,
  exceptionStacktrace: ATTR_EXCEPTION_STACKTRACE,
  dbSystemName: ATTR_DB_SYSTEM_NAME,
  dbNamespace: ATTR_DB_NAMESPACE,
  dbOperationName: ATTR_DB_OPERATION_NAME,
  dbCollectionName: ATTR_DB_COLLECTION_NAME,
  dbQueryText: ATTR_DB_QUERY_TEXT,
  telemetrySdkLanguage: ATTR_TELEMETRY_SDK_LANGUAGE,
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
  httpServerRequestDuration: METRIC_HTTP_SERVER_REQUEST_DURATION,
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
