export const INTENT_PREFIX = 'podtrail-intent/1';
export function formatIntent(i) {
    return `${INTENT_PREFIX};end=${i.end};rows=${i.maxRows};bytes=${i.maxBytes}`;
}
/** Parses committed-offset metadata; null when there is no (valid) intent for `committedOffset`. */
export function parseIntent(committedOffset, metadata) {
    if (!metadata || !metadata.startsWith(`${INTENT_PREFIX};`))
        return null;
    if (!/^\d+$/.test(committedOffset))
        return null;
    const fields = new Map();
    for (const part of metadata.slice(INTENT_PREFIX.length + 1).split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0)
            fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
    const end = fields.get('end');
    const rows = Number(fields.get('rows'));
    const bytes = Number(fields.get('bytes'));
    if (!end || !/^\d+$/.test(end) || !(rows > 0) || !(bytes > 0))
        return null;
    if (BigInt(end) < BigInt(committedOffset))
        return null;
    return { start: committedOffset, end, maxRows: rows, maxBytes: bytes };
}
export function dedupToken(topic, partition, firstOffset, lastOffset) {
    return `${topic}:${partition}:${firstOffset}-${lastOffset}`;
}
/**
 * Deterministic chunking: records in order, a new chunk starts when adding the next record would
 * exceed `maxRows` items (a record is never split; a record larger than maxRows is a chunk alone).
 * Returns [startIndex, endIndexExclusive) pairs.
 */
export function planChunks(items, maxRows) {
    const out = [];
    let start = 0;
    let acc = 0;
    for (let i = 0; i < items.length; i++) {
        const n = items[i];
        if (i > start && acc > 0 && acc + n > maxRows) {
            out.push([start, i]);
            start = i;
            acc = 0;
        }
        acc += n;
    }
    if (items.length > start)
        out.push([start, items.length]);
    return out;
}
//# sourceMappingURL=token.js.map