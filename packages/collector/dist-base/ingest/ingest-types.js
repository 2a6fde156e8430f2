export function isRawTraces(d) {
    return typeof d === 'object' && d !== null && 'raw' in d;
}
//# sourceMappingURL=ingest-types.js.map