import { TupleParam } from '@clickhouse/client';
import { sql } from '../store/sql.js';
import { isDataError } from '../store/writer.js';
import { instanceToRow, podToRow } from './lifecycle-rows.js';
import { VersionClock } from './version-clock.js';
/**
 * The tracker's reads and writes of `instances`, `pods` and `pod_transitions` (queries in
 * `store/sql/lifecycle_*.sql`). Every version read raises the version clock, so the rows written
 * next supersede them (see VersionClock); each written row gets its version when it is built.
 */
export class LifecycleStore {
    o;
    versions;
    constructor(o) {
        this.o = o;
        this.versions = new VersionClock(o.now);
    }
    /** Running instances of every pod (the caller keeps those of the partitions it owns). */
    runningInstances() {
        return this.read('lifecycle_running_instances', {});
    }
    runningPods() {
        return this.read('lifecycle_pods_by_state', { state: 'running' });
    }
    /** The newest pod of each (namespace, pod name) that the store has (one query). */
    pods(keys) {
        return this.read('lifecycle_pods_by_keys', { keys: keys.map((k) => new TupleParam([...k])) });
    }
    /** The most recent instances of each (namespace, pod name) (one query). */
    podsInstances(keys) {
        return this.read('lifecycle_pods_instances', { keys: keys.map((k) => new TupleParam([...k])) });
    }
    async read(query, params) {
        const rs = await this.o.reader.query({
            query: sql(query, this.o.database),
            query_params: params,
            format: 'JSONEachRow',
        });
        const rows = (await rs.json());
        for (const r of rows)
            this.versions.observe(r.Version);
        return rows;
    }
    /** Returns the transitions stored (a row refused as data is dropped; see insertRows). */
    insertTransitions(rows) {
        return this.insertRows('pod_transitions', rows);
    }
    async insertInstances(entries) {
        await this.insertRows('instances', entries.map((e) => instanceToRow(e, this.versions.next())));
    }
    async insertPods(entries) {
        await this.insertRows('pods', entries.map((e) => podToRow(e, this.versions.next())));
    }
    /**
     * Inserts rows; when ClickHouse refuses the block as data (a parse error, a value out of
     * range), inserts them one by one and drops only the rows it refuses (logged and counted), so
     * a bad row never blocks a lifecycle partition nor takes the other rows with it. Returns the
     * rows stored. Any other error (ClickHouse down) is thrown: the caller keeps the rows pending.
     */
    async insertRows(table, rows) {
        const { tables } = this.o;
        try {
            await tables.insertJson(table, rows);
            return rows;
        }
        catch (err) {
            if (!isDataError(err))
                throw err;
        }
        const stored = [];
        for (const row of rows) {
            try {
                await tables.insertJson(table, [row]);
                stored.push(row);
            }
            catch (err) {
                if (!isDataError(err))
                    throw err;
                this.o.metrics.errors.inc({ kind: 'lifecycle-rows-refused' });
                this.o.log.error({ err, table, row }, 'lifecycle row refused by ClickHouse; dropped');
            }
        }
        return stored;
    }
}
//# sourceMappingURL=lifecycle-store.js.map