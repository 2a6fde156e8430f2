import type { LogRecord, SeverityLevel } from '@podtrail/contracts/api';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { formatDateTime } from '../lib/format.js';
import { href, usePoll } from '../lib/hooks.js';
import { lineKeys, newerLines, SEVERITY_CHOICES, severityClass, tailFromMs } from '../lib/logs.js';
import { Empty, Panel, StaleNote } from './panel.js';

const PAGE = 100;
const TAIL_MS = 2000;
const TAIL_LIMIT = 500;
const SEARCH_DEBOUNCE_MS = 300;

/** `value`, once it has not changed for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * The log lines of one pod, newest first: severity filter, text search, "load more" with the
 * API's cursor, and a live tail (poll every 2 s) while the pod runs; new lines go on top and the
 * view stays where the reader scrolled to. A line written in a trace links to it.
 */
export function LogsPanel(props: {
  namespace: string;
  podName: string;
  /** epoch ms window; `to` undefined = up to now */
  from: number;
  to: number | undefined;
  live: boolean;
}) {
  const [severity, setSeverity] = useState<'' | SeverityLevel>('');
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const [lines, setLines] = useState<LogRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const linesRef = useRef<LogRecord[] | null>(null);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const heightBefore = useRef<number | null>(null);

  const filters = {
    namespace: props.namespace,
    pod: props.podName,
    ...(severity ? { severity } : {}),
    ...(q ? { q } : {}),
  };
  const key = `logs:${props.namespace}/${props.podName}:${severity}:${q}:${props.from}:${props.to ?? ''}`;

  const first = usePoll(
    key,
    (signal) =>
      api.logs({ ...filters, from: props.from, ...(props.to ? { to: props.to } : {}), limit: PAGE }, { signal }),
    null,
  );
  // a new query (filters, window) starts from an empty list
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the query
  useEffect(() => {
    linesRef.current = null;
    setLines([]);
    setCursor(null);
  }, [key]);
  useEffect(() => {
    if (!first.data) return;
    linesRef.current = first.data.logs;
    setLines(first.data.logs);
    setCursor(first.data.nextCursor);
  }, [first.data]);

  const tail = usePoll(
    `${key}:tail`,
    async (signal) => {
      const shown = linesRef.current;
      if (shown === null) return [];
      const from = tailFromMs(shown, props.from);
      const r = await api.logs({ ...filters, from, limit: TAIL_LIMIT }, { signal });
      return newerLines(linesRef.current ?? shown, r.logs);
    },
    props.live ? TAIL_MS : null,
  );
  useEffect(() => {
    const fresh = tail.data;
    if (!fresh?.length || linesRef.current === null) return;
    heightBefore.current = scrollRef.current?.scrollHeight ?? null;
    const next = [...fresh, ...linesRef.current];
    linesRef.current = next;
    setLines(next);
  }, [tail.data]);
  // keep the reader's place when lines are added on top (at the very top, the new lines show)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each change of the lines
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const before = heightBefore.current;
    heightBefore.current = null;
    if (el && before !== null && el.scrollTop > 0) el.scrollTop += el.scrollHeight - before;
  }, [lines]);

  const loadMore = async () => {
    if (!cursor || more.loading) return;
    setMore({ loading: true, error: null });
    try {
      const r = await api.logs({
        ...filters,
        from: props.from,
        ...(props.to ? { to: props.to } : {}),
        limit: PAGE,
        cursor,
      });
      const next = [...(linesRef.current ?? []), ...r.logs];
      linesRef.current = next;
      setLines(next);
      setCursor(r.nextCursor);
      setMore({ loading: false, error: null });
    } catch (err) {
      setMore({ loading: false, error: (err as Error).message });
    }
  };

  return (
    <Panel
      title="Logs"
      testId="logs-panel"
      actions={
        <>
          {props.live && (
            <span className="logs-live" data-testid="logs-live">
              live
            </span>
          )}
          <select
            aria-label="minimum severity"
            data-testid="logs-severity"
            value={severity}
            onChange={(e) => setSeverity(e.target.value as '' | SeverityLevel)}
          >
            {SEVERITY_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s ? `${s} and above` : 'all levels'}
              </option>
            ))}
          </select>
          <input
            type="search"
            aria-label="search log lines"
            data-testid="logs-search"
            placeholder="search…"
            maxLength={256}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <StaleNote error={first.error ?? tail.error} updatedAt={first.updatedAt} />
        </>
      }
    >
      {lines.length === 0 ? (
        <Empty>
          {first.loading ? 'loading…' : first.error ? `Could not load: ${first.error.message}` : 'no log lines'}
        </Empty>
      ) : (
        <div className="logs-scroll" ref={scrollRef} data-testid="logs-lines" data-count={lines.length}>
          {lineKeys(lines).map((k, i) => (
            <LogLine key={k} line={lines[i]!} />
          ))}
        </div>
      )}
      {cursor && (
        <button type="button" className="logs-more" data-testid="logs-more" onClick={loadMore} disabled={more.loading}>
          {more.loading ? 'loading…' : 'load more'}
        </button>
      )}
      {more.error && <span className="err-text">{more.error}</span>}
    </Panel>
  );
}

export function LogLine({ line }: { line: LogRecord }) {
  return (
    <div className={`log-line ${severityClass(line.severityNumber)}`} data-testid="log-line">
      <span className="log-ts mono dim">{formatDateTime(Date.parse(line.ts), { millis: true })}</span>
      <span className="log-sev">{line.severity || '–'}</span>
      <span className="log-body mono">{line.body}</span>
      {line.traceId && (
        <a className="log-trace mono" href={href(`/traces/${line.traceId}`)} title="open the trace">
          trace {line.traceId.slice(0, 8)}
        </a>
      )}
    </div>
  );
}
