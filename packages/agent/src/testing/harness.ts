// Integration-test support: real child processes started with the agent, real Kafka topics read back
// and decoded with the contracts codec. Not part of the published package.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  attributesToRecord,
  decodeOtlp,
  EVENT_NAME_KEY,
  type OtlpLogRecord,
  type OtlpMetric,
  type OtlpSpan,
} from '@podtrail/contracts';
import { type Admin, Kafka, logLevel } from 'kafkajs';

const here = dirname(fileURLToPath(import.meta.url));
export const AGENT_DIR = resolve(here, '../..');
export const REGISTER = resolve(AGENT_DIR, 'dist/register.js');
export const FIXTURES = resolve(here, 'fixtures');

/** Builds the agent once if dist is missing (CI builds first; this keeps a lone test run honest). */
export function ensureBuilt(): void {
  if (existsSync(REGISTER)) return;
  execFileSync('pnpm', ['exec', 'tsc', '-b', AGENT_DIR], { stdio: 'inherit', cwd: resolve(AGENT_DIR, '../..') });
}

export function uniqueTopics(prefix: string): { spans: string; metrics: string; lifecycle: string } {
  const id = `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  return { spans: `t.${id}.spans`, metrics: `t.${id}.metrics`, lifecycle: `t.${id}.lifecycle` };
}

export interface AppHandle {
  child: ChildProcess;
  port: number;
  stdout: string[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a fixture app under the agent and waits for its `listening <port>` line. */
export async function startApp(
  script: string,
  env: Record<string, string>,
  timeoutMs = 15_000,
  opts: { preload?: boolean } = {},
): Promise<AppHandle> {
  const args = opts.preload === false ? [] : ['--import', REGISTER];
  const child = spawn(process.execPath, [...args, resolve(FIXTURES, script)], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  const lines = (sink: string[]) => {
    let buf = '';
    return (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl !== -1) {
        sink.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    };
  };
  child.stdout!.on('data', lines(stdout));
  child.stderr!.on('data', lines(stderr));
  const port = await new Promise<number>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`app did not start: ${stderr.join('\n')}`)), timeoutMs);
    const check = setInterval(() => {
      const l = stdout.find((s) => s.startsWith('listening '));
      if (l) {
        clearInterval(check);
        clearTimeout(t);
        res(Number(l.split(' ')[1]));
      }
    }, 20);
    void exited.then(() => {
      clearInterval(check);
      clearTimeout(t);
      rej(new Error(`app exited before listening: ${stderr.join('\n')}`));
    });
  });
  return { child, port, stdout, stderr, exited };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 10 });

export function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: keepAlive }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => {
        body += c;
      });
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', rej);
  });
}

/** Sends n GETs with the given concurrency; resolves with the statuses. */
export async function load(port: number, path: string, n: number, concurrency = 10): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        statuses.push((await get(port, path)).status);
      }
    }),
  );
  return statuses;
}

export interface DecodedSpan {
  span: OtlpSpan;
  resource: Record<string, string>;
  attributes: Record<string, string>;
  traceId: string;
  spanId: string;
  parentSpanId: string;
}
export interface DecodedEvent {
  name: string;
  record: OtlpLogRecord;
  resource: Record<string, string>;
  attributes: Record<string, string>;
}
export interface DecodedMetric {
  metric: OtlpMetric;
  resource: Record<string, string>;
}
export interface TopicData {
  spans: DecodedSpan[];
  events: DecodedEvent[];
  metrics: DecodedMetric[];
  headers: Record<string, string>[];
  keys: string[];
}

const hex = (b: Uint8Array | undefined) => (b && b.length > 0 ? Buffer.from(b).toString('hex') : '');

/**
 * Reads the given topics from the beginning until `done(data)` holds, then on to the end offsets the
 * topics have at that moment, so that anything extra that would break an exact count is read too
 * (for an app that has exited, that is everything it sent). Throws when `done` never holds.
 */
export async function readTopics(
  brokers: string,
  topics: { spans?: string; metrics?: string; lifecycle?: string },
  done: (d: TopicData) => boolean,
  opts: { timeoutMs?: number } = {},
): Promise<TopicData> {
  const data: TopicData = { spans: [], events: [], metrics: [], headers: [], keys: [] };
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, clientId: 'agent-int-test' });
  const consumer = kafka.consumer({ groupId: `agent-int-${randomUUID()}`, maxWaitTimeInMs: 200 });
  // Topics nobody produced to yet (e.g. metrics of a short run) would fail the subscription.
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .createTopics({
      topics: Object.values(topics)
        .filter((t): t is string => !!t)
        .map((topic) => ({ topic })),
    })
    .catch(() => false);
  await consumer.connect();
  const kindOf = new Map<string, 'spans' | 'metrics' | 'lifecycle'>();
  for (const [k, t] of Object.entries(topics)) if (t) kindOf.set(t, k as 'spans' | 'metrics' | 'lifecycle');
  await consumer.subscribe({ topics: [...kindOf.keys()], fromBeginning: true });
  let consumed = 0;
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      consumed++;
      if (!message.value) return;
      data.keys.push(message.key?.toString() ?? '');
      data.headers.push(
        Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v?.toString() ?? '')])),
      );
      const kind = kindOf.get(topic);
      if (kind === 'spans') {
        for (const rs of decodeOtlp('traces', message.value).resourceSpans ?? []) {
          const resource = attributesToRecord(rs.resource?.attributes);
          for (const ss of rs.scopeSpans ?? [])
            for (const span of ss.spans ?? [])
              data.spans.push({
                span,
                resource,
                attributes: attributesToRecord(span.attributes),
                traceId: hex(span.traceId),
                spanId: hex(span.spanId),
                parentSpanId: hex(span.parentSpanId),
              });
        }
      } else if (kind === 'lifecycle') {
        for (const rl of decodeOtlp('logs', message.value).resourceLogs ?? []) {
          const resource = attributesToRecord(rl.resource?.attributes);
          for (const sl of rl.scopeLogs ?? [])
            for (const record of sl.logRecords ?? []) {
              const attributes = attributesToRecord(record.attributes);
              data.events.push({ name: attributes[EVENT_NAME_KEY] ?? '', record, resource, attributes });
            }
        }
      } else if (kind === 'metrics') {
        for (const rm of decodeOtlp('metrics', message.value).resourceMetrics ?? []) {
          const resource = attributesToRecord(rm.resource?.attributes);
          for (const sm of rm.scopeMetrics ?? [])
            for (const metric of sm.metrics ?? []) data.metrics.push({ metric, resource });
        }
      }
    },
  });
  const timeoutMs = opts.timeoutMs ?? 20_000;
  try {
    await waitForValue(() => data, done, {
      what: `the awaited records on ${[...kindOf.keys()].join(', ')}`,
      timeoutMs,
      show: (d) =>
        `${d.spans.length} spans (${serverSpans(d).length} SERVER), ${d.metrics.length} metrics, events [${d.events.map((e) => e.name).join(', ')}]`,
    });
    const onTopics = await recordCount(admin, [...kindOf.keys()]);
    await waitForValue(
      () => consumed,
      (n) => n >= onTopics,
      { what: `the ${onTopics} records on ${[...kindOf.keys()].join(', ')} to be read`, timeoutMs },
    );
  } finally {
    await consumer.disconnect();
    await admin.disconnect();
  }
  return data;
}

/** Records on `topics` now: the sum over their partitions of end offset minus start offset. */
async function recordCount(admin: Admin, topics: string[]): Promise<number> {
  let n = 0;
  for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) n += Number(p.high) - Number(p.low);
  return n;
}

export interface WaitOptions<T> {
  /** what is awaited, for the failure message */
  what: string;
  /** default 20 s */
  timeoutMs?: number;
  /** default 100 ms */
  intervalMs?: number;
  /** how the last value is shown in the failure message (default String) */
  show?: (value: T) => string;
}

/**
 * Polls `probe` until `done(value)` holds and returns that value; at the deadline throws, saying what
 * was awaited and the last value seen. Tests wait on such a fact, never on a fixed sleep.
 */
export async function waitForValue<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  opts: WaitOptions<T>,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${opts.what}; last value seen: ${(opts.show ?? String)(value)}`,
      );
    await sleep(opts.intervalMs ?? 100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function serverSpans(d: TopicData): DecodedSpan[] {
  return d.spans.filter((s) => s.span.kind === 2);
}

/** A TCP proxy in front of the broker that can be opened late and closed, to fake an outage. */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async freePort(): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(client);
      this.sockets.add(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', end);
      upstream.on('error', end);
      client.on('close', end);
      upstream.on('close', end);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = undefined;
  }
}
