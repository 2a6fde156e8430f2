import { Graph, layout } from '@dagrejs/dagre';
import type { ServiceMapEdge, ServiceMapNode, ServiceMapResponse } from '@podtrail/contracts/api';
import { type BoardApdexClass, boardApdexClass } from './apdex.js';
import { formatMs, formatPercent, formatTps } from './format.js';

/**
 * The service map's pure parts: what the layout gets (sizes and edges), the labels, and where a
 * click leads. Sizes depend on names only and edge labels get one fixed box, so a refresh with new
 * figures keeps every node where it was; only a new node or edge moves things.
 */

export const NODE_HEIGHT = 44;
/** wide enough for the second line at its longest (`999/min · 100.0% err · p95 1.53s`, 10px) */
const NODE_MIN_WIDTH = 190;
const NODE_MAX_WIDTH = 240;
/** average advance of a 12px sans-serif character, with room to spare */
const CHAR_PX = 7.2;
export const EDGE_LABEL_WIDTH = 168;
export const EDGE_LABEL_HEIGHT = 14;
/** longest name drawn in full; longer ones are cut with an ellipsis */
export const NAME_MAX_CHARS = 30;

export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
  /** heavier edges are kept short and straight */
  weight: number;
}

export interface LayoutInput {
  nodes: LayoutNodeInput[];
  edges: LayoutEdgeInput[];
}

type NamePart = Pick<ServiceMapNode, 'name' | 'kind' | 'dbSystem'>;

/** The first line of a node: its name (a database's with its system), cut to NAME_MAX_CHARS. */
export function nodeName(n: NamePart): string {
  const full = n.kind === 'database' && n.dbSystem ? `${n.name} · ${n.dbSystem}` : n.name;
  return full.length > NAME_MAX_CHARS ? `${full.slice(0, NAME_MAX_CHARS - 1)}…` : full;
}

export function nodeWidth(n: NamePart): number {
  const text = Math.ceil(nodeName(n).length * CHAR_PX) + 28;
  return Math.min(NODE_MAX_WIDTH, Math.max(NODE_MIN_WIDTH, text));
}

/** The layout's input, in a stable order (ids sorted) so that the same graph lays out the same. */
export function layoutInput(map: Pick<ServiceMapResponse, 'nodes' | 'edges'>): LayoutInput {
  const ids = new Set(map.nodes.map((n) => n.id));
  return {
    nodes: [...map.nodes]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((n) => ({ id: n.id, width: nodeWidth(n), height: NODE_HEIGHT })),
    edges: map.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target))
      .map((e) => ({ source: e.source, target: e.target, weight: 1 + Math.round(Math.log10(1 + e.calls)) })),
  };
}

/** Changes only when the layout would: node names and the edges' ends. */
export function layoutKey(input: LayoutInput): string {
  return JSON.stringify([input.nodes.map((n) => [n.id, n.width]), input.edges.map((e) => [e.source, e.target])]);
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutGraph {
  width: number;
  height: number;
  /** node centres */
  nodes: Map<string, Point & { width: number; height: number }>;
  /** by `source>target`: the edge's path and the centre of its label */
  edges: Map<string, { points: Point[]; label: Point }>;
}

export const edgeKey = (e: Pick<ServiceMapEdge, 'source' | 'target'>) => `${e.source}>${e.target}`;

/**
 * A layered layout (dagre, left to right: callers before callees). Edge labels are laid out as
 * boxes of their own, so they do not sit on nodes or on each other.
 */
export function layoutGraph(input: LayoutInput): LaidOutGraph {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 22, edgesep: 12, ranksep: 90, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) {
    if (e.source === e.target) continue; // a service calling itself: drawn as a loop by the page
    g.setEdge(e.source, e.target, {
      width: EDGE_LABEL_WIDTH,
      height: EDGE_LABEL_HEIGHT,
      labelpos: 'c',
      weight: e.weight,
      minlen: 1,
    });
  }
  layout(g);
  const graph = g.graph() as { width?: number; height?: number };
  const nodes: LaidOutGraph['nodes'] = new Map();
  for (const n of input.nodes) {
    const v = g.node(n.id) as { x: number; y: number; width: number; height: number };
    nodes.set(n.id, { x: v.x, y: v.y, width: n.width, height: n.height });
  }
  const edges: LaidOutGraph['edges'] = new Map();
  for (const e of input.edges) {
    const from = nodes.get(e.source);
    if (!from) continue;
    if (e.source === e.target) {
      const top = from.y - from.height / 2;
      const x = from.x + from.width / 2 - 14;
      edges.set(edgeKey(e), {
        points: [
          { x: x - 14, y: top },
          { x: x - 14, y: top - 18 },
          { x: x + 8, y: top - 18 },
          { x: x + 8, y: top },
        ],
        label: { x, y: top - 26 },
      });
      continue;
    }
    const label = g.edge(e.source, e.target) as { points?: Point[]; x?: number; y?: number };
    const points = label.points ?? [];
    edges.set(edgeKey(e), { points, label: { x: label.x ?? points[0]?.x ?? 0, y: label.y ?? points[0]?.y ?? 0 } });
  }
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges };
}

/** A call rate: per second from 0.1/s, else per minute, else per hour (`2.5/s`, `1.3/min`, `4.0/h`). */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '–';
  if (perSec === 0 || perSec >= 0.1) return formatTps(perSec, '/s');
  const perMin = perSec * 60;
  if (perMin >= 0.1) return `${perMin.toFixed(1)}/min`;
  return `${(perMin * 60).toFixed(1)}/h`;
}

/** `1.2/s · 3.4% err · p95 120ms` */
export function edgeLabel(e: Pick<ServiceMapEdge, 'ratePerSec' | 'errorRate' | 'p95Ms'>): string {
  return `${formatRate(e.ratePerSec)} · ${formatPercent(e.errorRate)} err · p95 ${formatMs(e.p95Ms)}`;
}

/** The second line of a node: rate, errors and p95 of what it received. */
export function nodeStats(n: Pick<ServiceMapNode, 'requests' | 'errors' | 'p95Ms'>, windowSeconds: number): string {
  if (n.requests === 0) return 'no requests';
  const rate = formatRate(windowSeconds > 0 ? n.requests / windowSeconds : 0);
  return `${rate} · ${formatPercent(n.errors / n.requests)} err · p95 ${formatMs(n.p95Ms)}`;
}

export function nodeClass(n: Pick<ServiceMapNode, 'kind' | 'apdexClass'>): BoardApdexClass | 'database' | 'external' {
  if (n.kind === 'database') return 'database';
  if (n.kind === 'external') return 'external';
  return boardApdexClass(n.apdexClass);
}

/** Node fill and stroke by class: the board's Apdex colours (styles.css), grey for the rest. */
export const NODE_COLOURS: Record<ReturnType<typeof nodeClass>, { stroke: string; fill: string }> = {
  satisfying: { stroke: 'var(--green)', fill: 'var(--green-bg)' },
  tolerating: { stroke: 'var(--orange)', fill: 'var(--orange-bg)' },
  frustrating: { stroke: 'var(--red)', fill: 'var(--red-bg)' },
  idle: { stroke: '#3b4450', fill: 'var(--panel)' },
  database: { stroke: 'var(--blue)', fill: 'var(--panel)' },
  external: { stroke: 'var(--muted)', fill: 'var(--panel)' },
};

/** Edge colour: red from 5% errors, orange with any, grey without. */
export function edgeColour(e: Pick<ServiceMapEdge, 'errorRate'>): string {
  if (e.errorRate >= 0.05) return 'var(--red)';
  if (e.errorRate > 0) return 'var(--orange)';
  return 'var(--muted)';
}

/** The window of the map as T-Map URL parameters: the same relative range, or the same from/to. */
export interface MapWindow {
  rel: string | null;
  from: number;
  to: number;
  namespace?: string | undefined;
}

/** Query parameters of the T-Map route (`#/tmap?...`, pages/tmap.tsx). */
export type TmapParams = Record<string, string | number | undefined>;

function tmapParams(service: string, w: MapWindow): TmapParams {
  return {
    service,
    namespace: w.namespace,
    ...(w.rel ? { range: w.rel } : { from: w.from, to: w.to }),
  };
}

const serviceOf = (id: string) => (id.startsWith('svc:') ? id.slice(4) : null);

/**
 * Where a click on a node leads: a service's T-Map; for a database or an external host, the T-Map
 * of its busiest caller (the transactions that made those calls). Null when nobody called it.
 */
export function nodeLink(
  node: Pick<ServiceMapNode, 'id' | 'kind' | 'name'>,
  edges: readonly Pick<ServiceMapEdge, 'source' | 'target' | 'calls'>[],
  w: MapWindow,
): TmapParams | null {
  if (node.kind === 'service') return tmapParams(node.name, w);
  let best: (typeof edges)[number] | null = null;
  for (const e of edges) if (e.target === node.id && (!best || e.calls > best.calls)) best = e;
  const caller = best ? serviceOf(best.source) : null;
  return caller ? tmapParams(caller, w) : null;
}

/** Where a click on an edge leads: the T-Map of the called service, else of the caller. */
export function edgeLink(e: Pick<ServiceMapEdge, 'source' | 'target'>, w: MapWindow): TmapParams | null {
  const service = serviceOf(e.target) ?? serviceOf(e.source);
  return service ? tmapParams(service, w) : null;
}

/** SVG path through dagre's edge points (straight segments, rounded joins). */
export function edgePath(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}
