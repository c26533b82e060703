import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'valkey-glide',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Cost tests read server-wide INFO commandstats: one file at a time per server.
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
