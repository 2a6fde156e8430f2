import { useMemo } from 'react';
import uPlot from 'uplot';
import { api } from '../api/client.js';
import { timeMs } from '../api/types.js';
import { axis, timeAxisValues, UPlotChart } from '../charts/uplot-chart.js';
import { HpaPanel } from '../components/hpa-panel.js';
import { Empty, Panel, StaleNote } from '../components/panel.js';
import { RangePicker } from '../components/range-picker.js';
import { busiestOfTitle, formatCount, formatDateTime, formatMs, formatTps, shortPodLabel } from '../lib/format.js';
import { href, setParams, useLive, usePoll, useRoute } from '../lib/hooks.js';
import { rangeFromParams } from '../lib/time-range.js';

/** Restart and scaling history of one workload: replicas over time, starts, ends, restarts. */
export function WorkloadPage({ namespace, workload }: { namespace: string; workload: string }) {
  const { params } = useRoute();
  const live = useLive();
  const range = rangeFromParams(params, Date.now() + live.skewMs, '6h');
  const rkey = range.rel ?? `${range.from}-${range.to}`;
  const hist = usePoll(
    `wh:${namespace}/${workload}:${rkey}`,
    (signal) => {
      const r = rangeFromParams(params, Date.now() + live.skewMs, '6h');
      const step = Math.max(10_000, Math.round((r.to - r.from) / 240));
      return api.workloadHistory(namespace, workload, { from: r.from, to: r.to, step }, { signal });
    },
    30_000,
  );
  const vel = usePoll(
    `wv:${namespace}/${workload}:${rkey}`,
    (signal) => {
      const r = rangeFromParams(params, Date.now() + live.skewMs, '6h');
      return api.velocity({ from: r.from, to: r.to, namespace, workload, groupBy: 'pod' }, { signal });
    },
    30_000,
  );
  const xFrom = Math.floor(range.from / 60_000) * 60;
  const xTo = Math.ceil(range.to / 60_000) * 60;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => [xFrom, xTo] },
        y: { range: (_u, _min, max) => [0, Math.max(2, Math.ceil(max * 1.2))] },
      },
      axes: [axis({ values: timeAxisValues, space: 80 }), axis({ size: 36, incrs: [1, 2, 5, 10, 20, 50, 100] })],
      series: [
        {},
        {
          label: 'running',
          stroke: '#58a6ff',
          fill: 'rgba(88,166,255,0.12)',
          width: 1.5,
          paths: uPlot.paths.stepped?.({ align: 1 }),
          points: { show: false },
        },
      ],
    }),
    [xFrom, xTo],
  );
  const data = useMemo<uPlot.AlignedData>(() => {
    const pts = [...(hist.data?.replicas ?? [])].sort((a, b) => timeMs(a.ts) - timeMs(b.ts));
    return [pts.map((p) => timeMs(p.ts) / 1000), pts.map((p) => p.running)];
  }, [hist.data]);
  const restarts = [...(hist.data?.restarts ?? [])].sort((a, b) => timeMs(b.ts) - timeMs(a.ts));
  const moves = [
    ...(hist.data?.starts ?? []).map((s) => ({ ts: timeMs(s.ts), kind: 'start', podName: s.podName, reason: '' })),
    ...(hist.data?.ends ?? []).map((s) => ({
      ts: timeMs(s.ts),
      kind: 'end',
      podName: s.podName,
      reason: String(s.reason ?? ''),
    })),
  ].sort((a, b) => b.ts - a.ts);
  const peak = Math.max(0, ...(hist.data?.replicas ?? []).map((r) => r.running));
  return (
    <div className="page workload">
      <div className="toolbar">
        <h1>
          <span className="dim">{namespace} /</span> {workload}
        </h1>
        <RangePicker
          value={range.rel}
          presets={['1h', '6h', '24h', '7d']}
          onChange={(rel) => setParams({ range: rel, from: null, to: null })}
        />
        <StaleNote error={hist.error} updatedAt={hist.updatedAt} />
        <a href={href('/pods', { namespace, workload })}>all pods →</a>
        <a href={href('/tmap', { namespace, workload, range: range.rel ?? '1h' })}>T-Map →</a>
      </div>
      <div className="summary">
        <div className="kpi">
          <span className="kpi-label">replicas now</span>
          <span className="kpi-value">{hist.data?.replicas.at(-1)?.running ?? '–'}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">peak</span>
          <span className="kpi-value">{peak}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">pod starts</span>
          <span className="kpi-value">{hist.data?.starts.length ?? '–'}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">pod ends</span>
          <span className="kpi-value">{hist.data?.ends.length ?? '–'}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">restarts</span>
          <span className={`kpi-value ${hist.data?.restartCount ? 'warn-text' : ''}`} data-testid="restart-count">
            {hist.data?.restartCount ?? '–'}
          </span>
        </div>
      </div>
      <Panel title="Replicas over time">
        {hist.data ? (
          <UPlotChart options={options} data={data} height={200} testId="replicas-chart" />
        ) : (
          <Empty>{hist.error ? hist.error.message : 'loading…'}</Empty>
        )}
      </Panel>
      <HpaPanel namespace={namespace} workload={workload} from={range.from} to={range.to} rangeKey={rkey} />
      <div className="two-col">
        <Panel title={`Restarts (${restarts.length})`} flush>
          {restarts.length ? (
            <table className="grid" data-testid="restarts">
              <thead>
                <tr>
                  <th>time</th>
                  <th>pod</th>
                  <th>instance</th>
                  <th>reason</th>
                </tr>
              </thead>
              <tbody>
                {restarts.map((r) => (
                  <tr key={`${r.podName}/${r.instanceId}/${String(r.ts)}`}>
                    <td className="mono">{formatDateTime(timeMs(r.ts))}</td>
                    <td>
                      <a href={href(`/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(r.podName)}`)}>
                        {r.podName}
                      </a>
                    </td>
                    <td className="mono dim">{r.instanceId}</td>
                    <td className="warn-text ellipsis" title={r.reason}>
                      {r.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No restarts in this range.</Empty>
          )}
        </Panel>
        <Panel title="Pod starts and ends" flush>
          {moves.length ? (
            <table className="grid">
              <tbody>
                {moves.slice(0, 200).map((m, i) => (
                  <tr key={`${m.podName}${m.ts}${i}`}>
                    <td className="mono">{formatDateTime(m.ts)}</td>
                    <td>
                      <span className={m.kind === 'start' ? 'badge badge-ok' : 'badge badge-muted'}>{m.kind}</span>
                    </td>
                    <td>
                      <a href={href(`/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(m.podName)}`)}>
                        {m.podName}
                      </a>
                    </td>
                    <td className="dim">{m.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty>No pods started or ended in this range.</Empty>
          )}
        </Panel>
      </div>
      <Panel title={busiestOfTitle('Per pod over the range', vel.data)} flush>
        <table className="grid">
          <thead>
            <tr>
              <th>pod</th>
              <th>state</th>
              <th className="num">tx</th>
              <th className="num">tps</th>
              <th className="num">avg</th>
              <th className="num">p50</th>
              <th className="num">p95</th>
              <th className="num">p99</th>
              <th className="num">max</th>
              <th className="num">errors</th>
              <th className="num">apdex</th>
            </tr>
          </thead>
          <tbody>
            {(vel.data?.rows ?? []).map((r) => (
              <tr key={r.key}>
                <td title={r.podName}>
                  <a href={href(`/pods/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.podName)}`)}>
                    {shortPodLabel(r.podName, { keepUpTo: 28 })}
                  </a>
                </td>
                <td className="dim">{r.state}</td>
                <td className="num">{formatCount(r.count)}</td>
                <td className="num">{formatTps(r.tps)}</td>
                <td className="num">{formatMs(r.avgMs)}</td>
                <td className="num">{formatMs(r.p50Ms)}</td>
                <td className="num">{formatMs(r.p95Ms)}</td>
                <td className="num">{formatMs(r.p99Ms)}</td>
                <td className="num">{formatMs(r.maxMs)}</td>
                <td className={`num ${r.errors ? 'err-text' : 'dim'}`}>{formatCount(r.errors)}</td>
                <td className={`num apdex-text-${r.apdexClass}`}>
                  {r.apdex.score === null ? '–' : r.apdex.score.toFixed(2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
