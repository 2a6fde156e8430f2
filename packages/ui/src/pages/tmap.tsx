import { useMemo } from 'react';
import { api } from '../api/client.js';
import { timeMs } from '../api/types.js';
import { gridOf, Heatmap } from '../charts/heatmap.js';
import { countInSelection, type Selection, selectionFromRange } from '../charts/heatmap-geometry.js';
import { ErrorBoundary } from '../components/error-boundary.js';
import { Empty, Panel, StaleNote } from '../components/panel.js';
import { RangePicker } from '../components/range-picker.js';
import { ScopePicker, type ScopeValue } from '../components/scope-picker.js';
import { type TxSort, TxTable } from '../components/tx-table.js';
import { Waterfall } from '../components/waterfall.js';
import { formatCount, formatDateTime, formatMs } from '../lib/format.js';
import { setParams, useLive, usePoll, useRoute } from '../lib/hooks.js';
import { parseDuration, parseTime, rangeFromParams } from '../lib/time-range.js';
import { selectionParams } from './dashboard.js';

const PAGE = 50;

/**
 * The T-Map: heatmap of finished transactions (end time x response time); drag a rectangle to
 * list the transactions inside it (errors first), click one for its trace waterfall.
 */
export function TmapPage() {
  const { params } = useRoute();
  const live = useLive();
  const scope: ScopeValue & { pod?: string } = {
    service: params.get('service') ?? undefined,
    namespace: params.get('namespace') ?? undefined,
    workload: params.get('workload') ?? undefined,
    pod: params.get('pod') ?? undefined,
  };
  const range = rangeFromParams(params, Date.now() + live.skewMs);
  const relMs = range.rel ? parseDuration(range.rel) : null;
  const heatKey = `heat:${range.rel ?? `${range.from}-${range.to}`}:${scope.service}:${scope.namespace}:${scope.workload}:${scope.pod}`;
  const heat = usePoll(
    heatKey,
    (signal) => {
      const r = rangeFromParams(params, Date.now() + live.skewMs);
      return api.heatmap({ from: r.from, to: r.to, cols: 120, ...scope }, { signal });
    },
    relMs !== null && relMs <= 3_600_000 ? 10_000 : relMs !== null ? 60_000 : null,
  );

  const sf = parseTime(params.get('sf'));
  const st = parseTime(params.get('st'));
  const smin = params.get('smin') !== null ? Number(params.get('smin')) : null;
  const smaxRaw = params.get('smax');
  const smax = smaxRaw !== null && smaxRaw !== '' ? Number(smaxRaw) : Number.POSITIVE_INFINITY;
  const sb0 = params.get('sb0') !== null ? Number(params.get('sb0')) : null;
  const sb1 = params.get('sb1') !== null ? Number(params.get('sb1')) : null;
  const byBucket = sb0 !== null && sb1 !== null && Number.isInteger(sb0) && Number.isInteger(sb1);
  const hasSel = sf !== null && st !== null && smin !== null;
  const selection: Selection | null = useMemo(
    () => (hasSel && heat.data ? selectionFromRange(gridOf(heat.data), sf, st, smin, smax) : null),
    [hasSel, heat.data, sf, st, smin, smax],
  );
  const cellsCount = selection && heat.data ? countInSelection(heat.data.cells, selection) : null;
  const sort = (params.get('sort') as TxSort | null) ?? 'duration';
  const order = (params.get('order') as 'asc' | 'desc' | null) ?? 'desc';
  const errorsFirst = params.get('errorsFirst') !== '0';
  const errorsOnly = params.get('errorsOnly') === '1';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const txKey = hasSel
    ? `tx:${sf}:${st}:${smin}:${smax}:${sb0}:${sb1}:${sort}:${order}:${errorsFirst}:${errorsOnly}:${offset}:${heatKey}`
    : 'tx:none';
  const tx = usePoll(
    txKey,
    (signal) =>
      hasSel
        ? api.transactions(
            {
              from: sf,
              to: st,
              ...(byBucket
                ? { minBucket: sb0, maxBucket: sb1 }
                : { minMs: smin, maxMs: Number.isFinite(smax) ? smax : undefined }),
              ...scope,
              sort,
              order,
              errorsFirst,
              errorsOnly,
              limit: PAGE,
              offset,
            },
            { signal },
          )
        : Promise.resolve(null),
    null,
  );
  const traceId = params.get('trace');
  const trace = usePoll(
    `trace:${traceId}`,
    (signal) => (traceId ? api.trace(traceId, { signal }) : Promise.resolve(null)),
    null,
  );

  const onSelect = (sel: Selection) => {
    if (!heat.data) return;
    // freeze the range so the grid under the selection stays put
    const g = gridOf(heat.data);
    setParams({
      range: null,
      from: g.fromMs,
      to: g.toMs,
      ...selectionParams(sel, heat.data.minBucket),
      offset: null,
      trace: null,
    });
  };
  const clearSel = () =>
    setParams({ sf: null, st: null, smin: null, smax: null, sb0: null, sb1: null, offset: null, trace: null });
  const onSort = (s: TxSort) =>
    setParams({ sort: s, order: s === sort ? (order === 'desc' ? 'asc' : 'desc') : 'desc', offset: null });

  return (
    <div className="page tmap">
      <div className="toolbar">
        <h1>Transaction map</h1>
        <RangePicker
          value={range.rel}
          onChange={(rel) =>
            setParams({
              range: rel,
              from: null,
              to: null,
              sf: null,
              st: null,
              smin: null,
              smax: null,
              sb0: null,
              sb1: null,
              trace: null,
              offset: null,
            })
          }
        />
        <ScopePicker value={scope} onChange={(v) => setParams({ ...v, pod: scope.pod, offset: null })} />
        {scope.pod && (
          <span className="chip">
            pod {scope.pod}
            <button type="button" onClick={() => setParams({ pod: null })}>
              ×
            </button>
          </span>
        )}
        <StaleNote error={heat.error} updatedAt={heat.updatedAt} />
        <span className="dim">
          {heat.data
            ? `${formatCount(heat.data.total)} transactions · ${formatDateTime(timeMs(heat.data.from))} – ${formatDateTime(timeMs(heat.data.to))}`
            : ''}
        </span>
      </div>
      <Panel
        title={
          <>
            Response time × end time <span className="dim">· drag a rectangle to list its transactions</span>
          </>
        }
      >
        <ErrorBoundary label="The heatmap">
          <Heatmap data={heat.data} height={340} selection={selection} onSelect={onSelect} />
        </ErrorBoundary>
      </Panel>
      {hasSel && (
        <Panel
          testId="selection-panel"
          title={
            <>
              Selection{' '}
              <span className="dim">
                · {formatDateTime(sf)} – {formatDateTime(st)} · {formatMs(smin)} –{' '}
                {Number.isFinite(smax) ? formatMs(smax) : '∞'} ·{' '}
                <b data-testid="selection-total" data-cells={cellsCount ?? ''}>
                  {tx.data ? formatCount(tx.data.total) : '…'}
                </b>{' '}
                transactions
              </span>
            </>
          }
          actions={
            <>
              <label className="check">
                <input
                  type="checkbox"
                  checked={errorsFirst}
                  onChange={(e) => setParams({ errorsFirst: e.target.checked ? null : '0', offset: null })}
                />
                errors first
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={errorsOnly}
                  onChange={(e) => setParams({ errorsOnly: e.target.checked ? '1' : null, offset: null })}
                />
                errors only
              </label>
              <button type="button" className="btn" onClick={clearSel}>
                clear
              </button>
            </>
          }
          flush
        >
          {tx.error && !tx.data ? (
            <Empty>Could not load the transactions: {tx.error.message}</Empty>
          ) : (
            <TxTable
              rows={tx.data?.rows ?? []}
              total={tx.data?.total}
              sort={sort}
              order={order}
              onSort={onSort}
              offset={offset}
              limit={PAGE}
              onPage={(o) => setParams({ offset: o || null })}
              onOpen={(r) => setParams({ trace: r.traceId })}
              selected={traceId}
            />
          )}
        </Panel>
      )}
      {traceId && (
        <Panel
          title="Trace"
          actions={
            <button type="button" className="btn" onClick={() => setParams({ trace: null })}>
              close
            </button>
          }
        >
          {trace.data ? (
            <Waterfall trace={trace.data} />
          ) : trace.error ? (
            <Empty>{trace.error.message}</Empty>
          ) : (
            <Empty>loading…</Empty>
          )}
        </Panel>
      )}
    </div>
  );
}
