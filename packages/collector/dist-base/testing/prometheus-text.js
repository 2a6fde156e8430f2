/**
 * The value of one sample in Prometheus text exposition (`GET /metrics`): the metric name and
 * exactly these labels; 0 when the sample is absent (a counter never incremented with them).
 */
export function metricValue(text, name, labels = {}) {
    const want = Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .sort()
        .join(',');
    for (const line of text.split('\n')) {
        if (line.startsWith('#'))
            continue;
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
        if (!m || m[1] !== name)
            continue;
        const got = (m[2] ?? '').split(',').filter(Boolean).sort().join(',');
        if (got === want)
            return Number(m[3]);
    }
    return 0;
}
//# sourceMappingURL=prometheus-text.js.map