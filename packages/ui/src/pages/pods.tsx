import type { PodsQuery } from '@podtrail/contracts/api';
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
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
type SortKey = NonNullable<PodsQuery['sort']>;
const SORTS: readonly SortKey[] = ['pod', 'workload', 'started', 'ended', 'lifetime', 'restarts'];
/** rows per page: the server pages, the page renders only these (20,000 pods a day stay fast) */
export const PODS_PAGE_SIZE = 100;

/** Every pod in the range, live or gone, with how it ended and how often it restarted. */
export function PodsPage() {
  const { params } = useRoute();
  const live = useLive();
  const namespace = params.get('namespace') ?? '';
  const workload = params.get('workload') ?? '';
  const state = STATES.find((s) => s === params.get('state')) ?? '';
  const q = params.get('q') ?? '';
  const range = rangeFromParams(params, Date.now() + live.skewMs, '24h');
  const sortKey = SORTS.find((s) => s === params.get('sort')) ?? 'started';
  const desc = params.get('order') !== 'asc';
  const page = Math.max(0, Math.floor(Number(params.get('page') ?? 0)) || 0);
  const [qInput, setQInput] = useState(q);
  const pods = usePoll(
    `pods:${range.rel ?? `${range.from}-${range.to}`}:${namespace}:${workload}:${state}:${q}:${sortKey}:${desc}:${page}`,
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
          sort: sortKey,
          order: desc ? 'desc' : 'asc',
          limit: PODS_PAGE_SIZE,
          offset: page * PODS_PAGE_SIZE,
        },
        { signal },
      );
    },
    15_000,
  );
  // the filters' choices: every namespace and workload the services know (not only this page's)
  const services = usePoll('pods:services', (signal) => api.services({ signal }), 60_000);
  const rows = pods.data?.pods ?? [];
  const namespaces = useMemo(
    () => [...new Set([...(services.data?.services ?? []).map((s) => s.namespace), namespace].filter(Boolean))].sort(),
    [services.data, namespace],
  );
  const workloads = useMemo(
    () =>
      [
        ...new Set(
          [
            ...(services.data?.services ?? [])
              .filter((s) => !namespace || s.namespace === namespace)
              .flatMap((s) => s.workloads),
            workload,
          ].filter(Boolean),
        ),
      ].sort(),
    [services.data, namespace, workload],
  );
  const th = (k: SortKey, label: string, cls = '') => (
    <th className={cls}>
      <button
        type="button"
        className="th-sort"
        onClick={() => {
          const nextDesc = k === sortKey ? !desc : k !== 'pod' && k !== 'workload';
          setParams({ sort: k, order: nextDesc ? null : 'asc', page: null });
        }}
      >
        {label}
        {sortKey === k ? (desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  const total = pods.data?.total ?? 0;
  const running = pods.data?.running ?? 0;
  const pages = Math.max(1, Math.ceil(total / PODS_PAGE_SIZE));
  const first = total === 0 ? 0 : page * PODS_PAGE_SIZE + 1;
  const last = Math.min(total, (page + 1) * PODS_PAGE_SIZE);
  const goTo = (p: number) => setParams({ page: p > 0 ? String(p) : null });
  const pager = (
    <span className="pager" data-testid="pods-pager">
      <button type="button" className="btn ghost" disabled={page === 0} onClick={() => goTo(0)} aria-label="first page">
        «
      </button>
      <button
        type="button"
        className="btn ghost"
        disabled={page === 0}
        onClick={() => goTo(page - 1)}
        data-testid="pods-prev"
      >
        ‹ prev
      </button>
      <span className="dim" data-testid="pods-range" data-first={first} data-last={last} data-total={total}>
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
      </span>
      <button
        type="button"
        className="btn ghost"
        disabled={page + 1 >= pages}
        onClick={() => goTo(page + 1)}
        data-testid="pods-next"
      >
        next ›
      </button>
      <button
        type="button"
        className="btn ghost"
        disabled={page + 1 >= pages}
        onClick={() => goTo(pages - 1)}
        aria-label="last page"
      >
        »
      </button>
    </span>
  );

  return (
    <div className="page pods">
      <div className="toolbar">
        <h1>Pods</h1>
        <RangePicker
          value={range.rel}
          presets={['1h', '6h', '24h', '7d']}
          onChange={(rel) => setParams({ range: rel, from: null, to: null, page: null })}
        />
        <select
          value={namespace}
          onChange={(e) => setParams({ namespace: e.target.value, workload: null, page: null })}
          aria-label="namespace"
        >
          <option value="">all namespaces</option>
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <select
          value={workload}
          onChange={(e) => setParams({ workload: e.target.value, page: null })}
          aria-label="workload"
        >
          <option value="">all workloads</option>
          {workloads.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <select
          value={state}
          onChange={(e) => setParams({ state: e.target.value, page: null })}
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
            setParams({ q: qInput.trim(), page: null });
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
        <span className="dim" data-testid="pods-counts">
          {formatCount(total)} pods · {formatCount(running)} running · {formatCount(total - running)} ended ·{' '}
          {formatCount(pods.data?.restarts ?? 0)} restarts
        </span>
        {pager}
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
            {pages > 1 && <div className="pager-foot">{pager}</div>}
          </div>
        )}
      </Panel>
    </div>
  );
}
