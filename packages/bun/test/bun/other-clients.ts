// The other adapters' clients, from the packages that depend on them (this package does not):
// the cross-adapter check and the "wrong client" checks use the real thing.
import { createRequire } from 'node:module';

const from = (pkg: string) =>
  createRequire(new URL(`../../../${pkg}/package.json`, import.meta.url));

/** What these tests use of a node-redis client. */
export interface NodeRedisLike {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  evalSha: (...args: never[]) => unknown;
  duplicate: (...args: never[]) => unknown;
}

/** node-redis's `createClient`, as @mutex/node-redis installs it. */
export const createNodeRedisClient = (url: string): NodeRedisLike =>
  (
    from('node-redis')('redis') as { createClient(options: { url: string }): NodeRedisLike }
  ).createClient({ url });

/** An `@upstash/redis` client, as @mutex/upstash installs it (it sends nothing until used). */
export const createUpstashClient = (): object => {
  const { Redis } = from('upstash')('@upstash/redis') as {
    Redis: new (config: { url: string; token: string }) => object;
  };
  return new Redis({ url: 'https://example.invalid', token: 'unused' });
};
