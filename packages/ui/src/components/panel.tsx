import type { ReactNode } from 'react';

export function Panel(props: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
  flush?: boolean;
}) {
  return (
    <section className={`panel ${props.className ?? ''}`} data-testid={props.testId}>
      <header className="panel-head">
        <h2>{props.title}</h2>
        {props.actions && <div className="panel-actions">{props.actions}</div>}
      </header>
      <div className={props.flush ? 'panel-body flush' : 'panel-body'}>{props.children}</div>
    </section>
  );
}

/** Last known data stays visible; this says when it is older than it should be. */
export function StaleNote({ error, updatedAt }: { error: Error | null; updatedAt: number }) {
  if (!error) return null;
  return (
    <span className="stale" title={error.message}>
      {updatedAt ? `stale · retrying` : 'unavailable · retrying'}
    </span>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
