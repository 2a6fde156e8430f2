// OTLP payloads of the logs case of ui.test.ts: one running pod in its own namespace (so the other
// cases' counts stay as they are), one trace of two spans, and log lines in and out of it.
import { randomBytes } from 'node:crypto';
import type { OtlpLogRecord, OtlpLogsRequest, OtlpTraceRequest } from '@podtrail/contracts';

export const LOGS_NS = 'e2e-logs';
export const LOG_POD = 'logs-demo-5c7d9-abcde';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

const resource = {
  attributes: [
    str('service.name', 'logs-demo'),
    str('service.instance.id', `${LOG_POD}-i1`),
    str('k8s.namespace.name', LOGS_NS),
    str('k8s.pod.name', LOG_POD),
    str('k8s.pod.uid', `uid-${LOG_POD}`),
    str('k8s.deployment.name', 'logs-demo'),
    str('k8s.node.name', 'node-a'),
    str('host.ip', '10.131.0.206'),
    // long heartbeat interval: the pod stays "running" for the whole test
    { key: 'podtrail.heartbeat.interval_ms', value: { intValue: '600000' } },
  ],
};

/** The data of the case, around `t` (epoch ms): a trace at `t`, lines before, in and after it. */
export function logsFixture(t: number) {
  const traceId = randomBytes(16);
  const rootId = randomBytes(8);
  const childId = randomBytes(8);
  const line = (atMs: number, sev: number, text: string, body: string, span?: Buffer | null): OtlpLogRecord => ({
    timeUnixNano: nanos(atMs),
    severityNumber: sev,
    severityText: text,
    body: { stringValue: body },
    ...(span !== undefined ? { traceId, ...(span ? { spanId: span } : {}) } : {}),
  });
  const logs = (records: OtlpLogRecord[], scope = 'console'): OtlpLogsRequest => ({
    resourceLogs: [{ resource, scopeLogs: [{ scope: { name: scope }, logRecords: records }] }],
  });
  const started = logs(
    [
      {
        timeUnixNano: nanos(t - 10_000),
        severityText: 'INFO',
        body: { stringValue: 'started' },
        attributes: [str('event.name', 'podtrail.agent.started')],
      },
    ],
    'podtrail',
  );
  const span = (spanId: Buffer, parent: Buffer | undefined, name: string, kind: number, from: number, to: number) => ({
    traceId,
    spanId,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind,
    startTimeUnixNano: nanos(from),
    endTimeUnixNano: nanos(to),
    attributes: [],
    status: {},
  });
  const trace: OtlpTraceRequest = {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          {
            scope: { name: 'e2e' },
            spans: [
              span(rootId, undefined, 'GET /api/report', 2, t, t + 400),
              span(childId, rootId, 'SELECT report', 3, t + 10, t + 300),
            ],
          },
        ],
      },
    ],
  };
  const lines = logs([
    line(t - 5000, 9, 'INFO', 'report service listening on :8080'),
    line(t - 4000, 5, 'DEBUG', 'cache warmed: 120 entries'),
    line(t + 20, 13, 'WARN', 'report query slow: 280 ms', childId),
    line(t + 350, 17, 'ERROR', 'report rendering failed for user 42', rootId),
    line(t + 390, 9, 'INFO', 'request done without a span', null),
  ]);
  return {
    started,
    trace,
    lines,
    lineCount: 5,
    tailed: (atMs: number) => logs([line(atMs, 9, 'INFO', 'tailed line')]),
    rootId: rootId.toString('hex'),
    childId: childId.toString('hex'),
  };
}
