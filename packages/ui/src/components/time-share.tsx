import { formatMs } from '../lib/format.js';
import { TIME_KIND_LABEL, TIME_KINDS, type TimeBreakdown, type TimeKind } from '../lib/trace-breakdown.js';

export const TIME_KIND_COLOR: Record<TimeKind, string> = {
  db: 'var(--orange)',
  http: 'var(--blue)',
  other: 'var(--yellow)',
  own: 'var(--green)',
};

const pct = (part: number, total: number) => (total > 0 ? (part / total) * 100 : 0);

/** A transaction's time split by kind (database, http out, other calls, own code): a bar and its legend. */
export function TimeShare({ breakdown, title }: { breakdown: TimeBreakdown; title: string }) {
  const kinds = TIME_KINDS.filter((k) => breakdown.ms[k] > 0 || k === 'own');
  return (
    <div className="time-share" data-testid="wf-share">
      <span className="time-share-title dim">{title}</span>
      <span className="time-share-bar">
        {kinds.map((k) => (
          <span
            key={k}
            className="time-share-seg"
            style={{ width: `${pct(breakdown.ms[k], breakdown.totalMs)}%`, background: TIME_KIND_COLOR[k] }}
            title={`${TIME_KIND_LABEL[k]} ${formatMs(breakdown.ms[k])}`}
          />
        ))}
      </span>
      <span className="time-share-legend">
        {kinds.map((k) => (
          <span key={k} data-testid="wf-share-kind" data-kind={k}>
            <i className="dot" style={{ background: TIME_KIND_COLOR[k] }} />
            {TIME_KIND_LABEL[k]} {pct(breakdown.ms[k], breakdown.totalMs).toFixed(0)}%{' '}
            <span className="dim">{formatMs(breakdown.ms[k])}</span>
          </span>
        ))}
      </span>
    </div>
  );
}
