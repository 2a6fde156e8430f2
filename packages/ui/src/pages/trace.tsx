import type { LogRecord } from '@podtrail/contracts/api';
import { api } from '../api/client.js';
import { Empty, Panel } from '../components/panel.js';
import { Waterfall } from '../components/waterfall.js';
import { usePoll } from '../lib/hooks.js';

const NO_LOGS: readonly LogRecord[] = [];

export function TracePage({ traceId }: { traceId: string }) {
  const t = usePoll(`trace:${traceId}`, (signal) => api.trace(traceId, { signal }), null);
  // the trace's log lines; the waterfall shows without them while they load or if they fail
  const logs = usePoll(`trace-logs:${traceId}`, (signal) => api.traceLogs(traceId, { signal }), null);
  return (
    <div className="page">
      <div className="toolbar">
        <h1>Trace</h1>
        <span className="mono dim">{traceId}</span>
      </div>
      <Panel title="Waterfall">
        {t.data ? (
          <Waterfall trace={t.data} logs={logs.data?.logs ?? NO_LOGS} />
        ) : (
          <Empty>{t.error ? t.error.message : 'loading…'}</Empty>
        )}
      </Panel>
    </div>
  );
}
