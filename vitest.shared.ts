import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages', import.meta.url));

/** Tests run each workspace package from its TypeScript sources, never from a stale build. */
export const sourceResolution: Pick<ViteUserConfig, 'resolve'> = {
  resolve: {
    alias: [
      { find: /^@mutex\/([a-z-]+)$/, replacement: `${packages}/$1/src/index.ts` },
      // Subpath exports: `@mutex/core/adapter` is packages/core/src/adapter.ts.
      { find: /^@mutex\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packages}/$1/src/$2.ts` },
    ],
  },
};
