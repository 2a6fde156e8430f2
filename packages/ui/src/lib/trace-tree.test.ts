import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../api/types.js';
import { layoutTrace } from './trace-tree.js';

const span = (spanId: string, parentSpanId: string, startTime: number, durationMs: number, serviceName = 'a'): SpanRow => ({
  traceId: 't',
  spanId,
  parentSpanId,
  name: spanId,
  kind: 'Server',
  startTime,
  durationMs,
  serviceName,
  podName: 'p',
  statusCode: 'Unset',
  statusMessage: '',
  attributes: {},
  events: [],
});

describe('layoutTrace', () => {
  it('orders spans depth-first by start time and measures the trace', () => {
    const l = layoutTrace([
      span('c2', 'b', 1_700_000_000_030, 5, 'b'),
      span('b', 'root', 1_700_000_000_010, 40),
      span('root', '0000000000000000', 1_700_000_000_000, 100),
      span('c1', 'b', 1_700_000_000_012, 10, 'b'),
      span('orphan', 'missing', 1_700_000_000_050, 60, 'c'),
    ]);
    expect(l.rows.map((r) => `${r.span.spanId}@${r.depth}`)).toEqual(['root@0', 'b@1', 'c1@2', 'c2@2', 'orphan@0']);
    expect(l.startMs).toBe(1_700_000_000_000);
    expect(l.durationMs).toBe(110);
    expect(l.rows[2]!.offsetMs).toBe(12);
    expect(l.services).toEqual(['a', 'b', 'c']);
  });
});
