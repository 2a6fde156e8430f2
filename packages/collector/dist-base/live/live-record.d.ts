import { PodTransition } from '@podtrail/contracts/api';
import { type LivePodSecond } from '@podtrail/contracts/wire';
/**
 * Validates and normalizes one row from the wire: a positive integer second, strings strings
 * (absent ones ''), counts non-negative integers with errors <= count, durations finite and
 * non-negative, a valid histogram. Null when anything is off.
 */
export declare function normalizeRow(r: unknown): LivePodSecond | null;
/** Validates a transition from the wire (the API shape, a readable time); a copy without extra fields. */
export declare function normalizeTransition(e: unknown): PodTransition | null;
//# sourceMappingURL=live-record.d.ts.map