import type { ServiceMapEdge, ServiceMapNode } from '@podtrail/contracts/api';
import { describe, expect, it } from 'vitest';
import {
  EDGE_LABEL_WIDTH,
  edgeColour,
  edgeKey,
  edgeLabel,
  edgeLink,
  formatRate,
  layoutGraph,
  layoutInput,
  layoutKey,
  NAME_MAX_CHARS,
  NODE_HEIGHT,
  nodeClass,
  nodeLink,
  nodeName,
  nodeStats,
  nodeWidth,
} from './service-map.js';

const svc = (name: string, o: Partial<ServiceMapNode> = {}): ServiceMapNode => ({
  id: `svc:${name}`,
  kind: 'service',
  name,
  requests: 100,
  errors: 0,
  p95Ms: 50,
  apdexClass: 'satisfying',
  ...o,
});
const edge = (source: string, target: string, calls = 10, errors = 0): ServiceMapEdge => ({
  source,
  target,
  kind: 'http',
  calls,
  errors,
  ratePerSec: calls / 60,
  errorRate: calls ? errors / calls : 0,
  p95Ms: 12,
});
const pg: ServiceMapNode = {
  id: 'db:postgresql:pg-main',
  kind: 'database',
  name: 'pg-main',
  dbSystem: 'postgresql',
  requests: 30,
  errors: 1,
  p95Ms: 4,
  apdexClass: 'none',
};
const ext: ServiceMapNode = {
  id: 'ext:payments.example.com:443',
  kind: 'external',
  name: 'payments.example.com:443',
  requests: 5,
  errors: 0,
  p95Ms: 90,
  apdexClass: 'none',
};

describe('service map labels', () => {
  it('formats rates per second, minute or hour, whichever reads best', () => {
    expect(formatRate(250)).toBe('250/s');
    expect(formatRate(0.2)).toBe('0.2/s');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(20 / 900)).toBe('1.3/min');
    expect(formatRate(1 / 900)).toBe('4.0/h');
  });

  it('labels an edge with rate, error rate and p95', () => {
    expect(edgeLabel({ ratePerSec: 0.2, errorRate: 2 / 12, p95Ms: 129.5 })).toBe('0.2/s · 16.7% err · p95 130ms');
    expect(edgeLabel({ ratePerSec: 250, errorRate: 0, p95Ms: 1530 })).toBe('250/s · 0.0% err · p95 1.53s');
    expect(edgeLabel({ ratePerSec: 0.05, errorRate: 1, p95Ms: 3 })).toBe('3.0/min · 100.0% err · p95 3.0ms');
  });

  it('labels a node with what it received', () => {
    expect(nodeStats({ requests: 12, errors: 3, p95Ms: 40 }, 60)).toBe('0.2/s · 25.0% err · p95 40ms');
    expect(nodeStats({ requests: 0, errors: 0, p95Ms: null }, 60)).toBe('no requests');
  });

  it('names databases with their system and cuts long names', () => {
    expect(nodeName(pg)).toBe('pg-main · postgresql');
    expect(nodeName(svc('cart'))).toBe('cart');
    const long = nodeName(svc('x'.repeat(60)));
    expect(long).toHaveLength(NAME_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(nodeWidth(svc('a'))).toBe(190);
    expect(nodeWidth(svc('x'.repeat(60)))).toBe(Math.min(240, Math.ceil(NAME_MAX_CHARS * 7.2) + 28));
  });

  it('classes nodes: services by Apdex, idle without transactions, databases and hosts apart', () => {
    expect(nodeClass(svc('a', { apdexClass: 'frustrating' }))).toBe('frustrating');
    expect(nodeClass(svc('a', { apdexClass: 'none' }))).toBe('idle');
    expect(nodeClass(pg)).toBe('database');
    expect(nodeClass(ext)).toBe('external');
  });

  it('colours edges by error rate', () => {
    expect(edgeColour({ errorRate: 0 })).toBe('var(--muted)');
    expect(edgeColour({ errorRate: 0.01 })).toBe('var(--orange)');
    expect(edgeColour({ errorRate: 0.05 })).toBe('var(--red)');
  });
});

describe('service map links to the T-Map', () => {
  const rel = { rel: '15m', from: 1, to: 2 };
  const abs = { rel: null, from: 1000, to: 5000, namespace: 'shop' };
  const edges = [
    edge('svc:frontend', 'svc:cart', 12),
    edge('svc:cart', pg.id, 30),
    edge('svc:orders', pg.id, 3),
    edge('svc:frontend', ext.id, 5),
  ];

  it('opens a service with the same window', () => {
    expect(nodeLink(svc('cart'), edges, rel)).toEqual({ service: 'cart', namespace: undefined, range: '15m' });
    expect(nodeLink(svc('cart'), edges, abs)).toEqual({ service: 'cart', namespace: 'shop', from: 1000, to: 5000 });
  });

  it('opens the busiest caller of a database or an external host', () => {
    expect(nodeLink(pg, edges, rel)).toMatchObject({ service: 'cart' });
    expect(nodeLink(ext, edges, rel)).toMatchObject({ service: 'frontend' });
    expect(nodeLink(pg, [], rel)).toBeNull();
  });

  it('opens the called service of an edge, else its caller', () => {
    expect(edgeLink(edges[0]!, rel)).toMatchObject({ service: 'cart' });
    expect(edgeLink(edges[1]!, rel)).toMatchObject({ service: 'cart' });
    expect(edgeLink(edges[3]!, rel)).toMatchObject({ service: 'frontend' });
  });
});

describe('service map layout', () => {
  it('builds a stable input: sorted, sized, edges between known nodes only', () => {
    const map = {
      nodes: [svc('frontend'), pg, svc('cart')],
      edges: [edge('svc:frontend', 'svc:cart', 999), edge('svc:cart', pg.id, 9), edge('svc:cart', 'svc:gone')],
    };
    const input = layoutInput(map);
    expect(input.nodes.map((n) => n.id)).toEqual(['db:postgresql:pg-main', 'svc:cart', 'svc:frontend']);
    expect(input.nodes.every((n) => n.height === NODE_HEIGHT)).toBe(true);
    expect(input.edges).toEqual([
      { source: 'svc:cart', target: pg.id, weight: 2 },
      { source: 'svc:frontend', target: 'svc:cart', weight: 4 },
    ]);
    // new figures, same shape: same key; a new edge: a new key
    const again = layoutInput({ ...map, edges: [edge('svc:frontend', 'svc:cart', 1), edge('svc:cart', pg.id, 1)] });
    expect(layoutKey(again)).toBe(layoutKey(input));
    const more = layoutInput({ ...map, edges: [...map.edges, edge('svc:frontend', pg.id)] });
    expect(layoutKey(more)).not.toBe(layoutKey(input));
  });

  it('lays callers left of callees, without overlapping nodes, at 50 services', () => {
    const nodes: ServiceMapNode[] = [];
    const edges: ServiceMapEdge[] = [];
    nodes.push(svc('gateway'));
    for (let i = 0; i < 49; i++) {
      nodes.push(svc(`service-${String(i).padStart(2, '0')}`));
      // a tree of calls: gateway -> 0..6 -> the rest, plus a database under every fifth
      const parent = i < 7 ? 'svc:gateway' : `svc:service-${String(i % 7).padStart(2, '0')}`;
      edges.push(edge(parent, `svc:service-${String(i).padStart(2, '0')}`));
      if (i % 5 === 0) edges.push(edge(`svc:service-${String(i).padStart(2, '0')}`, pg.id));
    }
    nodes.push(pg);
    const g = layoutGraph(layoutInput({ nodes, edges }));
    expect(g.nodes.size).toBe(51);
    expect(g.edges.size).toBe(edges.length);
    const at = (id: string) => g.nodes.get(id)!;
    for (const e of edges) expect(at(e.source).x).toBeLessThan(at(e.target).x);
    const boxes = [...g.nodes.values()];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const apart =
          Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart).toBe(true);
      }
    // edge labels are boxes of the layout: none sits on a node
    for (const geo of g.edges.values()) {
      expect(geo.points.length).toBeGreaterThanOrEqual(2);
      for (const n of boxes) {
        const overlapX = Math.abs(geo.label.x - n.x) < (EDGE_LABEL_WIDTH + n.width) / 2;
        const overlapY = Math.abs(geo.label.y - n.y) < (14 + n.height) / 2;
        expect(overlapX && overlapY).toBe(false);
      }
    }
    expect(g.width).toBeGreaterThan(0);
    expect(g.height).toBeGreaterThan(0);
    expect(edgeKey(edges[0]!)).toBe('svc:gateway>svc:service-00');
  });

  it('draws a service calling itself as a loop above it', () => {
    const g = layoutGraph(layoutInput({ nodes: [svc('a')], edges: [edge('svc:a', 'svc:a')] }));
    const geo = g.edges.get('svc:a>svc:a')!;
    expect(geo.points).toHaveLength(4);
    expect(geo.label.y).toBeLessThan(g.nodes.get('svc:a')!.y - NODE_HEIGHT / 2);
  });
});
