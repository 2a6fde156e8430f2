// Types of demo-database.mjs for the TypeScript end-to-end tests that prepare the demo's schema.
export declare const DEMO_DB_NAME: string;
export declare const DEMO_USERS: number;
export declare const DEMO_MESSAGES: number;
export declare function startDemoDatabase(
  log: (msg: string) => void,
): Promise<{ url: string; stop: () => Promise<void> } | { url: undefined; reason: string }>;
export declare function prepareDemoSchema(url: string): Promise<void>;
