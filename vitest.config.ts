import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // A file fails when an error escaped while it ran (see the file).
    setupFiles: ['test/support/no-escaped-errors.ts'],
    // Generous: on a shared 2-core machine a real server, real cores and pdf.js share the CPU.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests start real servers; more workers only add contention.
    maxWorkers: 2,
  },
});
