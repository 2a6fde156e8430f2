// The collector's test store helper (chDB temp dir, or the server of CLICKHOUSE_URL with a
// database of its own), from source: `pnpm build` does not compile the collector's test helpers.
export { type ClickHouseTarget, clickhouseTarget } from '../../packages/collector/src/testing/clickhouse-target.js';
