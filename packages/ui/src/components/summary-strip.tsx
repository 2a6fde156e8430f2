import type { BoardGroup } from '../lib/board.js';
import { formatCount, formatMs, formatPercent, formatTps } from '../lib/format.js';

/** Totals across the board: rate, latency, volume, errors, pods. */
export function SummaryStrip({
  groups,
  windowLabel,
  large,
}: {
  groups: BoardGroup[];
  windowLabel: string;
  large?: boolean;
}) {
  let tps = 0;
  let count = 0;
  let errors = 0;
  let durSum = 0;
  let running = 0;
  let ended = 0;
  let restarts = 0;
  for (const g of groups) {
    tps += g.tps;
    count += g.count;
    errors += g.errors;
    running += g.running;
    ended += g.ended;
    restarts += g.restarts;
    if (g.count > 0 && Number.isFinite(g.avgMs)) durSum += g.avgMs * g.count;
  }
  const items: [string, string, string?][] = [
    ['throughput', formatTps(tps)],
    ['avg latency', formatMs(count > 0 ? durSum / count : Number.NaN)],
    [`transactions · ${windowLabel}`, formatCount(count)],
    [
      'errors',
      `${formatCount(errors)}${count > 0 ? ` · ${formatPercent(errors / count)}` : ''}`,
      errors > 0 ? 'err-text' : '',
    ],
    ['pods running', String(running)],
    ['ended (recent)', String(ended), ended > 0 ? 'muted' : ''],
    ['restarts', String(restarts), restarts > 0 ? 'warn-text' : ''],
  ];
  return (
    <div className={`summary${large ? ' summary-large' : ''}`} data-testid="summary">
      {items.map(([k, v, cls]) => (
        <div key={k} className="kpi">
          <span className="kpi-label">{k}</span>
          <span className={`kpi-value ${cls ?? ''}`}>{v}</span>
        </div>
      ))}
    </div>
  );
}
