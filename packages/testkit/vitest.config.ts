import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'testkit',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
