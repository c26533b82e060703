/**
 * What the tarballs are installed beside: the versions the workspace itself tests with, pinned
 * so that a new release of a peer does not change what this check means. `vitest` and
 * `@opentelemetry/api` are peers of @mutex/testkit and @mutex/opentelemetry (npm would
 * otherwise pick their newest versions); `@types/node` is for the Node projects only, the
 * edge type-check proves the packages compile without it.
 */
export const PINNED = [
  'ioredis@6.0.0',
  'redis@6.3.1',
  '@upstash/redis@1.39.0',
  '@valkey/valkey-glide@2.5.2',
  'typescript@5.9.3',
  'vitest@4.1.12',
  '@opentelemetry/api@1.9.1',
  '@types/node@20.19.43',
];
