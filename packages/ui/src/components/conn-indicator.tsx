import { useAuth, useLive, useNow } from '../lib/hooks.js';

/**
 * The small connection light in the header: live, or "reconnecting…" with the next retry. Never a
 * dialog: the page keeps showing the last state while the stream comes back.
 */
export function ConnIndicator() {
  const live = useLive();
  const authState = useAuth();
  const now = useNow(1000);
  const stale = live.status === 'open' && live.lastTickAt > 0 && now - live.lastTickAt > 5000;
  let cls = 'conn-ok';
  let text = 'live';
  if (authState === 'required' || live.status === 'auth') {
    cls = 'conn-err';
    text = 'token required';
  } else if (live.status === 'connecting') {
    cls = 'conn-wait';
    text = 'connecting…';
  } else if (live.status === 'reconnecting' || live.status === 'stopped') {
    cls = 'conn-warn';
    const since = live.disconnectedSince ? Math.round((now - live.disconnectedSince) / 1000) : 0;
    text = `reconnecting…${since >= 5 ? ` ${since}s` : ''}`;
  } else if (stale) {
    cls = 'conn-warn';
    text = `no data ${Math.round((now - live.lastTickAt) / 1000)}s`;
  }
  return (
    <output className={`conn ${cls}`} data-testid="conn" data-status={live.status}>
      <i />
      {text}
    </output>
  );
}
