// Page sizes of the list APIs, kept apart from their schemas so the dashboard can read them
// without bundling the schema library.

/** groups in a page of GET /velocity without `limit` (as GET /pods) */
export const VELOCITY_DEFAULT_LIMIT = 500;
/** the largest `limit` GET /velocity takes */
export const VELOCITY_MAX_LIMIT = 5000;
