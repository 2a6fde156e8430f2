import { Readable } from 'node:stream';
import { CollectorError } from '../errors.js';
import { writeTable } from './cluster-layout.js';
export function chdbTarget(chdb) {
    return {
        async insertTsv(table, columns, body, settings) {
            await chdb.rawInsert({ table, values: body, format: 'TabSeparated', columns, settings });
        },
        async insertJson(table, body, settings) {
            await chdb.rawInsert({ table, values: body, format: 'JSONEachRow', settings });
        },
    };
}
export function serverTarget(client) {
    return {
        async insertTsv(table, columns, body, settings) {
            await client.insert({
                table,
                values: Readable.from([body]),
                format: 'TabSeparated',
                columns: columns,
                clickhouse_settings: settings,
            });
        },
        async insertJson(table, body, settings) {
            await client.insert({
                table,
                values: Readable.from([body]),
                format: 'JSONEachRow',
                clickhouse_settings: settings,
            });
        },
    };
}
/**
 * Inserts encoded TSV batches into `<database>.<table>`. A deduplication token makes a re-sent
 * batch a no-op (tables carry `non_replicated_deduplication_window`; materialized views
 * deduplicate with it too).
 */
export class TableWriter {
    target;
    database;
    fault = null;
    constructor(target, database) {
        this.target = target;
        this.database = database;
    }
    setFaultInjector(fn) {
        this.fault = fn;
    }
    async injected(table) {
        const f = this.fault?.(table);
        if (!f)
            return;
        if (f instanceof Error)
            throw new CollectorError('STORE_INSERT', `${table}: ${f.message}`, { cause: f });
        await new Promise((r) => setTimeout(r, f.delayMs));
    }
    async insert(table, columns, body, rows, token) {
        const t0 = performance.now();
        if (rows === 0 || body.length === 0)
            return { rows: 0, bytes: 0, ms: 0 };
        if (this.fault)
            await this.injected(table);
        const settings = {};
        if (token)
            settings.insert_deduplication_token = token;
        try {
            await this.target.insertTsv(`${this.database}.${table}`, columns, body, settings);
        }
        catch (err) {
            throw new CollectorError('STORE_INSERT', `${table}: ${err.message}`, { cause: err });
        }
        return { rows, bytes: body.length, ms: performance.now() - t0 };
    }
    /** Inserts JSON rows (JSONEachRow); for small, infrequent writes such as lifecycle state. */
    async insertJson(table, rows, token) {
        if (rows.length === 0)
            return;
        if (this.fault)
            await this.injected(table);
        const body = Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'));
        const settings = {};
        if (token)
            settings.insert_deduplication_token = token;
        // on a cluster, sharded state tables through their Distributed table, synchronously (a read
        // right after must find the row): see store/cluster-layout.ts
        const target = writeTable(this.database, table);
        if (target !== table)
            settings.insert_distributed_sync = 1;
        try {
            await this.target.insertJson(`${this.database}.${target}`, body, settings);
        }
        catch (err) {
            throw new CollectorError('STORE_INSERT', `${table}: ${err.message}`, { cause: err });
        }
    }
}
/** Error codes of ClickHouse that mean "this data cannot be inserted", not "ClickHouse is unwell". */
const DATA_ERROR_CODES = new Set([6, 26, 27, 32, 33, 38, 41, 53, 69, 70, 72, 117, 130, 131, 349, 563]);
export function isDataError(err) {
    for (let e = err, depth = 0; e && depth < 6; depth++) {
        const o = e;
        if (typeof o.clickhouseCode === 'number' && DATA_ERROR_CODES.has(o.clickhouseCode))
            return true;
        const m = /Code: (\d+)\./.exec(o.message ?? '');
        if (m && DATA_ERROR_CODES.has(Number(m[1])))
            return true;
        e = o.cause;
    }
    return false;
}
//# sourceMappingURL=writer.js.map