import type { ClickHouseClient } from '@clickhouse/client';
import type { RetentionDays } from '../config.js';
/**
 * Time-based retention per data kind, as ClickHouse TTL. Applied at start-up from the config,
 * only when it differs from what the table has (a TTL change is metadata-only here:
 * `materialize_ttl_after_modify = 0`, old parts follow the new rule at their next merge).
 *
 * Pods and instances expire by LastSeen, everything else by its own time column: retention
 * never depends on whether a pod still exists, and a pod that lives longer than the retention
 * is never dropped while it is alive.
 */
export declare function retentionRules(r: RetentionDays): {
    table: string;
    column: string;
    days: number;
}[];
export declare function applyRetention(client: ClickHouseClient, database: string, r: RetentionDays, cluster?: string): Promise<{
    table: string;
    ttl: string;
}[]>;
//# sourceMappingURL=retention.d.ts.map