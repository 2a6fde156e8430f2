import { apdexZone } from '@podtrail/contracts/rules';
/**
 * One pod-second of transactions (duration ms, failed) for the read-time Apdex tests: none shares a
 * latency bucket with T or 4T of either threshold in APDEX_TEST_THRESHOLDS, so counts from the
 * histogram equal the per-transaction zones (hub.test.ts checks that guard).
 */
export const APDEX_TEST_TXS = [
    [4, false],
    [30, false],
    [30, true],
    [60, false],
    [130, false],
    [170, false],
    [300, false],
    [700, false],
    [1100, false],
    [3000, false],
    [9000, true],
];
export const APDEX_TEST_THRESHOLDS = [50, 250];
/** What apdexZone gives per transaction of APDEX_TEST_TXS against T. */
export function apdexTestZones(thresholdMs) {
    const out = { satisfied: 0, tolerating: 0, frustrated: 0 };
    for (const [ms, failed] of APDEX_TEST_TXS)
        out[apdexZone(ms, thresholdMs, failed)]++;
    return out;
}
//# sourceMappingURL=apdex-transactions.js.map