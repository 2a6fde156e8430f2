export * from './retry/index.js';
export * from './rules/index.js';
export * from './wire/index.js';
