import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../api/types.js';
import { layoutTrace, spanStartMs } from './trace-tree.js';

const T0 = 1_700_000_000_000;
const span = (
  spanId: string,
  parentSpanId: string,
  offsetMs: number,
  durationMs: number,
  serviceName = 'a',
): SpanRow => ({
  traceId: 't',
  spanId,
  parentSpanId,
  name: spanId,
  kind: 'Server',
  isTransaction: parentSpanId === '',
  startTime: new Date(T0 + offsetMs).toISOString(),
  startTimeUnixNano: `${BigInt(T0) * 1_000_000n + BigInt(Math.round(offsetMs * 1e6))}`,
  durationMs,
  serviceName,
  namespace: 'default',
  workload: 'w',
  podName: 'p',
  instanceId: 'i',
  statusCode: 'Unset',
  statusMessage: '',
  httpMethod: '',
  httpRoute: '',
  httpStatusCode: 0,
  attributes: {},
  resourceAttributes: {},
  events: [],
});

describe('layoutTrace', () => {
  it('orders spans depth-first by start time and measures the trace', () => {
    const l = layoutTrace([
      span('c2', 'b', 30, 5, 'b'),
      span('b', 'root', 10, 40),
      span('root', '', 0, 100),
      span('c1', 'b', 12.25, 10, 'b'),
      span('orphan', 'missing', 50, 60, 'c'),
    ]);
    expect(l.rows.map((r) => `${r.span.spanId}@${r.depth}`)).toEqual(['root@0', 'b@1', 'c1@2', 'c2@2', 'orphan@0']);
    expect(l.startMs).toBe(T0);
    expect(l.durationMs).toBe(110);
    expect(l.rows[2]!.offsetMs).toBeCloseTo(12.25, 6);
    expect(l.services).toEqual(['a', 'b', 'c']);
  });
  it('reads sub-millisecond start times from the nanosecond field', () => {
    expect(spanStartMs(span('x', '', 0.125, 1))).toBeCloseTo(T0 + 0.125, 6);
    expect(spanStartMs({ ...span('x', '', 3, 1), startTimeUnixNano: '' })).toBe(T0 + 3);
  });
});
