import { ApiError } from '../errors.js';
/** Longest window any route accepts (aggregates live 30 days). */
export const MAX_WINDOW_MS = 31 * 86_400_000;
export const DEFAULT_WINDOW_MS = 15 * 60_000;
const REL_RE = /^now(?:-(\d{1,6})([smhd]))?$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Parses a TimeParam (epoch ms, ISO-8601, now, now-15m). ISO without a zone is UTC. */
export function parseTime(raw, nowMs, field) {
    if (/^\d{1,16}$/.test(raw)) {
        const n = Number(raw);
        if (n > 8_640_000_000_000)
            throw new ApiError('API_BAD_TIME', `${field} is out of range`, field);
        return n;
    }
    const rel = REL_RE.exec(raw);
    if (rel)
        return rel[1] ? nowMs - Number(rel[1]) * UNIT_MS[rel[2]] : nowMs;
    let iso = raw;
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(iso))
        iso += 'Z';
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms))
        throw new ApiError('API_BAD_TIME', `${field} is not a valid time`, field);
    return ms;
}
export function resolveRange(q, nowMs = Date.now(), opts = {}) {
    const fromField = opts.fromField ?? 'from';
    const toField = opts.toField ?? 'to';
    const toMs = q.to !== undefined ? parseTime(q.to, nowMs, toField) : nowMs;
    const fromMs = q.from !== undefined ? parseTime(q.from, nowMs, fromField) : toMs - (opts.defaultMs ?? DEFAULT_WINDOW_MS);
    if (fromMs >= toMs)
        throw new ApiError('API_BAD_TIME', `${fromField} must be before ${toField}`, fromField);
    if (toMs - fromMs > (opts.maxMs ?? MAX_WINDOW_MS))
        throw new ApiError('API_BAD_TIME', `the window is longer than ${Math.round((opts.maxMs ?? MAX_WINDOW_MS) / 86_400_000)} days`, fromField);
    return { fromMs, toMs };
}
/** Whole-second window [fromSec, toSec) covering [fromMs, toMs). */
export function secondsOf(r) {
    const fromSec = Math.floor(r.fromMs / 1000);
    const toSec = Math.max(fromSec + 1, Math.ceil(r.toMs / 1000));
    return { fromSec, toSec };
}
const ORDER_COLUMN_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * The query builder: the one place where SQL text is composed at run time. A statement in
 * `store/sql/*.sql` leaves its dynamic part to it as slots: `{where}` becomes the conditions added
 * here (static fragments written in this package, ANDed; `1` without any), `{order_by}` a list of
 * column names with a direction. Values are always bound as `{pN:Type}` server-side parameters
 * (`params`), never written into the text.
 */
export class Where {
    parts = [];
    params = {};
    n = 0;
    /** Adds `fragment` where `$` is replaced by a fresh `{pN:type}` placeholder bound to value. */
    bind(fragment, type, value) {
        const name = `p${this.n++}`;
        this.params[name] = value;
        this.parts.push(fragment.replaceAll('$', `{${name}:${type}}`));
        return this;
    }
    /** Like bind, for fragments with several `$` placeholders (bound in order). */
    bindAll(fragment, ...values) {
        let i = 0;
        const out = fragment.replace(/\$/g, () => {
            const [type, value] = values[i++];
            const name = `p${this.n++}`;
            this.params[name] = value;
            return `{${name}:${type}}`;
        });
        this.parts.push(out);
        return this;
    }
    /** Adds `column = {pN:String}` when value is defined. `column` must be a literal from the caller. */
    eq(column, value) {
        if (value !== undefined)
            this.bind(`${column} = $`, 'String', value);
        return this;
    }
    /** The pod scope filters: ServiceName / Namespace / Workload / PodName equal to the given values. */
    podScope(q) {
        return this.eq('ServiceName', q.service)
            .eq('Namespace', q.namespace)
            .eq('Workload', q.workload)
            .eq('PodName', q.pod);
    }
    raw(fragment) {
        this.parts.push(fragment);
        return this;
    }
    sql() {
        return this.parts.length ? this.parts.join(' AND ') : '1';
    }
    /**
     * Fills the builder slots of a statement (`sql(name, db)`): `{where}` with these conditions and,
     * when the statement has one, `{order_by}` with `orderBy`. A missing or unexpected slot throws.
     */
    render(statement, orderBy) {
        if (!statement.includes('{where}'))
            throw new Error('the statement has no {where} slot');
        const hasOrder = statement.includes('{order_by}');
        if (hasOrder !== (orderBy !== undefined))
            throw new Error(hasOrder ? 'the statement needs an ORDER BY list' : 'the statement has no {order_by} slot');
        let out = statement.replaceAll('{where}', () => this.sql());
        if (orderBy) {
            if (orderBy.length === 0)
                throw new Error('empty ORDER BY list');
            const terms = orderBy.map(([column, dir]) => {
                if (!ORDER_COLUMN_RE.test(column) || (dir !== 'ASC' && dir !== 'DESC'))
                    throw new Error(`bad ORDER BY term ${column} ${dir}`);
                return `${column} ${dir}`;
            });
            out = out.replaceAll('{order_by}', () => terms.join(', '));
        }
        return out;
    }
}
/** Escapes a value for use inside a LIKE pattern (\, % and _), for binding as a parameter. */
export function escapeLike(s) {
    return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
export function iso(ms) {
    return new Date(Number(ms)).toISOString();
}
export function isoOrNull(ms) {
    if (ms === null || ms === undefined)
        return null;
    return iso(ms);
}
export function num(v) {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : 0;
}
/** Picks a "nice" step (seconds) so that the window has at most maxCols columns. */
const NICE_STEPS = [
    1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
export function niceStep(windowSec, maxCols) {
    for (const s of NICE_STEPS)
        if (Math.ceil(windowSec / s) <= maxCols)
            return s;
    return Math.ceil(windowSec / maxCols / 86400) * 86400;
}
//# sourceMappingURL=query-util.js.map