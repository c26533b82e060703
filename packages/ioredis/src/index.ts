import {
  ChannelSubscriptions,
  type LockScript,
  type RedisCommander,
  type SeedLockOptions,
  lock as seedLock,
} from '@mutex/core';
import type { Cluster, Redis } from 'ioredis';

/** A `RedisCommander` over an ioredis client; `close()` ends what it opened itself. */
export interface IoredisCommander extends RedisCommander, AsyncDisposable {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes the subscriber connection it duplicated, if one is open. Leaves `client` alone. */
  close(): Promise<void>;
}

function isIoredis(client: unknown): client is Redis | Cluster {
  const candidate = client as Partial<Redis> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.evalsha === 'function' &&
    typeof candidate.duplicate === 'function'
  );
}

const isNoScript = (error: unknown) =>
  error instanceof Error && error.message.startsWith('NOSCRIPT');

/**
 * Lets `@mutex/core` lock over an ioredis `Redis` or `Cluster` you already built. Scripts run
 * with EVALSHA, falling back to EVAL on NOSCRIPT (on a Cluster the script cache is per node).
 * Release notifications use a duplicate of `client`, opened while someone waits.
 */
export function ioredisCommander(client: Redis | Cluster): IoredisCommander {
  if (!isIoredis(client)) {
    throw new TypeError('ioredisCommander expects an ioredis Redis or Cluster instance');
  }
  const subscriptions = new ChannelSubscriptions(async (deliver) => {
    const subscriber = client.duplicate();
    // A failing subscriber surfaces as a rejected subscribe; don't also log each retry.
    subscriber.on('error', () => {});
    subscriber.on('message', deliver);
    return {
      subscribe: async (channel) => void (await subscriber.subscribe(channel)),
      unsubscribe: async (channel) => void (await subscriber.unsubscribe(channel)),
      close: async () => subscriber.disconnect(),
    };
  });

  return {
    async eval(script: LockScript, keys: readonly string[], args: readonly string[]) {
      try {
        return await client.evalsha(script.sha1, keys.length, ...keys, ...args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return client.eval(script.source, keys.length, ...keys, ...args);
      }
    },
    subscribe: (channel, onMessage) => subscriptions.subscribe(channel, onMessage),
    close: () => subscriptions.close(),
    [Symbol.asyncDispose]: () => subscriptions.close(),
  };
}

const commanders = new WeakMap<Redis | Cluster, IoredisCommander>();

/**
 * `simple-redis-mutex`'s `lock(client, name, options)`, same contract and same Redis key:
 * switch by changing the import. Resolves to an async `unlock()`.
 */
export async function lock(
  client: Redis | Cluster,
  lockName: string,
  options?: SeedLockOptions,
): Promise<() => Promise<void>> {
  let commander = commanders.get(client);
  if (commander === undefined) {
    commander = ioredisCommander(client);
    commanders.set(client, commander);
  }
  return seedLock(commander, lockName, options);
}
