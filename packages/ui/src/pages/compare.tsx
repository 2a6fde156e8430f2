import { useMemo } from 'react';
import uPlot from 'uplot';
import { api } from '../api/client.js';
import { type CompareWindow, n } from '../api/types.js';
import { axis, UPlotChart } from '../charts/uplot-chart.js';
import { Empty, Panel, StaleNote } from '../components/panel.js';
import { ScopePicker, type ScopeValue } from '../components/scope-picker.js';
import { alignDistributions, errorRateDelta, latencyRatio, volumeRatio } from '../lib/compare.js';
import { formatCount, formatDateTime, formatDuration, formatMs, formatPercent, formatTps } from '../lib/format.js';
import { setParams, usePoll, useRoute } from '../lib/hooks.js';
import { parseTime } from '../lib/time-range.js';

const A_COLOR = '#8b949e';
const B_COLOR = '#58a6ff';

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
function fromLocalInput(v: string): number | null {
  const t = new Date(v).getTime();
  return Number.isFinite(t) ? t : null;
}

function presets(now: number) {
  const m = 60_000;
  const h = 60 * m;
  return [
    { label: 'last 10m vs previous 10m', a: [now - 20 * m, now - 10 * m], b: [now - 10 * m, now] },
    { label: 'last 1h vs previous 1h', a: [now - 2 * h, now - h], b: [now - h, now] },
    { label: 'last 1h vs same hour yesterday', a: [now - 25 * h, now - 24 * h], b: [now - h, now] },
  ];
}

/**
 * Two time windows side by side (a load test before/after, autoscaling off/on): transactions,
 * TPS, avg/min/max/p95 latency, error rate, latency distribution, and B relative to A.
 */
export function ComparePage() {
  const { params } = useRoute();
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const def = presets(now)[0]!;
  const aFrom = parseTime(params.get('aFrom')) ?? def.a[0]!;
  const aTo = parseTime(params.get('aTo')) ?? def.a[1]!;
  const bFrom = parseTime(params.get('bFrom')) ?? def.b[0]!;
  const bTo = parseTime(params.get('bTo')) ?? def.b[1]!;
  const scope: ScopeValue = {
    service: params.get('service') ?? undefined,
    namespace: params.get('namespace') ?? undefined,
    workload: params.get('workload') ?? undefined,
  };
  const cmp = usePoll(
    `cmp:${aFrom}:${aTo}:${bFrom}:${bTo}:${scope.service}:${scope.namespace}:${scope.workload}`,
    (signal) => api.compare({ aFrom, aTo, bFrom, bTo, ...scope }, { signal }),
    null,
  );
  const dist = useMemo(() => (cmp.data ? alignDistributions(cmp.data.a, cmp.data.b) : null), [cmp.data]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, distr: 3 }, y: { range: (_u, _min, max) => [0, Math.max(5, max * 1.1)] } },
      axes: [
        axis({ values: (_u, vals) => vals.map((v) => (v === null || v === undefined ? '' : formatMs(v))) }),
        axis({ size: 44, values: (_u, vals) => vals.map((v) => `${v}%`) }),
      ],
      series: [
        { label: 'latency ≤', value: (_u, v) => (v === null ? '–' : formatMs(v)) },
        {
          label: 'A',
          stroke: A_COLOR,
          fill: 'rgba(139,148,158,0.18)',
          width: 1.5,
          paths: uPlot.paths.stepped?.({ align: 1 }),
          points: { show: false },
          value: (_u, v) => (v === null ? '–' : `${v.toFixed(1)}%`),
        },
        {
          label: 'B',
          stroke: B_COLOR,
          fill: 'rgba(88,166,255,0.18)',
          width: 1.5,
          paths: uPlot.paths.stepped?.({ align: 1 }),
          points: { show: false },
          value: (_u, v) => (v === null ? '–' : `${v.toFixed(1)}%`),
        },
      ],
    }),
    [],
  );
  const setWindow = (k: 'aFrom' | 'aTo' | 'bFrom' | 'bTo') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const t = fromLocalInput(e.target.value);
    if (t !== null) setParams({ aFrom, aTo, bFrom, bTo, [k]: t });
  };
  const row = (label: string, color: string, from: number, to: number, w: CompareWindow | undefined) => (
    <tr data-testid={`cmp-${label}`}>
      <td>
        <i className="dot" style={{ background: color }} /> <b>{label}</b>
      </td>
      <td className="mono dim">
        {formatDateTime(from, { alwaysDate: true }).slice(0, 16)} + {formatDuration(to - from)}
      </td>
      <td className="num">{w ? formatCount(w.transactions) : '–'}</td>
      <td className="num">{w ? formatMs(w.avgMs) : '–'}</td>
      <td className="num">{w ? formatMs(w.minMs) : '–'}</td>
      <td className="num">{w ? formatMs(w.maxMs) : '–'}</td>
      <td className="num">{w ? formatMs(w.p95Ms) : '–'}</td>
      <td className="num">{w ? formatTps(w.tps) : '–'}</td>
      <td className="num">{w ? formatPercent(w.errorRate, 2) : '–'}</td>
    </tr>
  );
  const a = cmp.data?.a;
  const b = cmp.data?.b;
  return (
    <div className="page compare">
      <div className="toolbar">
        <h1>Compare windows</h1>
        <ScopePicker value={scope} onChange={(v) => setParams({ ...v })} />
        <StaleNote error={cmp.error} updatedAt={cmp.updatedAt} />
      </div>
      <div className="toolbar windows">
        <label>
          <i className="dot" style={{ background: A_COLOR }} /> A
          <input type="datetime-local" value={toLocalInput(aFrom)} onChange={setWindow('aFrom')} aria-label="A from" />
          →
          <input type="datetime-local" value={toLocalInput(aTo)} onChange={setWindow('aTo')} aria-label="A to" />
        </label>
        <label>
          <i className="dot" style={{ background: B_COLOR }} /> B
          <input type="datetime-local" value={toLocalInput(bFrom)} onChange={setWindow('bFrom')} aria-label="B from" />
          →
          <input type="datetime-local" value={toLocalInput(bTo)} onChange={setWindow('bTo')} aria-label="B to" />
        </label>
        <div className="seg">
          {presets(now).map((p) => (
            <button
              key={p.label}
              type="button"
              onClick={() => setParams({ aFrom: p.a[0], aTo: p.a[1], bFrom: p.b[0], bTo: p.b[1] })}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      <Panel title="Side by side" flush testId="compare-table">
        <table className="grid cmp">
          <thead>
            <tr>
              <th>window</th>
              <th>range</th>
              <th className="num">transactions</th>
              <th className="num">avg</th>
              <th className="num">min</th>
              <th className="num">max</th>
              <th className="num">p95</th>
              <th className="num">TPS</th>
              <th className="num">error rate</th>
            </tr>
          </thead>
          <tbody>
            {row('A', A_COLOR, aFrom, aTo, a)}
            {row('B', B_COLOR, bFrom, bTo, b)}
            {a && b && (
              <tr className="ratio" data-testid="cmp-ratio">
                <td>
                  <b>B vs A</b>
                </td>
                <td />
                <td className="num">{volumeRatio(a.transactions, b.transactions)}</td>
                <td className="num">{latencyRatio(n(a.avgMs), n(b.avgMs))}</td>
                <td className="num">{latencyRatio(n(a.minMs), n(b.minMs))}</td>
                <td className="num">{latencyRatio(n(a.maxMs), n(b.maxMs))}</td>
                <td className="num">{latencyRatio(n(a.p95Ms), n(b.p95Ms))}</td>
                <td className="num">{volumeRatio(a.tps, b.tps)}</td>
                <td className="num">{errorRateDelta(n(a.errorRate), n(b.errorRate))}</td>
              </tr>
            )}
          </tbody>
        </table>
      </Panel>
      <Panel
        title={
          <>
            Response time distribution <span className="dim">· share of each window's transactions</span>
          </>
        }
      >
        {dist?.le.length ? (
          <UPlotChart options={options} data={[dist.le, dist.a, dist.b]} height={260} testId="distribution" />
        ) : (
          <Empty>{cmp.error ? cmp.error.message : cmp.data ? 'no transactions in either window' : 'loading…'}</Empty>
        )}
      </Panel>
    </div>
  );
}
