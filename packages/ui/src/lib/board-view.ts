import type { BoardApdexClass } from './apdex.js';
import { type BoardGroup, type BoardRow, byName } from './board.js';

/**
 * What the board shows of each workload at fleet size (500 live pods): a collapsed workload is its
 * head line only; an open one its top N pods, the rest counted as "and N more" until expanded.
 */
export interface GroupView {
  group: BoardGroup;
  collapsed: boolean;
  /** in the board's stable order (running by name, ended last) */
  visible: BoardRow[];
  /** pods not shown (all of them when collapsed) */
  hidden: number;
}

export interface BoardViewOptions {
  /** pods shown per open workload; Infinity shows all */
  topN: number;
  /** group keys (`namespace/workload`) collapsed to their head line */
  collapsed: ReadonlySet<string>;
  /** group keys showing all their pods whatever topN */
  expanded: ReadonlySet<string>;
}

const SEVERITY: Record<BoardApdexClass, number> = { frustrating: 3, tolerating: 2, satisfying: 1, idle: 0 };

/**
 * Which pods of a workload matter most: running before ended, then the worst Apdex, the most
 * errors, the busiest, and by name (so the choice is stable between equal pods).
 */
export function byImportance(a: BoardRow, b: BoardRow): number {
  return (
    Number(a.ended) - Number(b.ended) ||
    SEVERITY[b.apdexClass] - SEVERITY[a.apdexClass] ||
    b.errors - a.errors ||
    b.tps - a.tps ||
    byName(a.podName, b.podName)
  );
}

/** The n most important rows, kept in the order they came in (a wall screen does not shuffle). */
export function topRows(rows: readonly BoardRow[], n: number): BoardRow[] {
  if (rows.length <= n) return [...rows];
  const keep = new Set([...rows].sort(byImportance).slice(0, Math.max(0, n)));
  return rows.filter((r) => keep.has(r));
}

export function viewBoard(groups: readonly BoardGroup[], o: BoardViewOptions): GroupView[] {
  return groups.map((group) => {
    if (o.collapsed.has(group.key)) return { group, collapsed: true, visible: [], hidden: group.rows.length };
    const visible = o.expanded.has(group.key) ? [...group.rows] : topRows(group.rows, o.topN);
    return { group, collapsed: false, visible, hidden: group.rows.length - visible.length };
  });
}

/** A set with `key` added or removed (state updates need a new set). */
export function toggled(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
