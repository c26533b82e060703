// Vitest collects the Bun-run files (`vitest list`, nothing runs) so that test/bun.test.ts
// knows, from Vitest itself, every test Bun must have passed: a runner difference that drops
// or renames a test fails that check instead of going unnoticed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sourceResolution } from '../../../../vitest.shared.ts';

const alias = sourceResolution.resolve?.alias;

export default defineConfig({
  resolve: {
    alias: [
      ...(Array.isArray(alias) ? alias : []),
      { find: /^bun$/, replacement: fileURLToPath(new URL('./collect-stub.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/bun/*.spec.ts'],
    env: {
      MUTEX_BUN_REDIS_URL: 'redis://collected-only:6379',
      MUTEX_BUN_CLUSTER_NODES: 'collected-only:7000',
    },
  },
});
