const CLASS: Record<string, string> = {
  running: 'ok',
  ready: 'ok',
  stopped: 'muted',
  restarted: 'warn',
  killed: 'warn',
  crashed: 'err',
};

export function StateBadge({ state, reason }: { state: string; reason?: string }) {
  return (
    <span className={`badge badge-${CLASS[state] ?? 'muted'}`} title={reason || state} data-state={state}>
      {state}
    </span>
  );
}
