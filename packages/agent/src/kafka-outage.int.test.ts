import { LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ensureBuilt,
  get,
  load,
  readTopics,
  serverSpans,
  sleep,
  startApp,
  TcpProxy,
  uniqueTopics,
} from './testing/harness.js';

const brokers = (): string => inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

beforeAll(() => ensureBuilt());

async function rssKb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

describe('agent with Kafka unreachable', () => {
  it('keeps serving with bounded memory, drops oldest, and reports the drops once Kafka is back', async () => {
    const topics = uniqueTopics('outage');
    const [host, port] = brokers().split(',')[0]!.split(':');
    // The agent bootstraps through this port; nothing listens there until the proxy opens.
    const proxy = new TcpProxy(await TcpProxy.freePort(), { host: host!, port: Number(port) });
    const app = await startApp('app.mjs', {
      KAFKA_BROKERS: `127.0.0.1:${proxy.port}`,
      PODTRAIL_SERVICE_NAME: 'agent-outage',
      POD_NAME: 'agent-outage-0',
      POD_UID: `uid-${topics.spans}`,
      PODTRAIL_TOPIC_SPANS: topics.spans,
      PODTRAIL_TOPIC_METRICS: topics.metrics,
      PODTRAIL_TOPIC_LIFECYCLE: topics.lifecycle,
      PODTRAIL_BATCH_DELAY_MS: '100',
      PODTRAIL_HEARTBEAT_MS: '500',
      PODTRAIL_BUFFER_MAX_BYTES: String(128 * 1024),
      // batches well below the buffer: a batch of 1024 spans (the default) can itself exceed 128 KiB
      // and be refused whole, and then whether any span survives the outage depends on timing
      PODTRAIL_BATCH_MAX_SPANS: '256',
    });
    try {
      await load(app.port, '/ok', 200); // warm up
      const rssBefore = await rssKb(app.child.pid!);
      const N = 6000;
      const statuses = await load(app.port, '/ok', N, 20);
      // never blocked: every request answered while Kafka was down all along (speed is bench/agent's job)
      expect(statuses.filter((s) => s === 200)).toHaveLength(N);
      await sleep(300);
      const rssAfter = await rssKb(app.child.pid!);
      // the buffer is 128 KiB; what grows beyond a few MB is a leak, not buffering
      expect(rssAfter - rssBefore).toBeLessThan(40 * 1024);

      // Kafka comes back: the agent reconnects on its own and says what it dropped.
      await proxy.open();
      // Heartbeats queued during the outage say connected=false; the one sent on reconnection says true.
      const recovered = (e: { name: string; attributes: Record<string, string> }) =>
        e.name === LIFECYCLE_EVENTS.heartbeat &&
        e.attributes['podtrail.transport.connected'] === 'true' &&
        Number(e.attributes[LIFECYCLE_ATTRS.droppedSpans]) > 0;
      // the buffered spans may land after the reconnection heartbeat: wait for both
      const data = await readTopics(brokers(), topics, (d) => d.events.some(recovered) && serverSpans(d).length > 0, {
        timeoutMs: 20_000,
      });
      const hb = data.events.find(recovered)!;
      expect(hb).toBeDefined();
      const dropped = Number(hb.attributes[LIFECYCLE_ATTRS.droppedSpans]);
      // the started event was kept (lifecycle events are dropped last) and arrives late
      expect(data.events.filter((e) => e.name === LIFECYCLE_EVENTS.started)).toHaveLength(1);
      // what was not dropped was delivered: the newest spans, and no more than were served
      const delivered = serverSpans(data).length;
      expect(delivered).toBeGreaterThan(0);
      expect(delivered + dropped).toBeLessThanOrEqual(N + 200);
      expect(dropped).toBeGreaterThan(N / 2);

      // and the app still works normally after the outage
      expect((await get(app.port, '/ok')).status).toBe(200);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
      await proxy.close();
    }
  }, 60_000);

  it('starts and serves even when Kafka never comes up, and still exits promptly on SIGTERM', async () => {
    const topics = uniqueTopics('never');
    const app = await startApp('app.mjs', {
      KAFKA_BROKERS: '127.0.0.1:1',
      PODTRAIL_SERVICE_NAME: 'agent-never',
      PODTRAIL_TOPIC_SPANS: topics.spans,
      PODTRAIL_TOPIC_METRICS: topics.metrics,
      PODTRAIL_TOPIC_LIFECYCLE: topics.lifecycle,
      PODTRAIL_FLUSH_DEADLINE_MS: '1000',
    });
    expect((await load(app.port, '/ok', 50)).every((s) => s === 200)).toBe(true);
    const t0 = Date.now();
    app.child.kill('SIGTERM');
    expect((await app.exited).signal).toBe('SIGTERM');
    // A deadline, not a speed: with the flush deadline at 1 s the process must be gone well before
    // Kubernetes' 30 s grace period ends, even though Kafka never answered.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(app.stderr.join('\n')).not.toContain('KafkaJS');
  }, 30_000);
});
