import { describe, expect, it } from 'vitest';
import { ProducerSession } from './producer-session.js';

describe('ProducerSession', () => {
  it('numbers records per partition from 0, each batch after the previous one', () => {
    const s = new ProducerSession();
    s.assign({ id: 5n, epoch: 0 });
    expect([s.take('spans', 0, 3), s.take('spans', 0, 2), s.take('spans', 1, 4), s.take('metrics', 0, 1)]).toEqual([
      0, 3, 0, 0,
    ]);
    expect(s.take('spans', 0, 1)).toBe(5);
  });

  it("wraps after int32's largest value, as Kafka does", () => {
    const s = new ProducerSession();
    s.assign({ id: 5n, epoch: 0 });
    s.take('t', 0, 2_147_483_645);
    expect(s.take('t', 0, 4)).toBe(2_147_483_645); // records ...645, ...646, ...647, 0
    expect(s.take('t', 0, 1)).toBe(1);
  });

  it('a new id starts every partition at 0 again and moves the generation on', () => {
    const s = new ProducerSession();
    s.assign({ id: 5n, epoch: 0 });
    s.take('t', 0, 10);
    const g = s.generation;
    s.reset();
    expect(s.id).toBeNull();
    expect(s.generation).toBeGreaterThan(g);
    s.assign({ id: 6n, epoch: 0 });
    expect(s.take('t', 0, 1)).toBe(0);
  });

  it('disabled: no id, and the reason is kept', () => {
    const s = new ProducerSession();
    s.assign({ id: 5n, epoch: 0 });
    s.disable('not authorized');
    expect([s.enabled, s.id, s.disabledReason]).toEqual([false, null, 'not authorized']);
  });
});
