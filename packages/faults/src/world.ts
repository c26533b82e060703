import { createLockClient, type LockClient } from '@mutex/core';
import {
  type LocalRedis,
  startLocalRedis,
  startTcpProxy,
  startUpstashRestServer,
  type TcpProxy,
  type UpstashRestServer,
} from '@mutex/testkit';
import { type AdapterName, connect, type Endpoints } from '@mutex/tools/adapters';
import { Redis } from 'ioredis';

/**
 * A Redis this test owns, a fault-injecting proxy in front of it, and the Upstash-REST
 * endpoint talking to Redis through that proxy too: so every adapter's traffic crosses the
 * proxy, and `inspector` (direct) sees the truth.
 */
export interface World {
  redis: LocalRedis;
  proxy: TcpProxy;
  rest: UpstashRestServer;
  endpoints: Endpoints;
  inspector: Redis;
  /** A lock client over a fresh client of the adapter under test; closed with the world. */
  locks(adapter: AdapterName): Promise<LockClient>;
  close(): Promise<void>;
}

export async function startWorld(redisArgs: string[] = []): Promise<World> {
  const redis = await startLocalRedis(redisArgs);
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: redis.port });
  const rest = await startUpstashRestServer({ redisUrl: proxy.url });
  const inspector = new Redis(redis.url);
  inspector.on('error', () => {});
  const endpoints = { redisUrl: proxy.url, restUrl: rest.url, restToken: rest.token };
  const closers: (() => Promise<void>)[] = [];
  return {
    redis,
    proxy,
    rest,
    endpoints,
    inspector,
    async locks(adapter) {
      const { commander, close } = await connect(adapter, endpoints);
      closers.push(close);
      return createLockClient(commander);
    },
    async close() {
      // A close that waits on a broken connection must not hold the suite up.
      const bounded = (work: Promise<unknown>) =>
        Promise.race([work.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000))]);
      await Promise.all(closers.map((close) => bounded(close())));
      inspector.disconnect();
      await rest.stop();
      await proxy.stop();
      await redis.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds, or throws after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
) {
  const deadline = performance.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Settles `promise` into its outcome and how long it took, in ms. */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ value?: T; error?: Error; ms: number }> {
  const started = performance.now();
  try {
    const value = await promise;
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error: error as Error, ms: performance.now() - started };
  }
}
