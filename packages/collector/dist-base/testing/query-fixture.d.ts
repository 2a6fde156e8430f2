import type { ChHandle } from '../store/query.js';
/**
 * Known data for the API integration tests (exported so the security test and the route tests
 * share one data set). All numbers the tests assert are derived in the comments below.
 *
 * - checkout-aaa11 (shop/checkout, running, instance a1): 200 transactions ending at
 *   base+30min+i s (+0.5 s), i = 0..199, duration (i+1)*5 ms, HTTP 500 when i % 20 == 0 (10 errors),
 *   route /buy (even i) or /view (odd i). Each has one CLIENT child span (not a transaction).
 * - checkout-bbb22 (shop/checkout, killed an hour before "now"): 50 transactions of 3000 ms ending
 *   at base+90min+i s.
 * - cart-ccc33 (shop/cart, crashed once then restarted): instance c1: 30 x 200 ms (two of them
 *   StatusCode Error) ending at base+25min+i s; instance c2: 30 x 600 ms and 10 x 1500 ms ending at
 *   base+50min+i s. Apdex T for cart = 300 ms (config), default 500 ms.
 * - trace 1 = checkout tx #0 + its client span + cart c1 tx #0: 3 spans across two services.
 * - resource attributes as ingest stores them: the process's whole resource on the instance rows
 *   (a1: `resourceA1`, c1: `resourceC1`), only non-instance keys on spans: checkout tx #0 carries
 *   `deployment.environment=canary` (overriding the instance's `prod`) and `team=payments`.
 */
export declare const HOUR = 3600000;
export declare const MIN = 60000;
export interface Fixture {
    base: number;
    now: number;
    endedB: number;
    crashC1: number;
    restartC2: number;
    trace1: string;
    aDurationsMs: number[];
    /** instances.ResourceAttributes of a1 / c1 */
    resourceA1: Record<string, string>;
    resourceC1: Record<string, string>;
    /** spans.ResourceAttributes of checkout tx #0 (the root of trace 1) */
    resourceTx0: Record<string, string>;
}
export declare function hex(n: number, len: number): string;
export declare function seedFixture(ch: ChHandle, nowMs?: number): Promise<Fixture>;
//# sourceMappingURL=query-fixture.d.ts.map