import { randomBytes } from 'node:crypto';
import { EVENT_NAME_KEY, encodeOtlp, HEADERS, LIFECYCLE_ATTRS, RESOURCE_KEYS, WIRE_SCHEMA_VERSION, } from '@podtrail/contracts';
import { METRICS, SEMCONV } from '@podtrail/contracts/semconv';
export function kv(key, value) {
    if (typeof value === 'string')
        return { key, value: { stringValue: value } };
    if (typeof value === 'boolean')
        return { key, value: { boolValue: value } };
    return Number.isInteger(value) ? { key, value: { intValue: value } } : { key, value: { doubleValue: value } };
}
export function resourceAttrs(p) {
    return [
        kv(RESOURCE_KEYS.serviceName, p.service),
        kv(RESOURCE_KEYS.serviceVersion, '1.4.2'),
        kv(RESOURCE_KEYS.instanceId, p.instanceId),
        kv(RESOURCE_KEYS.namespace, p.namespace ?? 'shop'),
        kv(RESOURCE_KEYS.podName, p.podName),
        kv(RESOURCE_KEYS.podUid, p.podUid),
        kv(RESOURCE_KEYS.nodeName, 'node-1'),
        kv(RESOURCE_KEYS.containerName, p.service),
        kv(RESOURCE_KEYS.deployment, p.workload ?? p.service),
        kv(RESOURCE_KEYS.hostName, p.podName),
        kv(RESOURCE_KEYS.hostIp, p.hostIp ?? '10.1.2.3'),
        kv(RESOURCE_KEYS.processPid, 4242),
        kv(RESOURCE_KEYS.runtimeVersion, '20.19.0'),
        kv(SEMCONV.processRuntimeName, 'nodejs'),
        kv(SEMCONV.telemetrySdkLanguage, 'nodejs'),
        kv('telemetry.sdk.name', 'opentelemetry'),
        kv('telemetry.sdk.version', '2.12.0'),
        kv(SEMCONV.telemetryDistroName, 'podtrail'),
        kv(RESOURCE_KEYS.agentVersion, '0.1.0'),
        kv(RESOURCE_KEYS.heartbeatIntervalMs, p.heartbeatMs ?? 10_000),
    ];
}
const ROUTES = ['/api/orders/:id', '/api/cart', '/api/users/:id/profile', '/health', '/api/search'];
let seq = 0;
/** One ExportTraceServiceRequest: `transactions` HTTP server spans, each with child spans. */
export function traceRequest(pod, o) {
    const rnd = o.random ?? ((n) => randomBytes(n));
    const per = o.spansPerTransaction ?? 1;
    const spans = [];
    // ms * 1e6 is beyond a double's exact integers (2^53): whole ms and the fraction are scaled apart
    const startMs = o.startMs ?? Date.now();
    const start0 = BigInt(Math.floor(startMs)) * 1000000n + BigInt(Math.round((startMs % 1) * 1e6));
    for (let i = 0; i < o.transactions; i++) {
        const traceId = rnd(16).subarray(0, 16);
        const serverId = rnd(8).subarray(0, 8);
        const dur = typeof o.durationMs === 'function' ? o.durationMs(i) : (o.durationMs ?? 12 + (i % 50));
        const status = typeof o.status === 'function' ? o.status(i) : (o.status ?? 200);
        const route = ROUTES[(seq++ + i) % ROUTES.length];
        const startNs = start0 + BigInt(i) * 1000000n;
        const endNs = startNs + BigInt(Math.round(dur * 1e6));
        spans.push({
            traceId,
            spanId: serverId,
            name: `GET ${route}`,
            kind: 2,
            startTimeUnixNano: startNs.toString(),
            endTimeUnixNano: endNs.toString(),
            attributes: [
                kv(SEMCONV.httpRequestMethod, 'GET'),
                kv(SEMCONV.httpRoute, route),
                kv(SEMCONV.urlPath, route.replace(':id', String(1000 + (i % 977)))),
                kv(SEMCONV.urlScheme, 'http'),
                kv(SEMCONV.serverAddress, pod.podName),
                kv(SEMCONV.serverPort, 8080),
                kv(SEMCONV.networkProtocolVersion, '1.1'),
                kv(SEMCONV.clientAddress, `10.0.${i % 7}.${i % 250}`),
                kv(SEMCONV.userAgentOriginal, 'Mozilla/5.0 (X11; Linux x86_64) loadgen/1.0'),
                kv(SEMCONV.httpResponseStatusCode, status),
            ],
            status: { code: status >= 500 ? 2 : 0, message: '' },
        });
        for (let c = 1; c < per; c++) {
            // children spread over the request (so concurrent requests interleave in time, as in reality)
            const slot = (endNs - startNs) / BigInt(per);
            const cs = startNs + BigInt(c) * slot;
            spans.push({
                traceId,
                spanId: rnd(8).subarray(0, 8),
                parentSpanId: serverId,
                name: c % 2 === 1 ? 'GET' : 'pg.query',
                kind: c % 2 === 1 ? 3 : 1,
                startTimeUnixNano: cs.toString(),
                endTimeUnixNano: (cs + (slot * 3n) / 4n).toString(),
                attributes: c % 2 === 1
                    ? [
                        kv('http.request.method', 'GET'),
                        kv('server.address', 'inventory'),
                        kv('server.port', 8080),
                        kv('url.full', `http://inventory:8080/stock/${i % 100}`),
                        kv('http.response.status_code', 200),
                    ]
                    : [kv('db.system', 'postgresql'), kv('db.statement', 'SELECT * FROM items WHERE id = $1')],
                status: { code: 0, message: '' },
            });
        }
    }
    return {
        resourceSpans: [
            {
                resource: { attributes: resourceAttrs(pod) },
                scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' }, spans }],
            },
        ],
    };
}
export function encodeTraces(req) {
    return Buffer.from(encodeOtlp('traces', req));
}
export function lifecycleRequest(pod, event, tsMs, attrs = {}) {
    const attributes = [kv(EVENT_NAME_KEY, event)];
    for (const [k, v] of Object.entries(attrs))
        attributes.push(kv(k, v));
    if (pod.heartbeatMs && attrs[LIFECYCLE_ATTRS.heartbeatIntervalMs] === undefined)
        attributes.push(kv(LIFECYCLE_ATTRS.heartbeatIntervalMs, pod.heartbeatMs));
    return {
        resourceLogs: [
            {
                resource: { attributes: resourceAttrs(pod) },
                scopeLogs: [
                    {
                        scope: { name: 'podtrail-agent' },
                        logRecords: [
                            {
                                timeUnixNano: (BigInt(Math.floor(tsMs)) * 1000000n).toString(),
                                severityText: 'INFO',
                                severityNumber: 9,
                                body: { stringValue: event },
                                attributes,
                                eventName: event,
                            },
                        ],
                    },
                ],
            },
        ],
    };
}
export function metricsRequest(pod, tsMs) {
    const t = (BigInt(Math.floor(tsMs)) * 1000000n).toString();
    return {
        resourceMetrics: [
            {
                resource: { attributes: resourceAttrs(pod) },
                scopeMetrics: [
                    {
                        scope: { name: 'podtrail-agent' },
                        metrics: [
                            {
                                name: METRICS.processMemoryUsage,
                                unit: 'By',
                                gauge: { dataPoints: [{ timeUnixNano: t, asInt: 73_400_320 }] },
                            },
                            {
                                name: 'nodejs.eventloop.delay',
                                unit: 's',
                                histogram: {
                                    aggregationTemporality: 2,
                                    dataPoints: [
                                        {
                                            timeUnixNano: t,
                                            count: 10,
                                            sum: 0.05,
                                            explicitBounds: [0.001, 0.01, 0.1],
                                            bucketCounts: [2, 6, 2, 0],
                                        },
                                    ],
                                },
                            },
                        ],
                    },
                ],
            },
        ],
    };
}
/** Kafka headers the agent sets. */
export function agentHeaders(instanceId) {
    return {
        [HEADERS.contentType]: 'application/x-protobuf',
        [HEADERS.schemaVersion]: String(WIRE_SCHEMA_VERSION),
        [HEADERS.instanceId]: instanceId,
    };
}
export function podSpec(service, n, extra = {}) {
    const suffix = randomBytes(3).toString('hex').slice(0, 5);
    return {
        service,
        podName: `${service}-7d4b9c8f5-${suffix}${n}`.slice(0, 63),
        podUid: crypto.randomUUID(),
        instanceId: crypto.randomUUID(),
        ...extra,
    };
}
//# sourceMappingURL=otlp-fixtures.js.map