import { METRICS } from '@podtrail/contracts/semconv';
import { insertSpans } from './query-harness.js';
/**
 * Known data for the API integration tests (exported so the security test and the route tests
 * share one data set). All numbers the tests assert are derived in the comments below.
 *
 * - checkout-aaa11 (shop/checkout, running, instance a1): 200 transactions ending at
 *   base+30min+i s (+0.5 s), i = 0..199, duration (i+1)*5 ms, HTTP 500 when i % 20 == 0 (10 errors),
 *   route /buy (even i) or /view (odd i). Each has one CLIENT child span (not a transaction).
 * - checkout-bbb22 (shop/checkout, killed an hour before "now"): 50 transactions of 3000 ms ending
 *   at base+90min+i s.
 * - cart-ccc33 (shop/cart, crashed once then restarted): instance c1: 30 x 200 ms (two of them
 *   StatusCode Error) ending at base+25min+i s; instance c2: 30 x 600 ms and 10 x 1500 ms ending at
 *   base+50min+i s. Apdex T for cart = 300 ms (config), default 500 ms.
 * - trace 1 = checkout tx #0 + its client span + cart c1 tx #0: 3 spans across two services.
 * - resource attributes as ingest stores them: the process's whole resource on the instance rows
 *   (a1: `resourceA1`, c1: `resourceC1`), only non-instance keys on spans: checkout tx #0 carries
 *   `deployment.environment=canary` (overriding the instance's `prod`) and `team=payments`.
 */
export const HOUR = 3_600_000;
export const MIN = 60_000;
export function hex(n, len) {
    return n.toString(16).padStart(len, '0');
}
function t3(ms) {
    return (ms / 1000).toFixed(3);
}
export async function seedFixture(ch, nowMs = Date.now()) {
    const base = Math.floor(nowMs / MIN) * MIN - 3 * HOUR;
    const endedB = base + 2 * HOUR;
    const crashC1 = base + 40 * MIN;
    const restartC2 = base + 41 * MIN;
    const spans = [];
    let sid = 1;
    const ns = (ms) => BigInt(Math.round(ms)) * 1000000n;
    const common = (pod, svc, wl, inst) => ({
        service: svc,
        namespace: 'shop',
        workload: wl,
        pod,
        instance: inst,
    });
    const aDurationsMs = [];
    const trace1 = hex(0xabc0001, 32);
    const resourceA1 = {
        'service.name': 'checkout',
        'service.version': '2.3.1',
        'service.instance.id': 'a1',
        'k8s.namespace.name': 'shop',
        'k8s.pod.name': 'checkout-aaa11',
        'k8s.deployment.name': 'checkout',
        'k8s.node.name': 'node-1',
        'host.ip': '10.0.0.1',
        'deployment.environment': 'prod',
    };
    const resourceC1 = {
        'service.name': 'cart',
        'service.instance.id': 'c1',
        'k8s.namespace.name': 'shop',
        'k8s.pod.name': 'cart-ccc33',
        'process.runtime.version': '20.19.0',
    };
    const resourceTx0 = { 'deployment.environment': 'canary', team: 'payments' };
    for (let i = 0; i < 200; i++) {
        const dur = (i + 1) * 5;
        aDurationsMs.push(dur);
        const end = base + 30 * MIN + i * 1000 + 500;
        const traceId = i === 0 ? trace1 : hex(0x1000000 + i, 32);
        const rootId = hex(sid++, 16);
        spans.push({
            ...common('checkout-aaa11', 'checkout', 'checkout', 'a1'),
            startNs: ns(end - dur),
            durationNs: dur * 1_000_000,
            traceId,
            spanId: rootId,
            name: i % 2 === 0 ? 'POST /buy' : 'GET /view',
            isTransaction: true,
            kind: 'Server',
            method: i % 2 === 0 ? 'POST' : 'GET',
            route: i % 2 === 0 ? '/buy' : '/view',
            httpStatus: i % 20 === 0 ? 500 : 200,
            attributes: { 'http.route': i % 2 === 0 ? '/buy' : '/view', 'user.id': `u${i}` },
            ...(i === 0 ? { resource: resourceTx0 } : {}),
        });
        spans.push({
            ...common('checkout-aaa11', 'checkout', 'checkout', 'a1'),
            startNs: ns(end - dur + 1),
            durationNs: Math.max(1, dur - 2) * 1_000_000,
            traceId,
            spanId: hex(sid++, 16),
            parentSpanId: rootId,
            name: 'GET cart',
            isTransaction: false,
            kind: 'Client',
            method: 'GET',
            httpStatus: 200,
        });
        if (i === 0) {
            // the cart side of trace 1 is cart c1 transaction #0 below (same trace id, parent = client span)
        }
    }
    for (let i = 0; i < 50; i++) {
        const end = base + 90 * MIN + i * 1000 + 500;
        spans.push({
            ...common('checkout-bbb22', 'checkout', 'checkout', 'b1'),
            startNs: ns(end - 3000),
            durationNs: 3000 * 1_000_000,
            traceId: hex(0x2000000 + i, 32),
            spanId: hex(sid++, 16),
            name: 'GET /view',
            isTransaction: true,
            method: 'GET',
            route: '/view',
            httpStatus: 200,
        });
    }
    for (let i = 0; i < 30; i++) {
        const end = base + 25 * MIN + i * 1000 + 500;
        spans.push({
            ...common('cart-ccc33', 'cart', 'cart', 'c1'),
            startNs: ns(end - 200),
            durationNs: 200 * 1_000_000,
            traceId: i === 0 ? trace1 : hex(0x3000000 + i, 32),
            spanId: hex(sid++, 16),
            parentSpanId: i === 0 ? hex(2, 16) : '',
            name: 'GET /cart',
            isTransaction: true,
            method: 'GET',
            route: '/cart',
            httpStatus: 200,
            status: i < 2 ? 'Error' : 'Unset',
            statusMessage: i < 2 ? 'cart failure' : '',
        });
    }
    for (let i = 0; i < 40; i++) {
        const dur = i < 30 ? 600 : 1500;
        const end = base + 50 * MIN + i * 1000 + 500;
        spans.push({
            ...common('cart-ccc33', 'cart', 'cart', 'c2'),
            startNs: ns(end - dur),
            durationNs: dur * 1_000_000,
            traceId: hex(0x4000000 + i, 32),
            spanId: hex(sid++, 16),
            name: 'GET /cart',
            isTransaction: true,
            method: 'GET',
            route: '/cart',
            httpStatus: 200,
        });
    }
    await insertSpans(ch, spans);
    const db = `\`${ch.database}\``;
    const pod = (o) => ({
        Namespace: 'shop',
        WorkloadKind: 'Deployment',
        NodeName: 'node-1',
        HostIp: '10.0.0.1',
        EndedAt: null,
        EndReason: '',
        InstanceCount: 1,
        RestartCount: 0,
        Version: 2,
        ...o,
    });
    await ch.writer.insert({
        table: `${db}.pods`,
        format: 'JSONEachRow',
        values: [
            // an older version of checkout-aaa11 that FINAL must hide
            pod({
                Workload: 'checkout',
                ServiceName: 'checkout',
                PodName: 'checkout-aaa11',
                PodUid: 'ua',
                FirstSeen: t3(base),
                LastSeen: t3(base + MIN),
                State: 'stopped',
                CurrentInstanceId: 'a1',
                Version: 1,
            }),
            pod({
                Workload: 'checkout',
                ServiceName: 'checkout',
                PodName: 'checkout-aaa11',
                PodUid: 'ua',
                FirstSeen: t3(base),
                LastSeen: t3(nowMs),
                State: 'running',
                CurrentInstanceId: 'a1',
            }),
            pod({
                Workload: 'checkout',
                ServiceName: 'checkout',
                PodName: 'checkout-bbb22',
                PodUid: 'ub',
                FirstSeen: t3(base),
                LastSeen: t3(endedB),
                EndedAt: t3(endedB),
                State: 'killed',
                EndReason: 'heartbeats stopped (3 missed)',
                CurrentInstanceId: 'b1',
            }),
            pod({
                Workload: 'cart',
                ServiceName: 'cart',
                PodName: 'cart-ccc33',
                PodUid: 'uc',
                FirstSeen: t3(base + 20 * MIN),
                LastSeen: t3(nowMs),
                State: 'running',
                InstanceCount: 2,
                RestartCount: 1,
                CurrentInstanceId: 'c2',
            }),
        ],
    });
    const inst = (o) => ({
        Namespace: 'shop',
        WorkloadKind: 'Deployment',
        NodeName: 'node-1',
        HostIp: '10.0.0.1',
        ContainerName: 'app',
        ReadyAt: null,
        EndedAt: null,
        EndReason: '',
        ExitDetail: '',
        Version: 1,
        ...o,
    });
    await ch.writer.insert({
        table: `${db}.instances`,
        format: 'JSONEachRow',
        values: [
            inst({
                Workload: 'checkout',
                ServiceName: 'checkout',
                PodName: 'checkout-aaa11',
                PodUid: 'ua',
                InstanceId: 'a1',
                StartedAt: t3(base),
                ReadyAt: t3(base + 1000),
                LastSeen: t3(nowMs),
                State: 'running',
                ResourceAttributes: resourceA1,
            }),
            inst({
                Workload: 'checkout',
                ServiceName: 'checkout',
                PodName: 'checkout-bbb22',
                PodUid: 'ub',
                InstanceId: 'b1',
                StartedAt: t3(base),
                LastSeen: t3(endedB),
                EndedAt: t3(endedB),
                State: 'killed',
                EndReason: 'heartbeats stopped (3 missed)',
            }),
            inst({
                Workload: 'cart',
                ServiceName: 'cart',
                PodName: 'cart-ccc33',
                PodUid: 'uc',
                InstanceId: 'c1',
                StartedAt: t3(base + 20 * MIN),
                LastSeen: t3(crashC1),
                EndedAt: t3(crashC1),
                State: 'crashed',
                EndReason: 'uncaught exception: TypeError: boom',
                ExitDetail: 'TypeError: boom\n    at handler (/app/cart.js:10:5)',
                ResourceAttributes: resourceC1,
            }),
            inst({
                Workload: 'cart',
                ServiceName: 'cart',
                PodName: 'cart-ccc33',
                PodUid: 'uc',
                InstanceId: 'c2',
                StartedAt: t3(restartC2),
                LastSeen: t3(nowMs),
                State: 'running',
            }),
        ],
    });
    const tr = (ts, p, w, s, i, t, from, to, reason) => ({
        Timestamp: t3(ts),
        Namespace: 'shop',
        Workload: w,
        ServiceName: s,
        PodName: p,
        InstanceId: i,
        Transition: t,
        FromState: from,
        ToState: to,
        Reason: reason,
        Message: `${t} ${p}`,
    });
    await ch.writer.insert({
        table: `${db}.pod_transitions`,
        format: 'JSONEachRow',
        values: [
            tr(base, 'checkout-aaa11', 'checkout', 'checkout', 'a1', 'started', '', 'running', ''),
            tr(base, 'checkout-bbb22', 'checkout', 'checkout', 'b1', 'started', '', 'running', ''),
            tr(base + 20 * MIN, 'cart-ccc33', 'cart', 'cart', 'c1', 'started', '', 'running', ''),
            tr(crashC1, 'cart-ccc33', 'cart', 'cart', 'c1', 'crashed', 'running', 'crashed', 'TypeError: boom'),
            tr(restartC2, 'cart-ccc33', 'cart', 'cart', 'c2', 'restarted', 'crashed', 'running', 'crash'),
            tr(endedB, 'checkout-bbb22', 'checkout', 'checkout', 'b1', 'killed', 'running', 'killed', 'heartbeats stopped'),
        ],
    });
    await ch.writer.insert({
        table: `${db}.lifecycle_events`,
        format: 'JSONEachRow',
        values: [
            {
                Timestamp: t3(crashC1),
                EventName: 'podtrail.agent.crashed',
                ServiceName: 'cart',
                Namespace: 'shop',
                Workload: 'cart',
                PodName: 'cart-ccc33',
                PodUid: 'uc',
                InstanceId: 'c1',
                NodeName: 'node-1',
                HostIp: '10.0.0.1',
                SeverityText: 'FATAL',
                Body: 'crashed',
                Attributes: {
                    'exception.type': 'TypeError',
                    'exception.message': 'boom',
                    'exception.stacktrace': 'TypeError: boom\n    at handler (/app/cart.js:10:5)',
                    'podtrail.last_logs': JSON.stringify(['line 1', 'line 2']),
                    'podtrail.in_flight': JSON.stringify([
                        {
                            traceId: hex(0x5000001, 32),
                            spanId: hex(0x77, 16),
                            route: '/cart',
                            method: 'POST',
                            startedAtMs: crashC1 - 150,
                        },
                    ]),
                },
                ResourceAttributes: {},
            },
        ],
    });
    const metric = (ts, v) => ({
        Timestamp: t3(ts),
        MetricName: METRICS.processMemoryUsage,
        MetricType: 'gauge',
        Unit: 'By',
        ServiceName: 'checkout',
        Namespace: 'shop',
        Workload: 'checkout',
        PodName: 'checkout-bbb22',
        InstanceId: 'b1',
        Attributes: {},
        Value: v,
        Count: 0,
        Sum: 0,
        BucketBounds: [],
        BucketCounts: [],
    });
    await ch.writer.insert({
        table: `${db}.metrics`,
        format: 'JSONEachRow',
        values: [metric(endedB - 20_000, 100), metric(endedB - 10_000, 200)],
    });
    const logLine = (ts, body) => ({
        Timestamp: t3(ts),
        TraceId: '',
        SpanId: '',
        SeverityNumber: 9,
        SeverityText: 'INFO',
        ServiceName: 'checkout',
        Namespace: 'shop',
        Workload: 'checkout',
        PodName: 'checkout-bbb22',
        InstanceId: 'b1',
        ScopeName: 'console',
        Body: body,
        Attributes: {},
        ResourceAttributes: {},
    });
    await ch.writer.insert({
        table: `${db}.logs`,
        format: 'JSONEachRow',
        values: [logLine(endedB - 5000, 'GET /view 200'), logLine(endedB - 1000, 'about to die')],
    });
    return { base, now: nowMs, endedB, crashC1, restartC2, trace1, aDurationsMs, resourceA1, resourceC1, resourceTx0 };
}
//# sourceMappingURL=query-fixture.js.map