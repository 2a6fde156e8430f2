import { memo } from 'react';
import type { EventItem } from '../lib/events.js';
import { formatClock, formatDateTime } from '../lib/format.js';
import { href } from '../lib/hooks.js';

/**
 * Pod lifecycle messages and the cluster's Kubernetes events, newest first:
 * `[INFO] pod started; agent connected. Agent: …`, `[WARN] k8s BackOff: Back-off restarting …`.
 */
function EventListView({ events, large, max = 200 }: { events: readonly EventItem[]; large?: boolean; max?: number }) {
  if (events.length === 0) return <div className="empty">No pod events yet.</div>;
  return (
    <ol className={`events${large ? ' events-large' : ''}`} data-testid="events">
      {events.slice(0, max).map((e) => (
        <li key={e.id} className={`ev ev-${e.level.toLowerCase()}`} data-testid="event" data-level={e.level}>
          <time title={formatDateTime(e.tsMs, { alwaysDate: true, millis: true })}>{formatClock(e.tsMs)}</time>
          <span className="lvl">[{e.level}]</span>
          {large || !e.podName ? (
            <span className="msg">
              <K8sMark e={e} />
              {e.text}
              {e.podName && !e.text.includes(e.podName) && <span className="dim"> {e.podName}</span>}
            </span>
          ) : (
            <a
              className="msg"
              href={href(`/pods/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.podName)}`)}
              title={`${e.namespace}/${e.podName}: open the post-mortem`}
            >
              <K8sMark e={e} />
              {e.text}
              {!e.text.includes(e.podName) && <span className="dim"> {e.podName}</span>}
            </a>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Re-rendered only when the events change (the live store keeps the list while they do not). */
export const EventList = memo(EventListView);

/** Marks a line that came from the cluster (a Kubernetes Event), not from the pod's agent. */
function K8sMark({ e }: { e: EventItem }) {
  if (e.source !== 'kubernetes') return null;
  return (
    <span className="badge badge-k8s" data-testid="k8s-event" title="a Kubernetes Event (from the cluster)">
      k8s
    </span>
  );
}
