// Page sizes of the list APIs, kept apart from their schemas so the dashboard can read them
// without bundling the schema library.

/** rows (GET /pods) or groups (GET /velocity) in a page asked for without `limit` */
export const LIST_PAGE_DEFAULT = 500;
/** the largest `limit` GET /pods, /velocity and /events take */
export const LIST_PAGE_MAX = 5000;
