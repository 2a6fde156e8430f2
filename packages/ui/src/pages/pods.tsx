import type { PodsQuery } from '@podtrail/contracts/api';
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { PodRow } from '../api/types.js';
import { timeMs } from '../api/types.js';
import { Empty, Panel, StaleNote } from '../components/panel.js';
import { RangePicker } from '../components/range-picker.js';
import { StateBadge } from '../components/state-badge.js';
import { isEnded, podMetaFromRow } from '../lib/board.js';
import { formatAgo, formatCount, formatDateTime, formatDuration } from '../lib/format.js';
import { href, setParams, useLive, usePoll, useRoute } from '../lib/hooks.js';
import { rangeFromParams } from '../lib/time-range.js';

/** The API's state filters ('' = any state); an unknown `state` in the URL shows any state. */
const STATES: readonly ('' | NonNullable<PodsQuery['state']>)[] = [
  '',
  'running',
  'ended',
  'stopped',
  'crashed',
  'killed',
  'restarted',
];
type SortKey = 'pod' | 'workload' | 'started' | 'ended' | 'lifetime' | 'restarts';

/** Every pod in the range, live or gone, with how it ended and how often it restarted. */
export function PodsPage() {
  const { params } = useRoute();
  const live = useLive();
  const namespace = params.get('namespace') ?? '';
  const workload = params.get('workload') ?? '';
  const state = STATES.find((s) => s === params.get('state')) ?? '';
  const q = params.get('q') ?? '';
  const range = rangeFromParams(params, Date.now() + live.skewMs, '24h');
  const [sortKey, setSortKey] = useState<SortKey>('started');
  const [desc, setDesc] = useState(true);
  const [qInput, setQInput] = useState(q);
  const pods = usePoll(
    `pods:${range.rel ?? `${range.from}-${range.to}`}:${namespace}:${workload}:${state}:${q}`,
    (signal) => {
      const r = rangeFromParams(params, Date.now() + live.skewMs, '24h');
      return api.pods(
        {
          from: r.from,
          to: r.to,
          namespace: namespace || undefined,
          workload: workload || undefined,
          state: state || undefined,
          q: q || undefined,
          limit: 5000,
        },
        { signal },
      );
    },
    15_000,
  );
  const rows = useMemo(() => {
    const list = pods.data?.pods ?? [];
    const now = Date.now();
    const life = (p: PodRow) => (timeMs(p.endedAt) || now) - timeMs(p.firstSeen);
    const key: Record<SortKey, (p: PodRow) => number | string> = {
      pod: (p) => p.podName,
      workload: (p) => `${p.namespace}/${p.workload}/${p.podName}`,
      started: (p) => timeMs(p.firstSeen),
      ended: (p) => timeMs(p.endedAt) || Number.MAX_SAFE_INTEGER,
      lifetime: life,
      restarts: (p) => p.restartCount,
    };
    const k = key[sortKey];
    return [...list].sort((a, b) => {
      const x = k(a);
      const y = k(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return desc ? -c : c;
    });
  }, [pods.data, sortKey, desc]);
  const namespaces = useMemo(() => [...new Set((pods.data?.pods ?? []).map((p) => p.namespace))].sort(), [pods.data]);
  const workloads = useMemo(
    () =>
      [
        ...new Set(
          (pods.data?.pods ?? []).filter((p) => !namespace || p.namespace === namespace).map((p) => p.workload),
        ),
      ].sort(),
    [pods.data, namespace],
  );
  const th = (k: SortKey, label: string, cls = '') => (
    <th className={cls}>
      <button
        type="button"
        className="th-sort"
        onClick={() => {
          if (k === sortKey) setDesc(!desc);
          else {
            setSortKey(k);
            setDesc(k !== 'pod' && k !== 'workload');
          }
        }}
      >
        {label}
        {sortKey === k ? (desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  const counts = useMemo(() => {
    const all = pods.data?.pods ?? [];
    const ended = all.filter((p) => isEnded(podMetaFromRow(p))).length;
    return {
      all: all.length,
      running: all.length - ended,
      ended,
      restarts: all.reduce((n, p) => n + p.restartCount, 0),
    };
  }, [pods.data]);

  return (
    <div className="page pods">
      <div className="toolbar">
        <h1>Pods</h1>
        <RangePicker
          value={range.rel}
          presets={['1h', '6h', '24h', '7d']}
          onChange={(rel) => setParams({ range: rel, from: null, to: null })}
        />
        <select
          value={namespace}
          onChange={(e) => setParams({ namespace: e.target.value, workload: null })}
          aria-label="namespace"
        >
          <option value="">all namespaces</option>
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <select value={workload} onChange={(e) => setParams({ workload: e.target.value })} aria-label="workload">
          <option value="">all workloads</option>
          {workloads.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <select
          value={state}
          onChange={(e) => setParams({ state: e.target.value })}
          aria-label="state"
          data-testid="state-filter"
        >
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s || 'any state'}
            </option>
          ))}
        </select>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ q: qInput.trim() });
          }}
        >
          <input
            type="search"
            placeholder="search pod name…"
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            aria-label="search"
          />
        </form>
        <StaleNote error={pods.error} updatedAt={pods.updatedAt} />
        <span className="dim">
          {counts.all} pods · {counts.running} running · {counts.ended} ended · {counts.restarts} restarts
        </span>
      </div>
      <Panel title="Every pod, live or gone" flush>
        {pods.error && !pods.data ? (
          <Empty>Could not load pods: {pods.error.message}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="grid" data-testid="pods-table">
              <thead>
                <tr>
                  <th>state</th>
                  {th('pod', 'pod')}
                  {th('workload', 'namespace / workload')}
                  <th>node</th>
                  {th('started', 'first seen')}
                  {th('ended', 'ended / last seen')}
                  {th('lifetime', 'lifetime', 'num')}
                  <th className="num">inst.</th>
                  {th('restarts', 'restarts', 'num')}
                  <th>end reason</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => {
                  const ended = timeMs(p.endedAt);
                  const first = timeMs(p.firstSeen);
                  const podLink = href(`/pods/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.podName)}`);
                  return (
                    <tr
                      key={`${p.namespace}/${p.podName}`}
                      className={isEnded(podMetaFromRow(p)) ? 'row-ended' : ''}
                      onClick={() => {
                        location.hash = podLink.slice(1);
                      }}
                      data-testid="pod-row"
                      data-pod={p.podName}
                    >
                      <td>
                        <StateBadge state={p.state} reason={p.endReason} />
                      </td>
                      <td>
                        <a href={podLink} className="mono">
                          {p.podName}
                        </a>
                      </td>
                      <td>
                        <span className="dim">{p.namespace} / </span>
                        <a
                          href={href(`/workloads/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.workload)}`)}
                          onClick={(e) => e.stopPropagation()}
                        >
                          {p.workload}
                        </a>
                      </td>
                      <td className="dim">{p.nodeName || '–'}</td>
                      <td className="mono">{formatDateTime(first)}</td>
                      <td className="mono">
                        {Number.isFinite(ended) ? (
                          formatDateTime(ended)
                        ) : (
                          <span className="dim">{formatAgo(timeMs(p.lastSeen))}</span>
                        )}
                      </td>
                      <td className="num">{formatDuration((Number.isFinite(ended) ? ended : Date.now()) - first)}</td>
                      <td className="num">{formatCount(p.instanceCount)}</td>
                      <td className={`num ${p.restartCount > 0 ? 'warn-text' : 'dim'}`}>{p.restartCount}</td>
                      <td className="ellipsis" title={p.endReason}>
                        {p.endReason}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {rows.length === 0 && pods.data && <Empty>No pods match.</Empty>}
          </div>
        )}
      </Panel>
    </div>
  );
}
