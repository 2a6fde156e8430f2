export * from './apdex.js';
export * from './latency-buckets.js';
export * from './transaction.js';
