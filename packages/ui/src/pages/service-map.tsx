import type { ServiceMapEdge, ServiceMapNode, ServiceMapResponse } from '@podtrail/contracts/api';
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { timeMs } from '../api/types.js';
import { Empty, Panel, StaleNote } from '../components/panel.js';
import { RangePicker } from '../components/range-picker.js';
import { APDEX_LABEL } from '../lib/apdex.js';
import { formatCount, formatDateTime, formatPercent } from '../lib/format.js';
import { href, setParams, useLive, usePoll, useRoute, useSize } from '../lib/hooks.js';
import {
  EDGE_LABEL_HEIGHT,
  EDGE_LABEL_WIDTH,
  edgeColour,
  edgeKey,
  edgeLabel,
  edgeLink,
  edgePath,
  type LaidOutGraph,
  layoutGraph,
  layoutInput,
  layoutKey,
  type MapWindow,
  NODE_COLOURS,
  nodeClass,
  nodeLink,
  nodeName,
  nodeStats,
  type TmapParams,
} from '../lib/service-map.js';
import { parseDuration, rangeFromParams } from '../lib/time-range.js';

/** Refresh period of a relative window: a few seconds up to an hour, a minute beyond. */
function refreshMs(rel: string | null): number | null {
  const ms = rel ? parseDuration(rel) : null;
  if (ms === null) return null;
  return ms <= 3_600_000 ? 5_000 : 60_000;
}

const KIND_LABEL: Record<ServiceMapNode['kind'], string> = {
  service: 'service',
  database: 'database',
  external: 'external',
};

/**
 * The service map: services, databases and external hosts as nodes, calls as edges (rate, error
 * rate, p95), services coloured by Apdex. A click opens the T-Map of the service concerned for the
 * same window. Live: a relative window refreshes every few seconds.
 */
export function ServiceMapPage() {
  const { params } = useRoute();
  const live = useLive();
  const namespace = params.get('namespace') ?? undefined;
  const range = rangeFromParams(params, Date.now() + live.skewMs);
  const [fit, setFit] = useState(false);
  const key = `svcmap:${range.rel ?? `${range.from}-${range.to}`}:${namespace}`;
  const map = usePoll(
    key,
    (signal) => {
      const r = rangeFromParams(params, Date.now() + live.skewMs);
      return api.serviceMap({ from: r.from, to: r.to, namespace }, { signal });
    },
    refreshMs(range.rel),
  );
  const win: MapWindow = { rel: range.rel, from: range.from, to: range.to, namespace };
  const input = useMemo(() => (map.data ? layoutInput(map.data) : null), [map.data]);
  const shape = input ? layoutKey(input) : '';
  // the layout changes with the graph's shape only: a refresh with new figures keeps positions
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for `input`
  const graph = useMemo(() => (input ? layoutGraph(input) : null), [shape]);

  return (
    <div className="page service-map">
      <div className="toolbar">
        <h1>Service map</h1>
        <RangePicker value={range.rel} onChange={(rel) => setParams({ range: rel, from: null, to: null })} />
        {namespace && (
          <span className="chip">
            namespace {namespace}
            <button type="button" onClick={() => setParams({ namespace: null })}>
              ×
            </button>
          </span>
        )}
        <StaleNote error={map.error} updatedAt={map.updatedAt} />
        <span className="dim" data-testid="service-map-summary">
          {map.data ? summary(map.data) : ''}
        </span>
      </div>
      <Panel
        title={
          <>
            Calls between services <span className="dim">· click a service or a call for its transactions</span>
          </>
        }
        actions={
          <>
            <Legend />
            <button type="button" className="btn" onClick={() => setFit(!fit)} title="fit the whole map in the panel">
              {fit ? 'readable size' : 'fit all'}
            </button>
          </>
        }
      >
        {map.data && graph ? (
          map.data.nodes.length === 0 ? (
            <Empty>No calls in this window.</Empty>
          ) : (
            <MapSvg data={map.data} graph={graph} win={win} fit={fit} />
          )
        ) : map.error ? (
          <Empty>Could not load the service map: {map.error.message}</Empty>
        ) : (
          <Empty>loading…</Empty>
        )}
      </Panel>
    </div>
  );
}

function summary(m: ServiceMapResponse): string {
  const services = m.nodes.filter((n) => n.kind === 'service').length;
  const calls = m.edges.reduce((s, e) => s + e.calls, 0);
  const capped = m.capped ? ` · showing the ${m.nodes.length} busiest of ${m.totalNodes} nodes` : '';
  return `${services} services · ${m.nodes.length - services} other nodes · ${formatCount(calls)} calls · ${formatDateTime(timeMs(m.from))} – ${formatDateTime(timeMs(m.to))}${capped}`;
}

function Legend() {
  const items: [keyof typeof NODE_COLOURS, string][] = [
    ['satisfying', APDEX_LABEL.satisfying],
    ['tolerating', APDEX_LABEL.tolerating],
    ['frustrating', APDEX_LABEL.frustrating],
    ['idle', APDEX_LABEL.idle],
    ['database', 'Database'],
    ['external', 'External'],
  ];
  return (
    <span className="legend">
      {items.map(([k, label]) => (
        <span key={k}>
          <span className="dot" style={{ background: NODE_COLOURS[k].stroke }} />
          {label}
        </span>
      ))}
    </span>
  );
}

const linkOf = (p: TmapParams | null) => (p ? href('/tmap', p) : undefined);

/** Below this scale the labels get too small to read: draw at actual size and scroll instead. */
const MIN_FIT_SCALE = 0.7;

function MapSvg(props: { data: ServiceMapResponse; graph: LaidOutGraph; win: MapWindow; fit: boolean }) {
  const { data, graph, win, fit } = props;
  const [ref, size] = useSize<HTMLDivElement>();
  const pad = 30; // room for self-call loops above the top row
  const w = Math.ceil(graph.width);
  const h = Math.ceil(graph.height) + pad;
  // shrink a graph a little wider than the panel to fit; a much wider one scrolls (or `fit` forces it)
  const scale = size.width > 0 ? Math.min(1, size.width / w) : 1;
  const k = fit || scale >= MIN_FIT_SCALE ? scale : 1;
  return (
    <div ref={ref} className="service-map-canvas" style={{ overflowX: 'auto' }}>
      <svg
        role="img"
        aria-label="service map"
        data-testid="service-map"
        data-scale={k.toFixed(2)}
        viewBox={`0 ${-pad} ${w} ${h}`}
        width={Math.floor(w * k)}
        height={Math.floor(h * k)}
        style={{ display: 'block', fontFamily: 'var(--sans)' }}
      >
        <title>Service map</title>
        <defs>
          {(['var(--muted)', 'var(--orange)', 'var(--red)'] as const).map((c, i) => (
            <marker
              key={c}
              id={`svcmap-arrow-${i}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" style={{ fill: c }} />
            </marker>
          ))}
        </defs>
        {data.edges.map((e) => (
          <EdgeView key={edgeKey(e)} edge={e} graph={graph} win={win} />
        ))}
        {data.nodes.map((n) => (
          <NodeView key={n.id} node={n} data={data} graph={graph} win={win} />
        ))}
      </svg>
    </div>
  );
}

function EdgeView(props: { edge: ServiceMapEdge; graph: LaidOutGraph; win: MapWindow }) {
  const { edge, graph, win } = props;
  const geo = graph.edges.get(edgeKey(edge));
  if (!geo || geo.points.length < 2) return null;
  const colour = edgeColour(edge);
  const marker = colour === 'var(--red)' ? 2 : colour === 'var(--orange)' ? 1 : 0;
  const width = Math.min(4, 1 + Math.log10(1 + edge.calls) / 1.5);
  const label = edgeLabel(edge);
  const link = linkOf(edgeLink(edge, win));
  return (
    <a href={link} data-edge={edgeKey(edge)} className="svcmap-edge">
      <title>{`${edge.source} → ${edge.target} (${edge.kind}): ${formatCount(edge.calls)} calls, ${formatCount(edge.errors)} failed (${formatPercent(edge.errorRate)})`}</title>
      <path
        d={edgePath(geo.points)}
        style={{ fill: 'none', stroke: colour, strokeWidth: width, strokeLinejoin: 'round' }}
        markerEnd={`url(#svcmap-arrow-${marker})`}
      />
      <rect
        x={geo.label.x - EDGE_LABEL_WIDTH / 2}
        y={geo.label.y - EDGE_LABEL_HEIGHT / 2}
        width={EDGE_LABEL_WIDTH}
        height={EDGE_LABEL_HEIGHT}
        rx={3}
        style={{ fill: 'var(--bg)', opacity: 0.85 }}
      />
      <text
        x={geo.label.x}
        y={geo.label.y}
        textAnchor="middle"
        dominantBaseline="central"
        style={{ fill: colour === 'var(--muted)' ? 'var(--text)' : colour, fontSize: 10 }}
      >
        {label}
      </text>
    </a>
  );
}

function NodeView(props: { node: ServiceMapNode; data: ServiceMapResponse; graph: LaidOutGraph; win: MapWindow }) {
  const { node, data, graph, win } = props;
  const geo = graph.nodes.get(node.id);
  if (!geo) return null;
  const cls = nodeClass(node);
  const colours = NODE_COLOURS[cls];
  const x = geo.x - geo.width / 2;
  const y = geo.y - geo.height / 2;
  const link = linkOf(nodeLink(node, data.edges, win));
  const apdex =
    node.kind === 'service' && node.apdex?.score !== null && node.apdex?.score !== undefined
      ? ` · Apdex ${node.apdex.score.toFixed(2)} (T ${node.apdexThresholdMs}ms)`
      : '';
  return (
    <a href={link} data-node-id={node.id} data-kind={node.kind} data-class={cls} className="svcmap-node">
      <title>{`${node.name} (${node.dbSystem ?? KIND_LABEL[node.kind]}): ${formatCount(node.requests)} requests, ${formatCount(node.errors)} failed${apdex}`}</title>
      <rect
        x={x}
        y={y}
        width={geo.width}
        height={geo.height}
        rx={node.kind === 'service' ? 6 : 16}
        style={{
          fill: colours.fill,
          stroke: colours.stroke,
          strokeWidth: 1.5,
          strokeDasharray: node.kind === 'external' ? '4 3' : undefined,
        }}
      />
      <text
        x={geo.x}
        y={y + 17}
        textAnchor="middle"
        style={{ fill: 'var(--text-strong)', fontSize: 12, fontWeight: 600 }}
      >
        {nodeName(node)}
      </text>
      <text x={geo.x} y={y + 33} textAnchor="middle" style={{ fill: 'var(--muted)', fontSize: 10 }}>
        {nodeStats(node, data.windowSeconds)}
      </text>
    </a>
  );
}
