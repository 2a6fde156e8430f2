import { defineConfig } from 'vitest/config';

// One run for everything: unit tests next to the code (*.test.ts), integration tests on the
// real broker and embedded ClickHouse (*.int.test.ts), end-to-end flows under test/e2e.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // 2 cores: integration tests each start processes; keep them from fighting.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    fileParallelism: true,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
