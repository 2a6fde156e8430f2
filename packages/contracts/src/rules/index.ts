export * from './apdex.js';
export * from './latency-buckets.js';
export * from './paging.js';
export * from './transaction.js';
