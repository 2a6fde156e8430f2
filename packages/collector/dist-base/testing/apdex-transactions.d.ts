import { type ApdexCounts } from '@podtrail/contracts/rules';
/**
 * One pod-second of transactions (duration ms, failed) for the read-time Apdex tests: none shares a
 * latency bucket with T or 4T of either threshold in APDEX_TEST_THRESHOLDS, so counts from the
 * histogram equal the per-transaction zones (hub.test.ts checks that guard).
 */
export declare const APDEX_TEST_TXS: ReadonlyArray<readonly [ms: number, failed: boolean]>;
export declare const APDEX_TEST_THRESHOLDS: readonly [50, 250];
/** What apdexZone gives per transaction of APDEX_TEST_TXS against T. */
export declare function apdexTestZones(thresholdMs: number): ApdexCounts;
//# sourceMappingURL=apdex-transactions.d.ts.map