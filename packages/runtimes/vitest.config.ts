import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  // @mutex/testkit from its sources, like every other project (not a build that may be stale
  // or absent); the smoke bundles resolve @mutex/* sources through esbuild's conditions.
  ...sourceResolution,
  test: {
    name: 'runtimes',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
