import type { TransactionRow } from '../api/types.js';
import { timeMs } from '../api/types.js';
import { formatCount, formatDateTime, formatMs, shortId, shortPodLabel } from '../lib/format.js';

export type TxSort = 'duration' | 'time';

interface Props {
  rows: readonly TransactionRow[];
  total?: number;
  sort?: TxSort;
  order?: 'asc' | 'desc';
  onSort?: (sort: TxSort) => void;
  offset?: number;
  limit?: number;
  onPage?: (offset: number) => void;
  onOpen?: (row: TransactionRow) => void;
  selected?: string | null;
  testId?: string;
}

export function isErrorTx(r: TransactionRow): boolean {
  return r.error || Number(r.statusCode) >= 500;
}

/** Transactions, one per line: time, duration, status, route, service, pod; click for the trace. */
export function TxTable(p: Props) {
  const arrow = (s: TxSort) => (p.sort === s ? (p.order === 'asc' ? ' ▲' : ' ▼') : '');
  const sortable = (s: TxSort, label: string) =>
    p.onSort ? (
      <button type="button" className="th-sort" onClick={() => p.onSort?.(s)}>
        {label}
        {arrow(s)}
      </button>
    ) : (
      label
    );
  const offset = p.offset ?? 0;
  const limit = p.limit ?? p.rows.length;
  return (
    <div>
      <div className={`table-wrap${p.rows.length > 15 ? ' tx-scroll' : ''}`}>
        <table className="grid tx" data-testid={p.testId ?? 'tx-table'} data-total={p.total ?? p.rows.length}>
          <thead>
            <tr>
              <th>{sortable('time', 'end time')}</th>
              <th className="num">{sortable('duration', 'duration')}</th>
              <th>status</th>
              <th>transaction</th>
              <th>service</th>
              <th>pod</th>
              <th>trace</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr
                key={`${r.traceId}:${r.spanId}`}
                className={`${isErrorTx(r) ? 'row-err' : ''}${p.selected === r.traceId ? ' row-sel' : ''}`}
                onClick={() => p.onOpen?.(r)}
                data-testid="tx-row"
                data-tx={r.name}
                data-trace={r.traceId}
                data-error={isErrorTx(r) ? '1' : '0'}
              >
                <td className="mono">{formatDateTime(timeMs(r.endTime), { millis: true })}</td>
                <td className="num mono">{formatMs(r.durationMs)}</td>
                <td>
                  <span className={isErrorTx(r) ? 'badge badge-err' : 'badge badge-ok'}>
                    {String(r.statusCode || (r.error ? 'ERR' : 'OK'))}
                  </span>
                </td>
                <td className="ellipsis" title={r.name}>
                  {r.method && <span className="method">{r.method}</span>}
                  {r.route || r.name}
                </td>
                <td>{r.serviceName}</td>
                <td title={r.podName}>{shortPodLabel(r.podName)}</td>
                <td className="mono dim">{shortId(r.traceId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.onPage && p.total !== undefined && p.total > limit && (
        <div className="pager">
          <button type="button" disabled={offset <= 0} onClick={() => p.onPage?.(Math.max(0, offset - limit))}>
            ‹ prev
          </button>
          <span>
            {formatCount(offset + 1)}–{formatCount(Math.min(p.total, offset + limit))} of {formatCount(p.total)}
          </span>
          <button type="button" disabled={offset + limit >= p.total} onClick={() => p.onPage?.(offset + limit)}>
            next ›
          </button>
        </div>
      )}
    </div>
  );
}
