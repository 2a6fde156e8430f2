/**
 * Names a transaction from its URL path when no framework gives `http.route`: `/api/mail/4711`
 * becomes `/api/mail/{id}`. Variable segments are recognised by shape (integers, UUIDs, hex and
 * base64-like ids, long mixed tokens, dates, percent-encoded values, e-mail addresses); words and
 * slugs stay. User rules (`PODTRAIL_URL_TEMPLATES`, e.g. `/api/users/:id/orders/:orderId`) are tried
 * first. The number of distinct names is capped: once `maxNames` are known, a new one becomes
 * `OVERFLOW_TEMPLATE` and is counted, so an id the detection misses cannot explode cardinality in
 * the store, the board or the live stream.
 */

/** The name given to paths beyond the cap. */
export const OVERFLOW_TEMPLATE = '/…';

export interface UrlTemplaterOptions {
  /** user rules, `:name` marks a variable segment, `*` at the end matches the rest of the path */
  rules?: readonly string[];
  /** distinct templates kept per service (default 500) */
  maxNames?: number;
}

interface Rule {
  /** per segment: the literal to match, or null for a variable */
  segments: (string | null)[];
  /** the template it gives, with `{name}` for each variable */
  template: string;
  /** `*` at the end: any further segments are kept as `/*` */
  rest: boolean;
}

const DEFAULT_MAX_NAMES = 500;
/** paths remembered with their template (cleared when full: ids make most paths one-offs) */
const RECENT_PATHS = 1024;

/** Parses `/api/users/:id/orders/:orderId` (and `/files/*`); throws with the rule on a bad one. */
export function parseUrlRule(rule: string): Rule {
  if (!rule.startsWith('/')) throw new Error(`URL template rule must start with / (got ${JSON.stringify(rule)})`);
  const parts = rule.split('/').slice(1);
  const rest = parts.at(-1) === '*';
  if (rest) parts.pop();
  const segments: (string | null)[] = [];
  const out: string[] = [];
  for (const p of parts) {
    if (p.startsWith(':') || (p.startsWith('{') && p.endsWith('}'))) {
      const name = p.startsWith(':') ? p.slice(1) : p.slice(1, -1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new Error(`URL template rule ${JSON.stringify(rule)}: bad variable name ${JSON.stringify(p)}`);
      segments.push(null);
      out.push(`{${name}}`);
    } else {
      if (p.includes('*') || p.includes('{') || p.includes('}'))
        throw new Error(`URL template rule ${JSON.stringify(rule)}: * is only allowed as the last segment`);
      segments.push(p);
      out.push(p);
    }
  }
  return { segments, template: `/${out.join('/')}${rest ? '/*' : ''}`, rest };
}

function applyRule(rule: Rule, segs: readonly string[]): string | null {
  if (rule.rest ? segs.length < rule.segments.length : segs.length !== rule.segments.length) return null;
  for (let i = 0; i < rule.segments.length; i++) {
    const lit = rule.segments[i];
    if (lit !== null && lit !== segs[i]) return null;
    if (lit === null && segs[i] === '') return null;
  }
  return rule.template;
}

const RE_INT = /^\d+$/;
const RE_UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const RE_HEX = /^(?:0x)?[0-9a-f]{8,}$/i;
const RE_DATE = /^\d{4}-\d{2}-\d{2}(?:[T_ ]\d{2}:?\d{2}(?::?\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const RE_TOKEN_CHARS = /^[A-Za-z0-9_~.=+-]+$/;
const RE_EXT = /^(.+?)(\.[A-Za-z][A-Za-z0-9]{0,7})$/;

/** The placeholder for a variable segment, or null when the segment is a word to keep. */
export function classifySegment(seg: string): string | null {
  if (seg === '') return null;
  if (seg.includes('%') || seg.includes('@')) return '{value}';
  // an id with a file extension keeps the extension: 4711.json -> {id}.json
  const ext = RE_EXT.exec(seg);
  if (ext?.[1] && ext[2]) {
    const inner = classifyBare(ext[1]);
    if (inner) return `${inner}${ext[2]}`;
  }
  return classifyBare(seg);
}

function classifyBare(seg: string): string | null {
  const c0 = seg.charCodeAt(0);
  const startsWithDigit = c0 >= 48 && c0 <= 57;
  if (startsWithDigit && RE_INT.test(seg)) return '{id}';
  if (RE_UUID.test(seg)) return '{uuid}';
  if (startsWithDigit && RE_DATE.test(seg)) return '{date}';
  let digits = 0;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  if (digits > 0 && RE_HEX.test(seg)) return '{hex}';
  if (!RE_TOKEN_CHARS.test(seg)) return null;
  // Long mixed tokens and base64-like ids: letters mixed with digits, or upper mixed with lower
  // case in a run no word has. Slugs (lower-case words and hyphens) stay.
  if (seg.length >= 16 && ((digits > 0 && upper + lower > 0) || (upper > 0 && lower > 0 && !seg.includes('-'))))
    return '{token}';
  // shorter ids made mostly of digits: INV-2024-0042, PO-88412 (not x86_64)
  if (seg.length >= 8 && digits >= 4 && digits * 2 >= seg.length - 1) return '{id}';
  return null;
}

/** The template of a path (no query string) by shape alone, without rules or cap. */
export function templateOfPath(path: string): string {
  let changed = false;
  const segs = path.split('/');
  for (let i = 1; i < segs.length; i++) {
    const v = classifySegment(segs[i] as string);
    if (v !== null) {
      segs[i] = v;
      changed = true;
    }
  }
  return changed ? segs.join('/') : path;
}

/** One per service (the agent serves one): rules, shape detection and the cap on names. */
export class UrlTemplater {
  private readonly rules: Rule[];
  private readonly maxNames: number;
  private readonly names = new Set<string>();
  /** requests named OVERFLOW_TEMPLATE because the cap was reached */
  overflowed = 0;
  /** the paths seen most recently and their templates: a hot endpoint costs one map lookup */
  private readonly recent = new Map<string, string>();

  constructor(opts: UrlTemplaterOptions = {}) {
    this.rules = (opts.rules ?? []).map(parseUrlRule);
    this.maxNames = opts.maxNames ?? DEFAULT_MAX_NAMES;
  }

  /** Distinct templates given so far (at most maxNames). */
  get size(): number {
    return this.names.size;
  }

  /** The route template of a path; the query string, if any, is ignored. */
  template(pathWithQuery: string): string {
    const q = pathWithQuery.indexOf('?');
    const path = q === -1 ? pathWithQuery : pathWithQuery.slice(0, q);
    const known = this.recent.get(path);
    if (known !== undefined) return known;
    const t = this.name(path);
    // only named paths are remembered (an overflowed one may be a new id each time)
    if (t !== OVERFLOW_TEMPLATE) {
      if (this.recent.size >= RECENT_PATHS) this.recent.clear();
      this.recent.set(path, t);
    }
    return t;
  }

  private name(path: string): string {
    let t: string | null = null;
    if (this.rules.length > 0) {
      const segs = path.split('/').slice(1);
      for (const r of this.rules) {
        t = applyRule(r, segs);
        if (t !== null) break;
      }
    }
    t ??= templateOfPath(path);
    if (this.names.has(t)) return t;
    if (this.names.size >= this.maxNames) {
      this.overflowed++;
      return OVERFLOW_TEMPLATE;
    }
    this.names.add(t);
    return t;
  }
}
