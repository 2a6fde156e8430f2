// Wire constants only (no protobuf codec): cheap to import, used by the agent inside the app process.
export * from './heartbeat.js';
export * from './lifecycle.js';
export * from './resource-keys.js';
export * from './topics.js';
