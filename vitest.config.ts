import { defineConfig } from 'vitest/config';

/**
 * The integration tests of the records run twice: on the embedded SQLite store (every
 * test) and on PostgreSQL (the `postgres` project: one throwaway PostgreSQL for the run,
 * a database per test server; issue 13). A test about SQLite itself skips on the second.
 */
const postgresLeg = ['test/integration/server-records/**/*.test.ts', 'test/integration/server/**/*.test.ts'];

export default defineConfig({
  test: {
    // A file fails when an error escaped while it ran (see the file).
    setupFiles: ['test/support/no-escaped-errors.ts'],
    // Generous: on a shared 2-core machine a real server, real cores and pdf.js share the CPU.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests start real servers; more workers only add contention.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      {
        extends: true,
        // sqlite-checkpoint is about the SQLite file's WAL itself.
        test: { name: 'postgres', include: postgresLeg, exclude: ['test/integration/server/sqlite-checkpoint.test.ts'], env: { OPENCABINET_TEST_STORE: 'postgres' }, globalSetup: ['test/support/postgres-global.ts'] },
      },
    ],
  },
});
