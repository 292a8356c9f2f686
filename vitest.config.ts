import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one fork less than the cores: a single fork on a 2-core CI machine, which then idles a
    // core while most suites wait on servers, child processes and PostgreSQL. At least two forks keep both busy.
    // File order stays vitest's: slowest first from its results cache, largest first without one.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // One throwaway PostgreSQL per run for the database contract suite (or SCONES_TEST_DATABASE_URL).
    globalSetup: ['test/support/postgres-cluster.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
