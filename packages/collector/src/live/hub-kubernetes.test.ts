import type { KubernetesChange, LiveServerMessage } from '@podtrail/contracts/api';
import { describe, expect, it } from 'vitest';
import { hubOnClock } from '../testing/live-hub-harness.js';
import type { LiveHub } from './hub.js';

const event: KubernetesChange = {
  kind: 'event',
  ts: '2026-12-06T10:00:00.000Z',
  namespace: 'shop',
  workload: 'cart',
  podName: 'cart-7d9f-abcde',
  podUid: 'uid-1',
  event: {
    ts: '2026-12-06T10:00:00.000Z',
    namespace: 'shop',
    involvedKind: 'Pod',
    involvedName: 'cart-7d9f-abcde',
    workload: 'cart',
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container app',
    count: 3,
    source: 'kubelet',
  },
};
const scaled: KubernetesChange = {
  kind: 'replicas',
  ts: '2026-12-06T10:00:01.000Z',
  namespace: 'shop',
  workload: 'cart',
  podName: '',
  podUid: '',
  replicas: {
    ts: '2026-12-06T10:00:01.000Z',
    kind: 'Deployment',
    replicas: 7,
    fromReplicas: 5,
    readyReplicas: 5,
    updatedReplicas: 7,
    availableReplicas: 5,
    cause: 'HPA cart: scaled up to 7: cpu 93% above target 60%',
  },
};

function client(hub: LiveHub, filter?: Record<string, string>) {
  const got: LiveServerMessage[] = [];
  hub.subscribe({ canSend: () => true, send: (m) => got.push(m) }, filter ? { filter } : {});
  return () => got.filter((m) => m.type === 'kubernetes').map((m) => (m.type === 'kubernetes' ? m.change : null));
}

describe('LiveHub cluster changes', () => {
  // the clock stands still: cluster changes are pushed as they come, not at a cycle
  const hub = () => hubOnClock({}, Date.parse('2026-12-06T10:00:02.000Z')).hub;

  it('pushes each change at once, filtered by namespace, workload and pod; a service filter excludes them', () => {
    const h = hub();
    const all = client(h);
    const pod = client(h, { pod: 'cart-7d9f-abcde' });
    const workload = client(h, { namespace: 'shop', workload: 'cart' });
    const otherNs = client(h, { namespace: 'billing' });
    const service = client(h, { service: 'cart' });
    h.publish({ kind: 'kubernetes', change: event });
    h.publish({ kind: 'kubernetes', change: scaled });
    expect(all()).toEqual([event, scaled]);
    expect(pod()).toEqual([event]);
    expect(workload()).toEqual([event, scaled]);
    expect(otherNs()).toEqual([]);
    expect(service()).toEqual([]);
    expect(h.getStats()).toMatchObject({ kubernetesIn: 2, badRecords: 0 });
  });

  it('replays them to a client of another hub by time, and refuses what breaks the contract', () => {
    const h = hub();
    h.publish({ kind: 'kubernetes', change: event });
    h.publish({ kind: 'kubernetes', change: scaled });
    const got: LiveServerMessage[] = [];
    h.subscribe(
      { canSend: () => true, send: (m) => got.push(m) },
      { hubId: 'abc', sinceTs: Date.parse(event.ts) / 1000 },
    );
    expect(got.flatMap((m) => (m.type === 'kubernetes' ? [m.change] : []))).toEqual([scaled]);

    const { replicas: _r, ...withoutPart } = scaled as Extract<KubernetesChange, { kind: 'replicas' }>;
    const bad: unknown[] = [
      { ...event, ts: 'yesterday' },
      { ...event, kind: 'exploded' },
      { ...event, event: { ...(event as Extract<KubernetesChange, { kind: 'event' }>).event, count: 'three' } },
      { ...event, kind: 'pod' }, // its part is not the kind's
      withoutPart,
    ];
    for (const change of bad) h.publish({ kind: 'kubernetes', change });
    expect(h.getStats()).toMatchObject({ kubernetesIn: 2, badRecords: 5 });
    // extra fields are not forwarded
    const c = client(h);
    h.publish({ kind: 'kubernetes', change: { ...event, extra: 1 } });
    expect(c()).toEqual([event]);
  });
});
