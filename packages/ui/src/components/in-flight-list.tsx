import type { InFlight, InstanceInfo } from '../api/types.js';
import { timeMs } from '../api/types.js';
import { formatDateTime, formatMs } from '../lib/format.js';
import { navigate } from '../lib/hooks.js';

/**
 * What an instance was serving when it ended: the list its stop/crash event carried, else (a
 * SIGKILLed or vanished instance says nothing at its end) the list of its last heartbeat, marked
 * "at last heartbeat, N s before it vanished".
 */
export function InFlightSection({ instance }: { instance: InstanceInfo }) {
  // a stop or crash event said what ran at the end, even when that was nothing
  const saidAtEnd = instance.state === 'stopped' || instance.state === 'crashed';
  if (instance.inFlight?.length) {
    return (
      <div data-testid="in-flight-ended">
        <h3>In flight when it ended</h3>
        <InFlightTable items={instance.inFlight} atMs={timeMs(instance.endedAt)} />
      </div>
    );
  }
  const hb = instance.lastHeartbeat;
  if (!hb || saidAtEnd) {
    return (
      <div>
        <h3>In flight when it ended</h3>
        <p className="dim">nothing</p>
      </div>
    );
  }
  const at = timeMs(hb.at);
  const when =
    hb.secondsBeforeEnd === null
      ? `at last heartbeat (${formatDateTime(at)})`
      : `at last heartbeat, ${hb.secondsBeforeEnd} s before it ${instance.state === 'killed' ? 'vanished' : 'ended'}`;
  return (
    <div data-testid="in-flight-heartbeat" data-seconds-before={hb.secondsBeforeEnd ?? ''}>
      <h3>In flight {when}</h3>
      {hb.inFlight.length ? (
        <>
          <InFlightTable items={hb.inFlight} atMs={at} />
          <p className="dim">
            {hb.inFlightTotal > hb.inFlight.length
              ? `the oldest ${hb.inFlight.length} of ${hb.inFlightTotal} running`
              : `${hb.inFlightTotal} running`}{' '}
            longer than {formatMs(hb.inFlightThresholdMs)}
          </p>
        </>
      ) : (
        <p className="dim">nothing running longer than {formatMs(hb.inFlightThresholdMs)}</p>
      )}
    </div>
  );
}

function InFlightTable({ items, atMs }: { items: InFlight[]; atMs: number }) {
  return (
    <table className="grid">
      <thead>
        <tr>
          <th>route</th>
          <th>running for</th>
          <th>trace</th>
        </tr>
      </thead>
      <tbody>
        {items.map((f, i) => (
          <tr
            key={`${f.spanId || i}`}
            data-trace={f.traceId}
            onClick={() => f.traceId && navigate(`/traces/${f.traceId}`)}
          >
            <td title={f.url}>
              {f.method} {f.route || f.url}
            </td>
            <td className="num">{f.startedAt && Number.isFinite(atMs) ? formatMs(atMs - timeMs(f.startedAt)) : '–'}</td>
            <td className="mono dim">{f.traceId ? f.traceId.slice(0, 8) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
