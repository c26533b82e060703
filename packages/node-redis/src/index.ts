import {
  ChannelSubscriptions,
  type LockScript,
  type RedisCommander,
  type SeedLockOptions,
  lock as seedLock,
} from '@mutex/core';

/**
 * What this adapter uses of a node-redis client or cluster (`createClient`, `createCluster`;
 * redis 5 or 6, RESP2 or RESP3): spelled out so that every flavour of client fits.
 */
export interface NodeRedisClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  duplicate(): NodeRedisSubscriber;
}

/** The duplicated connection that carries release notifications. */
export interface NodeRedisSubscriber {
  connect(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  close(): Promise<unknown>;
}

/** A `RedisCommander` over a node-redis client; `close()` ends what it opened itself. */
export interface NodeRedisCommander extends RedisCommander, AsyncDisposable {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes the subscriber connection it duplicated, if one is open. Leaves `client` alone. */
  close(): Promise<void>;
}

function isNodeRedis(client: unknown): client is NodeRedisClient {
  const candidate = client as Partial<NodeRedisClient> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.evalSha === 'function' &&
    typeof candidate.duplicate === 'function'
  );
}

const isNoScript = (error: unknown) =>
  error instanceof Error && error.message.startsWith('NOSCRIPT');

/**
 * Lets `@mutex/core` lock over a connected node-redis client or cluster you already built.
 * Scripts run with EVALSHA, falling back to EVAL on NOSCRIPT. Release notifications use a
 * duplicate of `client`, connected while someone waits.
 */
export function nodeRedisCommander(client: NodeRedisClient): NodeRedisCommander {
  if (!isNodeRedis(client)) {
    throw new TypeError(
      'nodeRedisCommander expects a node-redis client or cluster (from createClient or createCluster)',
    );
  }
  const subscriptions = new ChannelSubscriptions(async (deliver) => {
    const subscriber = client.duplicate();
    // A failing subscriber surfaces as a rejected subscribe; don't also log each reconnect.
    subscriber.on('error', () => {});
    await subscriber.connect();
    return {
      subscribe: async (channel) => {
        await subscriber.subscribe(channel, (message) => deliver(channel, message));
      },
      unsubscribe: async (channel) => {
        await subscriber.unsubscribe(channel);
      },
      close: async () => {
        await subscriber.close();
      },
    };
  });

  return {
    async eval(script: LockScript, keys: readonly string[], args: readonly string[]) {
      const options = { keys: [...keys], arguments: [...args] };
      try {
        return await client.evalSha(script.sha1, options);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return client.eval(script.source, options);
      }
    },
    subscribe: (channel, onMessage) => subscriptions.subscribe(channel, onMessage),
    close: () => subscriptions.close(),
    [Symbol.asyncDispose]: () => subscriptions.close(),
  };
}

const commanders = new WeakMap<NodeRedisClient, NodeRedisCommander>();

/**
 * `simple-redis-mutex`'s `lock(client, name, options)` over node-redis, same contract and
 * same Redis key. Resolves to an async `unlock()`.
 */
export async function lock(
  client: NodeRedisClient,
  lockName: string,
  options?: SeedLockOptions,
): Promise<() => Promise<void>> {
  let commander = commanders.get(client);
  if (commander === undefined) {
    commander = nodeRedisCommander(client);
    commanders.set(client, commander);
  }
  return seedLock(commander, lockName, options);
}
