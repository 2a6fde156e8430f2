import type { KubernetesContainer, KubernetesTermination } from '@podtrail/contracts/api';
import { timeMs } from '../api/types.js';
import { formatDateTime } from './format.js';

/** One `kubectl describe pod` line: label and value. */
export type DescribeLine = [label: string, value: string];

const when = (iso: string | null): string => {
  const ms = timeMs(iso);
  return Number.isFinite(ms) ? formatDateTime(ms, { alwaysDate: true }) : '–';
};

function terminatedLines(t: KubernetesTermination): DescribeLine[] {
  const lines: DescribeLine[] = [
    ['Reason', t.reason || '–'],
    ['Exit Code', String(t.exitCode)],
  ];
  if (t.signal) lines.push(['Signal', t.signalName ? `${t.signal} (${t.signalName})` : String(t.signal)]);
  if (t.message) lines.push(['Message', t.message]);
  if (t.cause) lines.push(['Cause', t.cause]);
  lines.push(['Started', when(t.startedAt)], ['Finished', when(t.finishedAt)]);
  return lines;
}

/** A container's state as `kubectl describe pod` prints it: State, Last State, Ready, Restart Count. */
export function describeContainer(c: KubernetesContainer): {
  state: DescribeLine[];
  lastState: DescribeLine[];
  rest: DescribeLine[];
} {
  const stateName = c.state ? c.state[0]!.toUpperCase() + c.state.slice(1) : 'Unknown';
  const state: DescribeLine[] = [['State', stateName]];
  if (c.reason) state.push(['Reason', c.reason]);
  const lastState: DescribeLine[] = c.lastState
    ? [['Last State', 'Terminated'], ...terminatedLines(c.lastState)]
    : [['Last State', '–']];
  return {
    state,
    lastState,
    rest: [
      ['Ready', c.ready ? 'True' : 'False'],
      ['Restart Count', String(c.restartCount)],
    ],
  };
}

/**
 * How a pod or instance ended when the cluster's word replaced the agent's inferred one:
 * "OOMKilled (cluster) — agent said: vanished"; '' when the agent's own end stands.
 */
export function endSourceNote(x: { endReason: string; endSource?: string; agentEndReason?: string }): string {
  if (x.endSource !== 'kubernetes') return '';
  return `${x.endReason || '–'} (cluster)${x.agentEndReason ? ` — agent said: ${x.agentEndReason}` : ''}`;
}
