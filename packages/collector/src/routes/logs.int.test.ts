import {
  encodeOtlp,
  LIFECYCLE_ATTRS,
  LIFECYCLE_EVENTS,
  type OtlpLogRecord,
  type OtlpLogsRequest,
} from '@podtrail/contracts';
import type { ErrorResponse, LogRecord, LogsResponse, PostMortemResponse } from '@podtrail/contracts/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { count, waitFor } from '../testing/ingest-harness.js';
import { kv, lifecycleRequest, type PodSpec, podSpec, resourceAttrs } from '../testing/otlp-fixtures.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';

/**
 * The logs API on the real app (embedded chDB): log records posted through the OTLP/HTTP receiver
 * (`POST /v1/logs`), then read back through `GET /api/v1/logs` and `GET /api/v1/traces/:id/logs`.
 */
const INGEST = 'ingest-token-logs-0123456789ab';
const READ = 'read-token-logs-0123456789abcd';
const collector = otlpOnlyApp({
  storePrefix: 'podtrail-logs-',
  config: { api: { rateLimitPerMin: 0 } },
  tokens: [
    { role: 'ingest', token: INGEST },
    { role: 'read', token: READ },
  ],
});

const T0 = Date.now() - 10 * 60_000;
const TRACE_A = 'aa'.repeat(16);
const SPAN_A1 = 'a1'.repeat(8);
const SPAN_A2 = 'a2'.repeat(8);
const TRACE_B = 'bb'.repeat(16);
const SPAN_B1 = 'b1'.repeat(8);

const podA: PodSpec = podSpec('logsvc', 1, { workload: 'logsvc' });
const podB: PodSpec = podSpec('logsvc', 2, { workload: 'logsvc' });
const podB2: PodSpec = { ...podB, instanceId: crypto.randomUUID() };

interface Line {
  atMs: number;
  sev: number;
  text: string;
  body: string;
  traceId?: string;
  spanId?: string;
  attrs?: Record<string, string>;
}

const A_LINES: Line[] = [
  { atMs: T0, sev: 9, text: 'INFO', body: 'server started on :8080' },
  { atMs: T0 + 1000, sev: 5, text: 'DEBUG', body: 'cache warm 100% done' },
  { atMs: T0 + 1500, sev: 5, text: 'DEBUG', body: 'cache warm 1000 done' },
  { atMs: T0 + 2000, sev: 13, text: 'WARN', body: 'slow query_name took 2s' },
  { atMs: T0 + 2500, sev: 0, text: 'warning', body: 'slow queryXname took 3s' },
  { atMs: T0 + 3000, sev: 17, text: 'ERROR', body: "user 'bob' failed", traceId: TRACE_A, spanId: SPAN_A1 },
  { atMs: T0 + 3500, sev: 9, text: 'INFO', body: 'user bob retried', attrs: { 'log.source': 'pino' } },
  { atMs: T0 + 4000, sev: 9, text: 'INFO', body: 'path C:\\temp\\x', traceId: TRACE_A, spanId: SPAN_A2 },
  { atMs: T0 + 4500, sev: 9, text: 'INFO', body: 'path C:/temp/x' },
  { atMs: T0 + 5000, sev: 21, text: 'FATAL', body: 'out of memory' },
];
/** 7 distinct lines and 2 identical ones, all in the same nanosecond: paging must neither lose nor repeat any. */
const BURST_AT = T0 + 6000;
const B1_LINES: Line[] = [
  ...Array.from({ length: 7 }, (_, i): Line => ({ atMs: BURST_AT, sev: 9, text: 'INFO', body: `burst ${i}` })),
  { atMs: BURST_AT, sev: 9, text: 'INFO', body: 'dup' },
  { atMs: BURST_AT, sev: 9, text: 'INFO', body: 'dup' },
];
const B2_LINES: Line[] = [
  { atMs: T0 + 7000, sev: 9, text: 'INFO', body: 'b2 request in', traceId: TRACE_B, spanId: SPAN_B1 },
  { atMs: T0 + 7001, sev: 17, text: 'ERROR', body: 'b2 request failed', traceId: TRACE_B },
  { atMs: T0 + 8000, sev: 9, text: 'INFO', body: 'b2 idle' },
];

function logsRequest(pod: PodSpec, lines: Line[]): OtlpLogsRequest {
  const records = lines.map(
    (l): OtlpLogRecord => ({
      timeUnixNano: (BigInt(l.atMs) * 1_000_000n).toString(),
      severityNumber: l.sev,
      severityText: l.text,
      body: { stringValue: l.body },
      attributes: Object.entries(l.attrs ?? {}).map(([k, v]) => kv(k, v)),
      ...(l.traceId ? { traceId: Buffer.from(l.traceId, 'hex') } : {}),
      ...(l.spanId ? { spanId: Buffer.from(l.spanId, 'hex') } : {}),
    }),
  );
  return {
    resourceLogs: [
      {
        resource: { attributes: resourceAttrs(pod) },
        scopeLogs: [{ scope: { name: 'console' }, logRecords: records }],
      },
    ],
  };
}

async function postLogs(req: OtlpLogsRequest): Promise<void> {
  const res = await collector.app.inject({
    method: 'POST',
    url: '/v1/logs',
    headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/x-protobuf' },
    payload: Buffer.from(encodeOtlp('logs', req)),
  });
  expect(res.statusCode).toBe(200);
}

beforeAll(async () => {
  for (const [pod, lines] of [
    [podA, A_LINES],
    [podB, B1_LINES],
    [podB2, B2_LINES],
  ] as const)
    await postLogs(logsRequest(pod, lines));
  expect(await count(collector.app, 'logs', "ServiceName = 'logsvc'")).toBe(
    A_LINES.length + B1_LINES.length + B2_LINES.length,
  );
});

async function call(path: string, q: Record<string, string | number> = {}) {
  const qs = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return collector.app.inject({
    method: 'GET',
    url: `/api/v1${path}${qs ? `?${qs}` : ''}`,
    headers: { authorization: `Bearer ${READ}` },
  });
}

async function logs(q: Record<string, string | number>): Promise<LogsResponse> {
  const res = await call('/logs', q);
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as LogsResponse;
}

const bodies = (r: LogsResponse) => r.logs.map((l) => l.body);
const newestFirst = (lines: Line[]) =>
  [...lines]
    .map((l, i) => ({ l, i }))
    .sort((x, y) => y.l.atMs - x.l.atMs || y.i - x.i)
    .map((x) => x.l.body);
const WINDOW = { from: T0 - 60_000, to: T0 + 60_000 };

describe('GET /api/v1/logs', () => {
  it('filters by pod, newest first, with every field of a record', async () => {
    const r = await logs({ ...WINDOW, pod: podA.podName });
    expect(bodies(r)).toEqual(newestFirst(A_LINES));
    expect(r.nextCursor).toBeNull();
    const err = r.logs.find((l) => l.body === "user 'bob' failed");
    expect(err).toEqual({
      ts: new Date(T0 + 3000).toISOString(),
      severity: 'ERROR',
      severityNumber: 17,
      body: "user 'bob' failed",
      serviceName: 'logsvc',
      namespace: 'shop',
      workload: 'logsvc',
      podName: podA.podName,
      instanceId: podA.instanceId,
      traceId: TRACE_A,
      spanId: SPAN_A1,
      attributes: {},
    } satisfies LogRecord);
    const plain = r.logs.find((l) => l.body === 'user bob retried')!;
    expect(plain.traceId).toBeUndefined();
    expect(plain.spanId).toBeUndefined();
    expect(plain.attributes).toEqual({ 'log.source': 'pino' });
    // a record that carried only its severity text is stored with the text's number
    expect(r.logs.find((l) => l.body === 'slow queryXname took 3s')!.severityNumber).toBe(13);
  });

  it('filters by instance', async () => {
    expect(bodies(await logs({ ...WINDOW, instance: podB2.instanceId }))).toEqual(newestFirst(B2_LINES));
    const b1 = await logs({ ...WINDOW, pod: podB.podName, instance: podB.instanceId });
    expect(bodies(b1).sort()).toEqual(B1_LINES.map((l) => l.body).sort());
    // the pod has both instances
    expect((await logs({ ...WINDOW, pod: podB.podName })).logs.length).toBe(B1_LINES.length + B2_LINES.length);
  });

  it('filters by time range: from inclusive, to exclusive', async () => {
    const r = await logs({ pod: podA.podName, from: T0 + 1000, to: T0 + 3000 });
    expect(bodies(r)).toEqual([
      'slow queryXname took 3s',
      'slow query_name took 2s',
      'cache warm 1000 done',
      'cache warm 100% done',
    ]);
    // the default window (24 h before now) holds them all; one ending before T0 none
    expect((await logs({ pod: podA.podName })).logs.length).toBe(A_LINES.length);
    expect((await logs({ pod: podA.podName, to: T0 })).logs).toEqual([]);
  });

  it('filters by minimum severity', async () => {
    expect(bodies(await logs({ ...WINDOW, pod: podA.podName, severity: 'warn' }))).toEqual([
      'out of memory',
      "user 'bob' failed",
      'slow queryXname took 3s',
      'slow query_name took 2s',
    ]);
    expect(bodies(await logs({ ...WINDOW, pod: podA.podName, severity: 'error' }))).toEqual([
      'out of memory',
      "user 'bob' failed",
    ]);
    expect(bodies(await logs({ ...WINDOW, pod: podA.podName, severity: 'fatal' }))).toEqual(['out of memory']);
    expect((await logs({ ...WINDOW, pod: podA.podName, severity: 'trace' })).logs.length).toBe(A_LINES.length);
    expect((await logs({ ...WINDOW, pod: podA.podName, severity: 'debug' })).logs.length).toBe(A_LINES.length);
    expect((await logs({ ...WINDOW, pod: podA.podName, severity: 'info' })).logs.length).toBe(A_LINES.length - 2);
  });

  it('searches a literal, case-insensitive substring: %, _, quote and backslash are plain characters', async () => {
    const search = async (q: string) => bodies(await logs({ ...WINDOW, service: 'logsvc', q }));
    expect(await search('100%')).toEqual(['cache warm 100% done']);
    expect(await search('%')).toEqual(['cache warm 100% done']);
    expect(await search('query_name')).toEqual(['slow query_name took 2s']);
    expect(await search('_')).toEqual(['slow query_name took 2s']);
    expect(await search("'bob'")).toEqual(["user 'bob' failed"]);
    expect(await search("'")).toEqual(["user 'bob' failed"]);
    expect(await search('C:\\temp')).toEqual(['path C:\\temp\\x']);
    expect(await search('\\')).toEqual(['path C:\\temp\\x']);
    expect(await search('USER BOB')).toEqual(['user bob retried']);
    expect(await search('B2 REQUEST')).toEqual(['b2 request failed', 'b2 request in']);
    expect(await search("x' OR '1'='1")).toEqual([]);
  });

  it('pages newest first with the cursor across equal timestamps: no line lost or repeated', async () => {
    const all = await logs({ ...WINDOW, pod: podB.podName, limit: 1000 });
    expect(all.logs.length).toBe(B1_LINES.length + B2_LINES.length);
    expect(all.nextCursor).toBeNull();
    expect(bodies(all).slice(0, 3)).toEqual(['b2 idle', 'b2 request failed', 'b2 request in']);
    for (const limit of [1, 2, 4]) {
      const seen: LogRecord[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: LogsResponse = await logs({ ...WINDOW, pod: podB.podName, limit, ...(cursor ? { cursor } : {}) });
        expect(page.logs.length).toBe(page.nextCursor ? limit : page.logs.length);
        seen.push(...page.logs);
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 50);
      expect(seen).toEqual(all.logs);
      expect(pages).toBe(Math.ceil(all.logs.length / limit));
    }
    const burst = bodies(all).slice(3);
    expect(burst.sort()).toEqual([
      'burst 0',
      'burst 1',
      'burst 2',
      'burst 3',
      'burst 4',
      'burst 5',
      'burst 6',
      'dup',
      'dup',
    ]);
  });
});

describe('GET /api/v1/traces/:traceId/logs', () => {
  it('answers every line of the trace, oldest first', async () => {
    const a = (await call(`/traces/${TRACE_A}/logs`)).json() as LogsResponse;
    expect(a.logs.map((l) => [l.body, l.spanId, l.podName])).toEqual([
      ["user 'bob' failed", SPAN_A1, podA.podName],
      ['path C:\\temp\\x', SPAN_A2, podA.podName],
    ]);
    expect(a.nextCursor).toBeNull();
    const b = (await call(`/traces/${TRACE_B.toUpperCase()}/logs`)).json() as LogsResponse;
    expect(b.logs.map((l) => [l.body, l.traceId, l.spanId ?? null])).toEqual([
      ['b2 request in', TRACE_B, SPAN_B1],
      ['b2 request failed', TRACE_B, null],
    ]);
    expect(((await call(`/traces/${'cc'.repeat(16)}/logs`)).json() as LogsResponse).logs).toEqual([]);
  });
});

describe('post-mortem last log lines', () => {
  it('come from the logs table when it has lines for the instance, else from the end event', async () => {
    const stored = podSpec('pmlogs', 1, { workload: 'pmlogs' });
    const eventOnly = podSpec('pmlogs', 2, { workload: 'pmlogs' });
    const at = Date.now() - 60_000;
    const crash = (p: PodSpec) =>
      lifecycleRequest(p, LIFECYCLE_EVENTS.crashed, at + 5000, {
        [LIFECYCLE_ATTRS.lastLogs]: JSON.stringify(['from the crash event']),
        [LIFECYCLE_ATTRS.exceptionType]: 'Error',
      });
    for (const p of [stored, eventOnly]) await postLogs(lifecycleRequest(p, LIFECYCLE_EVENTS.started, at));
    await postLogs(
      logsRequest(
        stored,
        Array.from({ length: 25 }, (_, i): Line => ({ atMs: at + 100 + i, sev: 9, text: 'INFO', body: `line ${i}` })),
      ),
    );
    for (const p of [stored, eventOnly]) await postLogs(crash(p));
    const pm = async (p: PodSpec) => {
      const res = await call(`/pods/shop/${p.podName}`);
      return res.statusCode === 200 ? (res.json() as PostMortemResponse) : null;
    };
    const ended = (r: PostMortemResponse | null) => r?.instances.length === 1 && r.instances[0]!.state === 'crashed';
    const a = await waitFor(() => pm(stored), ended, 30_000);
    const b = await waitFor(() => pm(eventOnly), ended, 30_000);
    // the newest 20 stored lines, oldest first
    expect(a!.instances[0]!.lastLogs).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 5}`));
    expect(b!.instances[0]!.lastLogs).toEqual(['from the crash event']);
  });
});

describe('bad parameters: 400 with the field named', () => {
  const bad = async (path: string, q: Record<string, string | number>, field: string) => {
    const res = await call(path, q);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as ErrorResponse;
    expect(body.field).toBe(field);
    expect(body.code).toMatch(/^APM_ERR_API_/);
    expect(body.statusCode).toBe(400);
  };
  it('rejects limits, severities, long searches, cursors and times it does not accept', async () => {
    await bad('/logs', { limit: 0 }, 'limit');
    await bad('/logs', { limit: 5000 }, 'limit');
    await bad('/logs', { limit: 'ten' }, 'limit');
    await bad('/logs', { severity: 'loud' }, 'severity');
    await bad('/logs', { q: 'x'.repeat(10_000) }, 'q');
    await bad('/logs', { q: 'a\u0000b' }, 'q');
    await bad('/logs', { cursor: 'not a cursor' }, 'cursor');
    await bad('/logs', { cursor: Buffer.from('1.2').toString('base64url') }, 'cursor');
    await bad('/logs', { cursor: Buffer.from('99999999999999999999.1.0').toString('base64url') }, 'cursor');
    await bad('/logs', { cursor: 'x'.repeat(5000) }, 'cursor');
    await bad('/logs', { from: "1'; DROP TABLE logs" }, 'from');
    await bad('/logs', { pod: 'x'.repeat(300) }, 'pod');
    await bad('/traces/not-a-trace/logs', {}, 'traceId');
    // nothing was dropped
    expect(await count(collector.app, 'logs', "ServiceName = 'logsvc'")).toBe(
      A_LINES.length + B1_LINES.length + B2_LINES.length,
    );
  });

  it('requires the read role', async () => {
    const res = await collector.app.inject({
      method: 'GET',
      url: '/api/v1/logs',
      headers: { authorization: `Bearer ${INGEST}` },
    });
    expect(res.statusCode).toBe(403);
  });
});
