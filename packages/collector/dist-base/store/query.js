import { ApiError } from '../errors.js';
import { BUILDER_SLOTS } from './sql.js';
/** Whether the app has a store (a query-only app for the live stream may run without one). */
export function hasCh(app) {
    return app.hasDecorator('ch');
}
/** The store, or `APM_ERR_API_STORE_UNAVAILABLE` (503) when the app has none. */
export function getCh(app) {
    if (!hasCh(app))
        throw new ApiError('API_STORE_UNAVAILABLE');
    return app.ch;
}
const UNFILLED_SLOT = new RegExp(`\\{(?:${BUILDER_SLOTS.join('|')})\\}`);
/** Runs a read query with server-side parameters and returns JSON rows. */
export async function select(ch, query, params = {}) {
    if (UNFILLED_SLOT.test(query))
        throw new Error(`statement has an unfilled builder slot: ${query.slice(0, 200)}`);
    const rs = await ch.reader.query({ query, query_params: params, format: 'JSONEachRow' });
    return (await rs.json());
}
//# sourceMappingURL=query.js.map