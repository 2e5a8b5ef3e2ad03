import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most suites wait on sockets and timers, not the CPU: two at a time halves the run on 2 cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
