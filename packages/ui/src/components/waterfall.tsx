import type { LogRecord } from '@podtrail/contracts/api';
import { useMemo, useState } from 'react';
import type { TraceResponse } from '../api/types.js';
import { timeMs } from '../api/types.js';
import { PALETTE } from '../charts/uplot-chart.js';
import { formatDateTime, formatMs, shortPodLabel } from '../lib/format.js';
import { href } from '../lib/hooks.js';
import { logsBySpan, severityClass } from '../lib/logs.js';
import { dbStatement, spanTimeKind, transactionBreakdown } from '../lib/trace-breakdown.js';
import { layoutTrace } from '../lib/trace-tree.js';
import { TimeShare } from './time-share.js';

const isErr = (code: string | number) => code === 'Error' || code === 2 || code === 'STATUS_CODE_ERROR';

/**
 * A trace as a waterfall: one bar per span at its offset, indented under its parent; the trace's
 * log lines under the span that wrote them, the ones without a known span at the end. Above it, the
 * first transaction's time by kind (database, http out, own code); a click on a span opens its
 * details: the SQL of a database call, a transaction's own time split, every attribute.
 */
export function Waterfall({ trace, logs = [] }: { trace: TraceResponse; logs?: readonly LogRecord[] }) {
  const layout = useMemo(() => layoutTrace(trace.spans), [trace]);
  const placed = useMemo(
    () =>
      logsBySpan(
        layout.rows.map((r) => r.span.spanId),
        logs,
      ),
    [layout, logs],
  );
  const [open, setOpen] = useState<string | null>(null);
  const rootTx = layout.rows.find((r) => r.span.isTransaction)?.span;
  const rootShare = useMemo(
    () => (rootTx ? transactionBreakdown(trace.spans, rootTx.spanId) : undefined),
    [trace, rootTx],
  );
  const color = (svc: string) => PALETTE[layout.services.indexOf(svc) % PALETTE.length];
  const total = Math.max(layout.durationMs, 0.001);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="waterfall" data-testid="waterfall" data-spans={layout.rows.length}>
      <div className="wf-meta">
        <span className="mono">trace {trace.traceId}</span>
        <span>{formatDateTime(layout.startMs, { millis: true, alwaysDate: true })}</span>
        <span>{formatMs(layout.durationMs)}</span>
        <span>{layout.rows.length} spans</span>
        <span className="wf-services">
          {layout.services.map((s) => (
            <span key={s}>
              <i className="dot" style={{ background: color(s) }} />
              {s}
            </span>
          ))}
        </span>
        <span className="wf-dur" />
      </div>
      {rootTx && rootShare && <TimeShare breakdown={rootShare} title={`${rootTx.serviceName} ${rootTx.name}`} />}
      <div className="wf-row wf-axis">
        <span className="wf-name" />
        <span className="wf-track">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t * 100}%` }}>
              {formatMs(t * total)}
            </span>
          ))}
        </span>
      </div>
      {layout.rows.map(({ span, depth, offsetMs }) => {
        const left = (offsetMs / total) * 100;
        const width = Math.max(0.3, (span.durationMs / total) * 100);
        const err = isErr(span.statusCode);
        const callKind = spanTimeKind(span);
        const sql = dbStatement(span);
        return (
          <div key={span.spanId}>
            <button
              type="button"
              className={`wf-row${err ? ' wf-err' : ''}${open === span.spanId ? ' wf-open' : ''}`}
              onClick={() => setOpen(open === span.spanId ? null : span.spanId)}
              data-testid="wf-span"
            >
              <span
                className="wf-name"
                style={{ paddingLeft: 6 + depth * 14 }}
                title={`${span.serviceName} · ${span.podName}`}
              >
                <i className="dot" style={{ background: color(span.serviceName) }} />
                <span className={`wf-kind${callKind === 'db' ? ' wf-kind-db' : ''}`} data-kind={callKind ?? ''}>
                  {callKind === 'db' ? 'db' : span.kind?.slice(0, 3).toLowerCase()}
                </span>
                {span.name}
              </span>
              <span className="wf-track">
                <span
                  className="wf-bar"
                  style={{
                    left: `${Math.min(left, 99.7)}%`,
                    width: `${Math.min(width, 100 - Math.min(left, 99.7))}%`,
                    background: err ? 'var(--red)' : color(span.serviceName),
                  }}
                />
              </span>
              <span className="wf-dur">{formatMs(span.durationMs)}</span>
            </button>
            {open === span.spanId && (
              <div className="wf-detail" data-testid="wf-detail">
                {sql && (
                  <pre className="wf-sql" data-testid="wf-sql">
                    {sql}
                  </pre>
                )}
                {span.isTransaction && span.spanId !== rootTx?.spanId && (
                  <TimeShare breakdown={transactionBreakdown(trace.spans, span.spanId)} title="this transaction" />
                )}
                <dl>
                  <dt>service</dt>
                  <dd>{span.serviceName}</dd>
                  <dt>pod</dt>
                  <dd>
                    <a
                      href={href(
                        `/pods/${encodeURIComponent(String(span.attributes?.['k8s.namespace.name'] ?? 'default'))}/${encodeURIComponent(span.podName)}`,
                      )}
                    >
                      {span.podName}
                    </a>
                  </dd>
                  <dt>span</dt>
                  <dd className="mono">{span.spanId}</dd>
                  <dt>start</dt>
                  <dd>{formatDateTime(timeMs(span.startTime), { millis: true })}</dd>
                  <dt>status</dt>
                  <dd>
                    {String(span.statusCode)}
                    {span.statusMessage ? ` — ${span.statusMessage}` : ''}
                  </dd>
                  {Object.entries(span.attributes ?? {}).map(([k, v]) => (
                    <Attr key={k} k={k} v={v} />
                  ))}
                </dl>
                {span.events?.length > 0 && (
                  <div className="wf-events">
                    {span.events.map((ev, i) => (
                      <div key={`${ev.name}${i}`}>
                        <b>{ev.name}</b>
                        {ev.attributes && (
                          <pre>
                            {Object.entries(ev.attributes)
                              .map(([k, v]) => `${k}: ${String(v)}`)
                              .join('\n')}
                          </pre>
                        )}
                      </div>
                    ))}
                  </div>
                )}
              </div>
            )}
            <SpanLogs lines={placed.bySpan.get(span.spanId)} depth={depth + 1} startMs={layout.startMs} />
          </div>
        );
      })}
      {layout.rows.length === 0 && <div className="empty">No spans stored for this trace.</div>}
      {placed.orphans.length > 0 && (
        <div className="wf-orphan-logs" data-testid="wf-orphan-logs">
          <div className="wf-logs-head dim">log lines without a span in this trace</div>
          <SpanLogs lines={placed.orphans} depth={0} startMs={layout.startMs} />
        </div>
      )}
      <div className="wf-foot dim">
        pods: {[...new Set(layout.rows.map((r) => shortPodLabel(r.span.podName)))].join(', ')}
      </div>
    </div>
  );
}

/** Log lines under a span row: offset from the trace start, severity and body. */
function SpanLogs({ lines, depth, startMs }: { lines: LogRecord[] | undefined; depth: number; startMs: number }) {
  if (!lines?.length) return null;
  return (
    <div className="wf-logs" data-testid="wf-logs">
      {lines.map((l, i) => (
        <div
          key={`${i}-${l.ts}`}
          className={`wf-log ${severityClass(l.severityNumber)}`}
          data-testid="wf-log"
          data-span={l.spanId ?? ''}
          style={{ paddingLeft: 6 + depth * 14 }}
        >
          <span className="wf-log-at dim">+{formatMs(Math.max(0, Date.parse(l.ts) - startMs))}</span>
          <span className="log-sev">{l.severity || '–'}</span>
          <span className="mono">{l.body}</span>
        </div>
      ))}
    </div>
  );
}

function Attr({ k, v }: { k: string; v: unknown }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
    </>
  );
}
