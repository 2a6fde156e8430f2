/**
 * The wall screen's board density: the largest pod cells with which every workload fits the board
 * area (a 1080p screen holds ~1100 x 900 px of board), and, when even the smallest cells do not
 * fit, how many pods per workload to show (the rest as "and N more").
 */
export type WallDensity = 'rows' | 'tiles' | 'compact' | 'micro';

/** Cell sizes (px, gap included) of each density, as styles.css draws them in `.board-large`. */
export const DENSITY_CELL: Record<WallDensity, { width: number | 'full'; height: number }> = {
  rows: { width: 'full', height: 36 },
  tiles: { width: 176, height: 86 },
  compact: { width: 116, height: 46 },
  micro: { width: 26, height: 26 },
};
/** head line of a workload, and the space between workloads */
export const GROUP_HEAD_PX = 32;
const ORDER: WallDensity[] = ['rows', 'tiles', 'compact', 'micro'];

export interface WallFit {
  density: WallDensity;
  /** pods shown per workload; Infinity when all fit */
  topN: number;
}

function perLine(d: WallDensity, width: number): number {
  const w = DENSITY_CELL[d].width;
  return w === 'full' ? 1 : Math.max(1, Math.floor(width / w));
}

/** Height (px) the groups take at density d, showing at most topN pods each (+1 cell for "more"). */
export function boardHeight(podsPerGroup: readonly number[], d: WallDensity, width: number, topN = Infinity): number {
  const per = perLine(d, width);
  let h = 0;
  for (const n of podsPerGroup) {
    const cells = n > topN ? topN + 1 : n;
    h += GROUP_HEAD_PX + Math.ceil(cells / per) * DENSITY_CELL[d].height;
  }
  return h;
}

export function chooseWallDensity(podsPerGroup: readonly number[], box: { width: number; height: number }): WallFit {
  if (box.width <= 0 || box.height <= 0) return { density: 'tiles', topN: Infinity };
  for (const d of ORDER)
    if (boardHeight(podsPerGroup, d, box.width) <= box.height) return { density: d, topN: Infinity };
  // the smallest cells, as many lines per workload as the height allows (at least one: beyond
  // ~25 workloads on 1080p the board scrolls)
  const groups = Math.max(1, podsPerGroup.length);
  const lines = Math.max(1, Math.floor((box.height / groups - GROUP_HEAD_PX) / DENSITY_CELL.micro.height));
  return { density: 'micro', topN: Math.max(1, lines * perLine('micro', box.width) - 1) };
}
