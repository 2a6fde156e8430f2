import { useMemo } from 'react';
import { api } from '../api/client.js';
import { timeMs } from '../api/types.js';
import { HpaCharts } from '../charts/hpa-chart.js';
import { formatDateTime } from '../lib/format.js';
import { href, useClusterChanges, usePoll } from '../lib/hooks.js';
import { hasHpaData, hpaChartData } from '../lib/hpa-series.js';
import { Panel } from './panel.js';

/**
 * A workload's HPA and replica history from the Kubernetes watcher: the replica and metric charts,
 * the restart markers with their reasons and the replica changes with their cause. Nothing is
 * shown when the cluster has no HPA point or replica change for the workload (no watcher).
 */
export function HpaPanel(props: { namespace: string; workload: string; from: number; to: number; rangeKey: string }) {
  const { namespace, workload, from, to } = props;
  const hpa = usePoll(
    `hpa:${namespace}/${workload}:${props.rangeKey}`,
    (signal) => api.workloadHpa(namespace, workload, { from, to }, { signal, retries: 0 }),
    30_000,
  );
  // replica changes, HPA points and restart markers of this workload, as the watcher stores them
  useClusterChanges(
    (c) => c.kind !== 'pod' && c.kind !== 'event' && c.namespace === namespace && c.workload === workload,
    hpa.reload,
  );
  const d = useMemo(() => (hpa.data && hasHpaData(hpa.data) ? hpaChartData(hpa.data) : null), [hpa.data]);
  if (!hpa.data || !d) return null;
  const changes = [...hpa.data.replicas].sort((a, b) => timeMs(b.ts) - timeMs(a.ts));
  const markers = [...d.markers].reverse();
  const last = hpa.data.hpas.find((h) => h.name === d.hpaName)?.points.at(-1);
  return (
    <>
      <Panel
        title={d.hpaName ? `Replicas and HPA ${d.hpaName} (Kubernetes)` : 'Replicas (Kubernetes)'}
        actions={
          last ? (
            <span className="dim mono" data-testid="hpa-now">
              min {last.minReplicas} · max {last.maxReplicas} · current {last.currentReplicas} · desired{' '}
              {last.desiredReplicas}
              {last.metrics.map(
                (m) =>
                  ` · ${m.name} ${m.current ?? '?'}${m.type === 'Utilization' ? '%' : ''}/${m.target}${m.type === 'Utilization' ? '%' : ''}`,
              )}
            </span>
          ) : null
        }
        testId="hpa"
      >
        <HpaCharts d={d} />
      </Panel>
      <div className="two-col">
        <Panel title={`Restart markers (${markers.length})`} flush testId="restart-markers">
          {markers.length ? (
            <table className="grid">
              <tbody>
                {markers.map((m, i) => (
                  <tr key={`${m.podName}/${m.container}/${m.tSec}/${i}`} data-testid="restart-marker">
                    <td className="mono">{formatDateTime(m.tSec * 1000)}</td>
                    <td>
                      <a href={href(`/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(m.podName)}`)}>
                        {m.podName}
                      </a>
                      {m.container && <span className="dim"> / {m.container}</span>}
                    </td>
                    <td className="warn-text ellipsis" title={m.description}>
                      {m.description || m.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="empty">No container or pod ended in this range.</div>
          )}
        </Panel>
        <Panel title={`Replica changes (${changes.length})`} flush testId="replica-changes">
          {changes.length ? (
            <table className="grid">
              <tbody>
                {changes.slice(0, 200).map((c, i) => (
                  <tr key={`${c.ts}/${i}`}>
                    <td className="mono">{formatDateTime(timeMs(c.ts))}</td>
                    <td className="num">
                      {c.fromReplicas}→{c.replicas}
                    </td>
                    <td className="dim num" title="ready / available">
                      {c.readyReplicas}/{c.availableReplicas}
                    </td>
                    <td className="ellipsis" title={c.cause}>
                      {c.cause}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="empty">No replica change in this range.</div>
          )}
        </Panel>
      </div>
    </>
  );
}
