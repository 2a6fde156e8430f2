import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './client-message.js';

const parse = (m: unknown) => parseClientMessage(typeof m === 'string' ? m : JSON.stringify(m));

describe('parseClientMessage', () => {
  it('accepts a ping and a subscribe, dropping nulls', () => {
    expect(parse({ type: 'ping' })).toEqual({ type: 'ping' });
    expect(parse({ type: 'subscribe' })).toEqual({ type: 'subscribe', subscription: {} });
    expect(
      parse({
        type: 'subscribe',
        filter: { service: 'cart', namespace: null, pod: 'cart-1', unknown: 1 },
        since: 42,
        hubId: 'a1b2',
        sinceTs: 1_700_000_000,
      }),
    ).toEqual({
      type: 'subscribe',
      subscription: { filter: { service: 'cart', pod: 'cart-1' }, since: 42, hubId: 'a1b2', sinceTs: 1_700_000_000 },
    });
    expect(parse({ type: 'subscribe', filter: null, since: null, hubId: null, sinceTs: null })).toEqual({
      type: 'subscribe',
      subscription: {},
    });
  });

  it('names the offending field', () => {
    const field = (m: unknown) => {
      const r = parse(m);
      return 'error' in r ? r.field : 'accepted';
    };
    expect(field({ type: 'subscribe', filter: { pod: '' } })).toBe('filter.pod');
    expect(field({ type: 'subscribe', filter: { service: 'a'.repeat(257) } })).toBe('filter.service');
    expect(field({ type: 'subscribe', filter: { workload: 'x\u0007y' } })).toBe('filter.workload');
    expect(field({ type: 'subscribe', filter: { namespace: 5 } })).toBe('filter.namespace');
    expect(field({ type: 'subscribe', filter: 'cart' })).toBe('filter');
    expect(field({ type: 'subscribe', since: -1 })).toBe('since');
    expect(field({ type: 'subscribe', since: 1.5 })).toBe('since');
    expect(field({ type: 'subscribe', sinceTs: 2 ** 53 })).toBe('sinceTs');
    expect(field({ type: 'subscribe', hubId: 'XYZ' })).toBe('hubId');
    expect(field({ type: 'hello' })).toBe('type');
    expect(field({})).toBe('type');
  });

  it('says what is wrong in the message', () => {
    expect(parse({ type: 'subscribe', since: -1 })).toEqual({
      error: 'since: Expected integer to be greater or equal to 0',
      field: 'since',
    });
    expect(parse({ type: 'nope' })).toEqual({ error: 'type must be subscribe or ping', field: 'type' });
    expect(parse('{not json')).toEqual({ error: 'not JSON' });
    expect(parse('[1]')).toEqual({ error: 'not an object' });
    expect(parse('null')).toEqual({ error: 'not an object' });
  });
});
