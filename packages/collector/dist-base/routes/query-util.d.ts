import type { Params } from '../store/query.js';
/** Longest window any route accepts (aggregates live 30 days). */
export declare const MAX_WINDOW_MS: number;
export declare const DEFAULT_WINDOW_MS: number;
/** Parses a TimeParam (epoch ms, ISO-8601, now, now-15m). ISO without a zone is UTC. */
export declare function parseTime(raw: string, nowMs: number, field: string): number;
export interface Range {
    fromMs: number;
    toMs: number;
}
export declare function resolveRange(q: {
    from?: string | undefined;
    to?: string | undefined;
}, nowMs?: number, opts?: {
    defaultMs?: number;
    maxMs?: number;
    fromField?: string;
    toField?: string;
}): Range;
/** Whole-second window [fromSec, toSec) covering [fromMs, toMs). */
export declare function secondsOf(r: Range): {
    fromSec: number;
    toSec: number;
};
export type SortDirection = 'ASC' | 'DESC';
/** One ORDER BY term: a column name or alias (never an expression) and a direction. */
export type OrderTerm = readonly [column: string, direction: SortDirection];
/**
 * The query builder: the one place where SQL text is composed at run time. A statement in
 * `store/sql/*.sql` leaves its dynamic part to it as slots: `{where}` becomes the conditions added
 * here (static fragments written in this package, ANDed; `1` without any), `{order_by}` a list of
 * column names with a direction. Values are always bound as `{pN:Type}` server-side parameters
 * (`params`), never written into the text.
 */
export declare class Where {
    readonly parts: string[];
    readonly params: Params;
    private n;
    /** Adds `fragment` where `$` is replaced by a fresh `{pN:type}` placeholder bound to value. */
    bind(fragment: string, type: string, value: unknown): this;
    /** Like bind, for fragments with several `$` placeholders (bound in order). */
    bindAll(fragment: string, ...values: Array<[type: string, value: unknown]>): this;
    /** Adds `column = {pN:String}` when value is defined. `column` must be a literal from the caller. */
    eq(column: string, value: string | undefined): this;
    /** The pod scope filters: ServiceName / Namespace / Workload / PodName equal to the given values. */
    podScope(q: {
        service?: string;
        namespace?: string;
        workload?: string;
        pod?: string;
    }): this;
    raw(fragment: string): this;
    sql(): string;
    /**
     * Fills the builder slots of a statement (`sql(name, db)`): `{where}` with these conditions and,
     * when the statement has one, `{order_by}` with `orderBy`. A missing or unexpected slot throws.
     */
    render(statement: string, orderBy?: readonly OrderTerm[]): string;
}
/** Escapes a value for use inside a LIKE pattern (\, % and _), for binding as a parameter. */
export declare function escapeLike(s: string): string;
export declare function iso(ms: number | string): string;
export declare function isoOrNull(ms: number | string | null | undefined): string | null;
export declare function num(v: unknown): number;
export declare function niceStep(windowSec: number, maxCols: number): number;
//# sourceMappingURL=query-util.d.ts.map