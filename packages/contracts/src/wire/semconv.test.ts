import * as stable from '@opentelemetry/semantic-conventions';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_ATTRS } from './lifecycle.js';
import { RESOURCE_KEYS } from './resource-keys.js';
import { METRICS, SEMCONV } from './semconv.js';

describe('semantic-convention keys of stable conventions', () => {
  it('equal the ATTR_*/METRIC_* constants of the pinned @opentelemetry/semantic-conventions', () => {
    expect(SEMCONV.clientAddress).toBe(stable.ATTR_CLIENT_ADDRESS);
    expect(SEMCONV.dbCollectionName).toBe(stable.ATTR_DB_COLLECTION_NAME);
    expect(SEMCONV.dbNamespace).toBe(stable.ATTR_DB_NAMESPACE);
    expect(SEMCONV.dbOperationName).toBe(stable.ATTR_DB_OPERATION_NAME);
    expect(SEMCONV.dbQueryText).toBe(stable.ATTR_DB_QUERY_TEXT);
    expect(SEMCONV.dbSystemName).toBe(stable.ATTR_DB_SYSTEM_NAME);
    expect(SEMCONV.errorType).toBe(stable.ATTR_ERROR_TYPE);
    expect(SEMCONV.exceptionMessage).toBe(stable.ATTR_EXCEPTION_MESSAGE);
    expect(SEMCONV.exceptionStacktrace).toBe(stable.ATTR_EXCEPTION_STACKTRACE);
    expect(SEMCONV.exceptionType).toBe(stable.ATTR_EXCEPTION_TYPE);
    expect(SEMCONV.httpRequestMethod).toBe(stable.ATTR_HTTP_REQUEST_METHOD);
    expect(SEMCONV.httpRequestMethodOriginal).toBe(stable.ATTR_HTTP_REQUEST_METHOD_ORIGINAL);
    expect(SEMCONV.httpResponseStatusCode).toBe(stable.ATTR_HTTP_RESPONSE_STATUS_CODE);
    expect(SEMCONV.httpRoute).toBe(stable.ATTR_HTTP_ROUTE);
    expect(SEMCONV.networkProtocolVersion).toBe(stable.ATTR_NETWORK_PROTOCOL_VERSION);
    expect(SEMCONV.serverAddress).toBe(stable.ATTR_SERVER_ADDRESS);
    expect(SEMCONV.serverPort).toBe(stable.ATTR_SERVER_PORT);
    expect(SEMCONV.telemetrySdkLanguage).toBe(stable.ATTR_TELEMETRY_SDK_LANGUAGE);
    expect(SEMCONV.urlPath).toBe(stable.ATTR_URL_PATH);
    expect(SEMCONV.urlQuery).toBe(stable.ATTR_URL_QUERY);
    expect(SEMCONV.urlScheme).toBe(stable.ATTR_URL_SCHEME);
    expect(SEMCONV.userAgentOriginal).toBe(stable.ATTR_USER_AGENT_ORIGINAL);
    expect(METRICS.httpServerRequestDuration).toBe(stable.METRIC_HTTP_SERVER_REQUEST_DURATION);
  });
});

describe('semantic-convention keys written out for incubating conventions', () => {
  it('equal the constants of the pinned @opentelemetry/semantic-conventions', () => {
    expect(SEMCONV.processPid).toBe(incubating.ATTR_PROCESS_PID);
    expect(SEMCONV.processRuntimeName).toBe(incubating.ATTR_PROCESS_RUNTIME_NAME);
    expect(SEMCONV.processRuntimeVersion).toBe(incubating.ATTR_PROCESS_RUNTIME_VERSION);
    expect(SEMCONV.processCommandArgs).toBe(incubating.ATTR_PROCESS_COMMAND_ARGS);
    expect(SEMCONV.processExitCode).toBe(incubating.ATTR_PROCESS_EXIT_CODE);
    expect(SEMCONV.v8jsGcType).toBe(incubating.ATTR_V8JS_GC_TYPE);
    expect(SEMCONV.cpuMode).toBe(incubating.ATTR_CPU_MODE);
    expect(SEMCONV.telemetryDistroName).toBe(incubating.ATTR_TELEMETRY_DISTRO_NAME);
    expect(METRICS.httpServerActiveRequests).toBe(incubating.METRIC_HTTP_SERVER_ACTIVE_REQUESTS);
    expect(METRICS.processMemoryUsage).toBe(incubating.METRIC_PROCESS_MEMORY_USAGE);
    expect(METRICS.processCpuTime).toBe(incubating.METRIC_PROCESS_CPU_TIME);
    expect(METRICS.processCpuUtilization).toBe(incubating.METRIC_PROCESS_CPU_UTILIZATION);
    expect(METRICS.v8jsHeapUsed).toBe(incubating.METRIC_V8JS_MEMORY_HEAP_USED);
    expect(METRICS.v8jsHeapLimit).toBe(incubating.METRIC_V8JS_MEMORY_HEAP_LIMIT);
    expect(METRICS.v8jsGcDuration).toBe(incubating.METRIC_V8JS_GC_DURATION);
    expect(METRICS.nodejsEventLoopDelayMax).toBe(incubating.METRIC_NODEJS_EVENTLOOP_DELAY_MAX);
    expect(METRICS.nodejsEventLoopDelayP50).toBe(incubating.METRIC_NODEJS_EVENTLOOP_DELAY_P50);
    expect(METRICS.nodejsEventLoopDelayP99).toBe(incubating.METRIC_NODEJS_EVENTLOOP_DELAY_P99);
  });

  it('resource keys follow the conventions', () => {
    expect(RESOURCE_KEYS.serviceName).toBe(incubating.ATTR_SERVICE_NAME);
    expect(RESOURCE_KEYS.instanceId).toBe(incubating.ATTR_SERVICE_INSTANCE_ID);
    expect(RESOURCE_KEYS.namespace).toBe(incubating.ATTR_K8S_NAMESPACE_NAME);
    expect(RESOURCE_KEYS.podName).toBe(incubating.ATTR_K8S_POD_NAME);
    expect(RESOURCE_KEYS.podUid).toBe(incubating.ATTR_K8S_POD_UID);
    expect(RESOURCE_KEYS.nodeName).toBe(incubating.ATTR_K8S_NODE_NAME);
    expect(RESOURCE_KEYS.containerName).toBe(incubating.ATTR_K8S_CONTAINER_NAME);
    expect(RESOURCE_KEYS.containerId).toBe(incubating.ATTR_CONTAINER_ID);
    expect(RESOURCE_KEYS.deployment).toBe(incubating.ATTR_K8S_DEPLOYMENT_NAME);
    expect(RESOURCE_KEYS.replicaSet).toBe(incubating.ATTR_K8S_REPLICASET_NAME);
    expect(RESOURCE_KEYS.statefulSet).toBe(incubating.ATTR_K8S_STATEFULSET_NAME);
    expect(RESOURCE_KEYS.daemonSet).toBe(incubating.ATTR_K8S_DAEMONSET_NAME);
    expect(RESOURCE_KEYS.job).toBe(incubating.ATTR_K8S_JOB_NAME);
    expect(RESOURCE_KEYS.hostName).toBe(incubating.ATTR_HOST_NAME);
    expect(RESOURCE_KEYS.hostIp).toBe(incubating.ATTR_HOST_IP);
    expect(RESOURCE_KEYS.processPid).toBe(incubating.ATTR_PROCESS_PID);
    expect(RESOURCE_KEYS.runtimeVersion).toBe(incubating.ATTR_PROCESS_RUNTIME_VERSION);
    expect(RESOURCE_KEYS.agentVersion).toBe(incubating.ATTR_TELEMETRY_DISTRO_VERSION);
  });

  it('the RSS a heartbeat carries has the same name as the RSS metric', () => {
    expect(LIFECYCLE_ATTRS.rss).toBe(METRICS.processMemoryUsage);
  });
});
