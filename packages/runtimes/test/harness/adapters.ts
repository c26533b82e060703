import type { Expected } from './expect-smoke.js';

/** Each adapter's smoke entry (smoke/entries/<adapter>.ts) and the client it imports. */
export const ADAPTERS = {
  ioredis: { adapter: 'ioredis', external: ['ioredis'] },
  'node-redis': { adapter: 'node-redis', external: ['redis'] },
  upstash: { adapter: 'upstash', external: ['@upstash/redis'] },
} as const satisfies Record<Expected['adapter'], unknown>;
