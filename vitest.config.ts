import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser suites start servers, redis and chromium: keep files sequential on 2 cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
