import { api } from '../api/client.js';
import { timeMs } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';
import { useClusterChanges, usePoll } from '../lib/hooks.js';
import { type DescribeLine, describeContainer } from '../lib/kube-describe.js';
import { Panel } from './panel.js';

/** `nested`: the lines after the first are indented under it (State: / Reason: ...). */
function Lines({ lines, testId, nested = true }: { lines: DescribeLine[]; testId?: string; nested?: boolean }) {
  return (
    <dl className="describe" data-testid={testId}>
      {lines.map(([k, v], i) => (
        // labels are unique within a block (State, Reason, Exit Code, ...)
        <div key={k} className={nested && i > 0 ? 'describe-sub' : ''}>
          <dt>{k}:</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The pod as `kubectl describe pod` shows it, from the Kubernetes watcher: phase, each container's
 * State / Last State (reason, exit code, signal, started, finished) and restart count, and the
 * pod's events. Not shown when the watcher never saw the pod (404) or the pod has no uid.
 */
export function KubernetesPanel({ podUid, live }: { podUid: string; live: boolean }) {
  const k = usePoll(
    `k8s:${podUid}`,
    (signal) => (podUid ? api.podKubernetes(podUid, { signal, retries: 0 }) : Promise.reject(new Error('no pod uid'))),
    live ? 15_000 : null,
  );
  useClusterChanges((c) => podUid !== '' && c.podUid === podUid, k.reload);
  if (!k.data) return null;
  const { pod, containers, events } = k.data;
  const newestFirst = [...events].sort((a, b) => timeMs(b.ts) - timeMs(a.ts));
  return (
    <Panel title="Kubernetes" testId="kubernetes">
      <p>
        <span className="kpi-label">Status </span>
        <b data-testid="k8s-phase">{pod.phase}</b>
        {pod.reason && <span className="warn-text"> {pod.reason}</span>}
        {pod.waitingReason && <span className="warn-text"> · {pod.waitingReason}</span>}
        {pod.endReason && <span className="err-text"> · ended: {pod.endReason}</span>}
        <span className="dim">
          {' '}
          · node {pod.nodeName || '–'} · restarts {pod.restartCount}
          {pod.deleted ? ' · deleted' : ''}
        </span>
      </p>
      {pod.message && <p className="dim">{pod.message}</p>}
      <div className="describe-containers">
        {containers.map((c) => {
          const d = describeContainer(c);
          return (
            <div key={c.name} className="describe-container" data-testid="k8s-container" data-container={c.name}>
              <h3 className="mono">{c.name}:</h3>
              <Lines lines={d.state} />
              <Lines lines={d.lastState} testId="k8s-last-state" />
              <Lines lines={d.rest} nested={false} />
            </div>
          );
        })}
      </div>
      <h3>Events</h3>
      {newestFirst.length ? (
        <table className="grid" data-testid="k8s-events">
          <thead>
            <tr>
              <th>type</th>
              <th>reason</th>
              <th>last seen</th>
              <th className="num">count</th>
              <th>from</th>
              <th>message</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((e, i) => (
              <tr key={`${e.ts}/${e.reason}/${i}`} data-testid="k8s-event-row">
                <td className={e.type === 'Warning' ? 'warn-text' : 'dim'}>{e.type}</td>
                <td>{e.reason}</td>
                <td className="mono">{formatDateTime(timeMs(e.ts))}</td>
                <td className="num">{e.count}</td>
                <td className="dim">{e.source}</td>
                <td className="ellipsis" title={e.message}>
                  {e.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="dim">no events stored for this pod</p>
      )}
    </Panel>
  );
}
