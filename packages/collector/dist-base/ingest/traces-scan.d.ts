/**
 * Validates the structure of an ExportTraceServiceRequest (every nested message, wire types,
 * lengths) and counts its spans. Throws WireError on malformed input.
 */
export declare function scanTraces(b: Uint8Array): {
    spans: number;
    resources: number;
};
//# sourceMappingURL=traces-scan.d.ts.map