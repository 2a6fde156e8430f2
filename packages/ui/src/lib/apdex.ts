import {
  type ApdexClass as ContractApdexClass,
  apdexClass as classOfScore,
  apdexScore as scoreOfCounts,
} from '@podtrail/contracts/rules';
import type { ApdexClass } from '../api/types.js';

/**
 * The Apdex rules are the contract's (`@podtrail/contracts/rules`: score, classes and their
 * limits, zones). This is the one place that maps them to what the board shows: a score is NaN
 * without transactions (formatted as –) and the class `none` shows as `idle`.
 */
export type BoardApdexClass = ApdexClass | 'idle';

/** (satisfied + tolerating / 2) / total; NaN without transactions. */
export function apdexScore(satisfied: number, tolerating: number, frustrated: number): number {
  return scoreOfCounts({ satisfied, tolerating, frustrated }) ?? Number.NaN;
}

/** A class of the contract (or of the API) as the board shows it. */
export function boardApdexClass(c: ContractApdexClass | 'none'): BoardApdexClass {
  return c === 'none' ? 'idle' : c;
}

/** Class of a score, the colour of a tile; `idle` for NaN (no transactions). */
export function apdexClassOfScore(score: number): BoardApdexClass {
  return boardApdexClass(classOfScore(Number.isFinite(score) ? score : null));
}

export function apdexClass(satisfied: number, tolerating: number, frustrated: number): BoardApdexClass {
  return apdexClassOfScore(apdexScore(satisfied, tolerating, frustrated));
}

export const APDEX_LABEL: Record<BoardApdexClass, string> = {
  satisfying: 'Satisfying',
  tolerating: 'Tolerating',
  frustrating: 'Frustrating',
  idle: 'Idle',
};
