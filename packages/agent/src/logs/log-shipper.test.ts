import { context, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { attributesToRecord, decodeOtlp } from '@podtrail/contracts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogShippingConfig } from '../config.js';
import type { OutboundMessage } from '../transport/bounded-buffer.js';
import type { Transport, TransportStats } from '../transport/transport.js';
import { LogShipper } from './log-shipper.js';

class FakeTransport implements Transport {
  readonly sent: OutboundMessage[] = [];
  enqueue(msg: OutboundMessage): void {
    this.sent.push(msg);
  }
  async flush(): Promise<boolean> {
    return true;
  }
  async shutdown(): Promise<void> {}
  stats(): TransportStats {
    throw new Error('not used');
  }
  onRecovered(): void {}
  records() {
    return this.sent.flatMap((m) =>
      (decodeOtlp('logs', m.value).resourceLogs ?? []).flatMap((rl) =>
        (rl.scopeLogs ?? []).flatMap((sl) =>
          (sl.logRecords ?? []).map((lr) => ({
            body: lr.body?.stringValue,
            severityNumber: lr.severityNumber,
            severityText: lr.severityText,
            traceId: lr.traceId && lr.traceId.length > 0 ? Buffer.from(lr.traceId).toString('hex') : undefined,
            spanId: lr.spanId && lr.spanId.length > 0 ? Buffer.from(lr.spanId).toString('hex') : undefined,
            attributes: attributesToRecord(lr.attributes),
            resource: attributesToRecord(rl.resource?.attributes),
            scope: sl.scope?.name,
            timeNs: BigInt(String(lr.timeUnixNano)),
          })),
        ),
      ),
    );
  }
}

const config = (over: Partial<LogShippingConfig> = {}): LogShippingConfig => ({
  enabled: true,
  flushMs: 1000,
  maxLinesPerSec: 1000,
  maxBytesPerSec: 1024 * 1024,
  maxLineBytes: 1024,
  ...over,
});

function shipper(transport: FakeTransport, over: Partial<LogShippingConfig> = {}): LogShipper {
  return new LogShipper({
    config: config(over),
    transport,
    resource: resourceFromAttributes({ 'k8s.pod.name': 'pod-a', 'service.instance.id': 'inst-1' }),
    scope: { name: '@podtrail/agent/logs', version: '0.1.0' },
  });
}

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
});
afterAll(() => context.disable());
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00.100Z'));
});
afterEach(() => vi.useRealTimers());

describe('LogShipper', () => {
  it('sends a batch flushMs after its first line, not before, as OTLP records with resource and severity', () => {
    const t = new FakeTransport();
    const s = shipper(t);
    s.add('first', 1, 0, -1);
    vi.advanceTimersByTime(400);
    s.add('{"level":50,"msg":"pino error"}', 1, 0, -1);
    s.add('to stderr', 2, 0, -1);
    s.add('console.debug line', 1, 5, -1);
    vi.advanceTimersByTime(599);
    expect(t.sent).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]).toMatchObject({ signal: 'logs', items: 4 });
    const recs = t.records();
    expect(recs.map((r) => [r.body, r.severityNumber, r.severityText])).toEqual([
      ['first', 9, 'INFO'],
      ['{"level":50,"msg":"pino error"}', 17, 'ERROR'],
      ['to stderr', 13, 'WARN'],
      ['console.debug line', 5, 'DEBUG'],
    ]);
    expect(recs[0]!.resource).toMatchObject({ 'k8s.pod.name': 'pod-a', 'service.instance.id': 'inst-1' });
    expect(recs[0]!.scope).toBe('@podtrail/agent/logs');
    expect(recs[2]!.attributes).toEqual({ 'log.iostream': 'stderr' });
    expect(recs.every((r) => r.traceId === undefined)).toBe(true);
    // written order survives equal milliseconds
    expect(recs[2]!.timeNs).toBeGreaterThan(recs[1]!.timeNs);
    // nothing pending: no more sends
    vi.advanceTimersByTime(5000);
    expect(t.sent).toHaveLength(1);
  });

  it('the timer restarts with the next line after a flush', () => {
    const t = new FakeTransport();
    const s = shipper(t, { flushMs: 200 });
    s.add('a', 1, 0, -1);
    vi.advanceTimersByTime(200);
    vi.advanceTimersByTime(1000);
    s.add('b', 1, 0, -1);
    vi.advanceTimersByTime(199);
    expect(t.sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.records().map((r) => r.body)).toEqual(['a', 'b']);
  });

  it('a full batch is sent on the next tick (never on the write path), in requests of at most 2000 lines', () => {
    const t = new FakeTransport();
    const s = shipper(t, { maxLinesPerSec: 10_000 });
    for (let i = 0; i < 4500; i++) s.add(`line ${i}`, 1, 0, -1);
    expect(t.sent).toHaveLength(0);
    vi.advanceTimersToNextTimer(); // the setImmediate armed when the first batch filled
    expect(t.sent.map((m) => m.items)).toEqual([2000, 2000, 500]);
    expect(t.records().map((r) => r.body)).toEqual(Array.from({ length: 4500 }, (_, i) => `line ${i}`));
  });

  it('carries the trace and span id of the span active when the line was written', () => {
    const t = new FakeTransport();
    const s = shipper(t);
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    context.with(trace.setSpanContext(context.active(), spanContext), () => s.add('inside', 1, 0, -1));
    s.add('outside', 1, 0, -1);
    s.flush();
    const [inside, outside] = t.records();
    expect(inside).toMatchObject({ body: 'inside', traceId: spanContext.traceId, spanId: spanContext.spanId });
    expect(outside).toMatchObject({ body: 'outside', traceId: undefined, spanId: undefined });
  });

  it('drops lines over the budget and counts them; marks cut lines with their original length', () => {
    const t = new FakeTransport();
    const s = shipper(t, { maxLinesPerSec: 3 });
    s.add('x'.repeat(1024), 1, 0, 5000);
    for (let i = 0; i < 9; i++) s.add(`l${i}`, 1, 0, -1);
    vi.setSystemTime(new Date('2026-01-01T00:00:01.000Z'));
    s.add('next second', 1, 0, -1);
    s.flush();
    expect(t.records().map((r) => r.body?.slice(0, 12))).toEqual(['x'.repeat(12), 'l0', 'l1', 'next second']);
    expect(t.records()[0]!.attributes).toEqual({
      'log.iostream': 'stdout',
      'podtrail.log.truncated': 'true',
      'podtrail.log.original_bytes': '5000',
    });
    expect(s.stats()).toEqual({ accepted: 4, droppedByBudget: 7, truncated: 1, unsent: 0 });
  });

  it('takes nothing after close', () => {
    const t = new FakeTransport();
    const s = shipper(t);
    s.add('before', 1, 0, -1);
    s.close();
    s.add('after', 1, 0, -1);
    vi.advanceTimersByTime(5000);
    expect(t.records().map((r) => r.body)).toEqual(['before']);
  });
});
