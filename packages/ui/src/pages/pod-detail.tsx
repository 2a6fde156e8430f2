import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { InstanceInfo, PostMortemResponse } from '../api/types.js';
import { timeMs } from '../api/types.js';
import { MemoryChart } from '../charts/memory-chart.js';
import { EventList } from '../components/event-panel.js';
import { InFlightSection } from '../components/in-flight-list.js';
import { KubernetesPanel } from '../components/kubernetes-panel.js';
import { LogsPanel } from '../components/logs-panel.js';
import { Empty, Panel, StaleNote } from '../components/panel.js';
import { StateBadge } from '../components/state-badge.js';
import { TxTable } from '../components/tx-table.js';
import { isEnded, podMetaFromRow } from '../lib/board.js';
import { kubernetesEventItem, toEventItem } from '../lib/events.js';
import { formatDateTime, formatDuration, formatMetric, formatMs } from '../lib/format.js';
import { href, navigate, useClusterChanges, usePoll } from '../lib/hooks.js';
import { endSourceNote } from '../lib/kube-describe.js';
import { podLogsWindow } from '../lib/logs.js';

/**
 * A pod's post-mortem, alive or long gone: lifetime timeline, instances and how each ended, the
 * crash stack and last log lines, last runtime metrics, slowest and failed transactions, and what
 * was in flight when it died.
 */
export function PodDetailPage({ namespace, podName }: { namespace: string; podName: string }) {
  const pm = usePoll(`pm:${namespace}/${podName}`, (signal) => api.postMortem(namespace, podName, { signal }), 15_000);
  // the timeline's Kubernetes events and the cluster's end of this pod, without waiting for the poll
  useClusterChanges((c) => c.namespace === namespace && c.podName === podName, pm.reload);
  if (!pm.data) {
    return (
      <div className="page">
        <div className="toolbar">
          <h1 className="mono">{podName}</h1>
        </div>
        <Empty>
          {pm.error
            ? (pm.error as { status?: number }).status === 404
              ? 'No pod of that name was ever seen.'
              : `Could not load: ${pm.error.message}`
            : 'loading…'}
        </Empty>
      </div>
    );
  }
  return <PostMortem data={pm.data} error={pm.error} updatedAt={pm.updatedAt} />;
}

function PostMortem({ data, error, updatedAt }: { data: PostMortemResponse; error: Error | null; updatedAt: number }) {
  const { pod } = data;
  const instances = [...data.instances].sort((a, b) => timeMs(a.startedAt) - timeMs(b.startedAt));
  const lastEnded = [...instances].reverse().find((i) => i.endedAt !== null && Number.isFinite(timeMs(i.endedAt)));
  const withDetails = [...instances]
    .reverse()
    .find((i) => i.exception || i.lastLogs?.length || i.inFlight?.length || i.lastHeartbeat?.inFlight.length);
  const [pick, setPick] = useState<string | null>(null);
  const focus =
    instances.find((i) => i.instanceId === pick) ?? withDetails ?? lastEnded ?? instances[instances.length - 1];
  const first = timeMs(pod.firstSeen);
  const ended = timeMs(pod.endedAt);
  const end = Number.isFinite(ended) ? ended : Date.now();
  const gone = isEnded(podMetaFromRow(pod));
  const endedOrNull = gone && Number.isFinite(ended) ? ended : null;
  // stable while the pod lives (the panel refetches when its window changes)
  const logsWindow = useMemo(() => podLogsWindow(first, endedOrNull, Date.now()), [first, endedOrNull]);
  return (
    <div className="page pod-detail" data-testid="post-mortem" data-pod={pod.podName}>
      <div className="toolbar">
        <h1 className="mono">{pod.podName}</h1>
        <StateBadge state={pod.state} reason={pod.endReason} />
        {pod.endReason && <span className={gone ? 'err-text' : ''}>{pod.endReason}</span>}
        {endSourceNote(pod) && (
          <span className="dim" data-testid="end-source">
            {endSourceNote(pod)}
          </span>
        )}
        <StaleNote error={error} updatedAt={updatedAt} />
      </div>
      <div className="facts">
        <Fact k="namespace / workload">
          {pod.namespace} /{' '}
          <a href={href(`/workloads/${encodeURIComponent(pod.namespace)}/${encodeURIComponent(pod.workload)}`)}>
            {pod.workload}
          </a>
          {pod.workloadKind ? <span className="dim"> ({pod.workloadKind})</span> : null}
        </Fact>
        <Fact k="service">{pod.serviceName}</Fact>
        <Fact k="node / ip">
          {pod.nodeName || '–'} {pod.hostIp && <span className="dim">({pod.hostIp})</span>}
        </Fact>
        <Fact k="first seen">{formatDateTime(first, { alwaysDate: true })}</Fact>
        <Fact k={gone ? 'ended' : 'last seen'}>
          {formatDateTime(gone ? ended : timeMs(pod.lastSeen), { alwaysDate: true })}
        </Fact>
        <Fact k="lifetime">{formatDuration(end - first)}</Fact>
        <Fact k="instances / restarts">
          {pod.instanceCount} / <span className={pod.restartCount ? 'warn-text' : ''}>{pod.restartCount}</span>
        </Fact>
        <Fact k="uid">
          <span className="mono dim">{pod.podUid || '–'}</span>
        </Fact>
      </div>

      <Panel title="Lifetime">
        <Lifetime instances={instances} from={first} to={end} onPick={setPick} picked={focus?.instanceId ?? null} />
      </Panel>

      <div className="two-col">
        <Panel title="Instances" flush>
          <table className="grid" data-testid="instances">
            <thead>
              <tr>
                <th>instance</th>
                <th>started</th>
                <th>ready</th>
                <th>ended</th>
                <th className="num">lived</th>
                <th>state</th>
                <th>end reason</th>
              </tr>
            </thead>
            <tbody>
              {instances.map((i) => {
                const st = timeMs(i.startedAt);
                const en = timeMs(i.endedAt);
                const ready = timeMs(i.readyAt);
                return (
                  <tr
                    key={i.instanceId}
                    className={focus?.instanceId === i.instanceId ? 'row-sel' : ''}
                    onClick={() => setPick(i.instanceId)}
                  >
                    <td className="mono">{i.instanceId}</td>
                    <td className="mono">{formatDateTime(st)}</td>
                    <td className="mono dim">{Number.isFinite(ready) ? `+${formatMs(ready - st)}` : '–'}</td>
                    <td className="mono">{Number.isFinite(en) ? formatDateTime(en) : '–'}</td>
                    <td className="num">{formatDuration((Number.isFinite(en) ? en : Date.now()) - st)}</td>
                    <td>
                      <StateBadge state={i.state} reason={i.endReason} />
                    </td>
                    <td className="ellipsis" title={endSourceNote(i) || i.endReason}>
                      {endSourceNote(i) || i.endReason}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Panel>
        <Panel title="Timeline" flush>
          <EventList
            events={[
              ...data.timeline.map(toEventItem),
              ...(data.kubernetes?.events ?? []).map(kubernetesEventItem),
            ].sort((a, b) => b.tsMs - a.tsMs)}
          />
        </Panel>
      </div>

      {pod.podUid && <KubernetesPanel podUid={pod.podUid} live={!gone} />}

      {focus && (
        <Panel
          title={
            <>
              How instance <span className="mono">{focus.instanceId}</span> ended
            </>
          }
          testId="ending"
        >
          {focus.exception ? (
            <div className="crash" data-testid="crash">
              <div className="crash-head">
                <b>{focus.exception.type}</b>: {focus.exception.message}
              </div>
              <pre className="stack">{focus.exception.stacktrace}</pre>
            </div>
          ) : (
            <p className="dim">
              {focus.endedAt
                ? `No exception recorded (${focus.state}${focus.endReason ? `: ${focus.endReason}` : ''}).`
                : 'Still running.'}
            </p>
          )}
          <div className="two-col">
            <div>
              <h3>Last log lines</h3>
              {focus.lastLogs?.length ? (
                <pre className="logs" data-testid="last-logs">
                  {focus.lastLogs.join('\n')}
                </pre>
              ) : (
                <p className="dim">none captured</p>
              )}
            </div>
            <InFlightSection instance={focus} />
          </div>
        </Panel>
      )}

      {focus?.memory && (
        <Panel
          title={
            <>
              Memory of instance <span className="mono">{focus.instanceId}</span>
            </>
          }
          testId="memory"
        >
          <MemoryChart memory={focus.memory} startedAtMs={timeMs(focus.startedAt)} />
        </Panel>
      )}

      <LogsPanel
        namespace={pod.namespace}
        podName={pod.podName}
        from={logsWindow.from}
        to={logsWindow.to}
        live={!gone}
      />

      <Panel title="Last runtime metrics">
        {data.lastMetrics.length ? (
          <div className="metrics">
            {data.lastMetrics.map((m) => (
              <div
                key={m.name}
                className="kpi"
                title={`${m.name} @ ${formatDateTime(timeMs(m.timestamp), { alwaysDate: true })}`}
              >
                <span className="kpi-label">{m.name}</span>
                <span className="kpi-value">{formatMetric(m.value, m.unit)}</span>
              </div>
            ))}
          </div>
        ) : (
          <p className="dim">no metrics stored</p>
        )}
      </Panel>

      <div className="two-col">
        <Panel title="Slowest transactions" flush>
          <TxTable rows={data.slowest} onOpen={(r) => navigate(`/traces/${r.traceId}`)} testId="slowest" />
        </Panel>
        <Panel title="Failed transactions" flush>
          {data.failed.length ? (
            <TxTable rows={data.failed} onOpen={(r) => navigate(`/traces/${r.traceId}`)} testId="failed" />
          ) : (
            <Empty>none</Empty>
          )}
        </Panel>
      </div>
      <p className="dim">
        <a href={href('/tmap', { pod: pod.podName, namespace: pod.namespace, from: first - 60_000, to: end + 60_000 })}>
          Open this pod's lifetime in the T-Map →
        </a>
      </p>
    </div>
  );
}

function Fact({ k, children }: { k: string; children: React.ReactNode }) {
  return (
    <div className="fact">
      <span className="kpi-label">{k}</span>
      <span>{children}</span>
    </div>
  );
}

/** Instances as segments on the pod's lifetime, coloured by how each ended. */
function Lifetime(props: {
  instances: InstanceInfo[];
  from: number;
  to: number;
  picked: string | null;
  onPick: (id: string) => void;
}) {
  const span = Math.max(1, props.to - props.from);
  return (
    <div className="lifetime">
      <div className="lifetime-track">
        {props.instances.map((i) => {
          const st = timeMs(i.startedAt);
          const en = timeMs(i.endedAt);
          const end = Number.isFinite(en) ? en : props.to;
          return (
            <button
              type="button"
              key={i.instanceId}
              className={`seg-inst st-${i.state}${props.picked === i.instanceId ? ' picked' : ''}`}
              style={{
                left: `${((st - props.from) / span) * 100}%`,
                width: `${Math.max(0.5, ((end - st) / span) * 100)}%`,
              }}
              title={`${i.instanceId}\n${formatDateTime(st, { alwaysDate: true })} → ${Number.isFinite(en) ? formatDateTime(en, { alwaysDate: true }) : 'now'}\n${i.state}${i.endReason ? `: ${i.endReason}` : ''}`}
              onClick={() => props.onPick(i.instanceId)}
            />
          );
        })}
      </div>
      <div className="lifetime-axis dim">
        <span>{formatDateTime(props.from, { alwaysDate: true })}</span>
        <span>{formatDuration(span)}</span>
        <span>{formatDateTime(props.to, { alwaysDate: true })}</span>
      </div>
    </div>
  );
}
