import type { SeedLock } from '@mutex/core';
import {
  ChannelSubscriptions,
  evalCached,
  type LockScript,
  type RedisCommander,
  seedLockFor,
} from '@mutex/core/adapter';

/**
 * What this adapter uses of a node-redis client or cluster (`createClient`, `createCluster`;
 * redis 5 or 6, RESP2 or RESP3): spelled out so that every flavour of client fits.
 */
export interface NodeRedisClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** SET NX, with or without PX: 'OK' when set, null when the key exists. */
  set(key: string, value: string, options: { NX: true; PX?: number }): Promise<unknown>;
  duplicate(): NodeRedisSubscriber;
  /** Connected (or connecting); false before `connect()` and after `close()`. */
  readonly isOpen?: boolean;
  /** Connected and ready for commands. */
  readonly isReady?: boolean;
}

/** The duplicated connection that carries release notifications. */
export interface NodeRedisSubscriber {
  connect(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  sSubscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  sUnsubscribe(channel: string): Promise<unknown>;
  close(): Promise<unknown>;
}

/** A `RedisCommander` over a node-redis client; `close()` ends what it opened itself. */
export interface NodeRedisCommander extends RedisCommander, AsyncDisposable {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes the subscriber connection it duplicated, if one is open. Leaves `client` alone. */
  close(): Promise<void>;
}

/**
 * node-redis says only "The client is closed" for a client never connected, which is the
 * usual slip (node-redis clients start closed, unlike ioredis's): say what to do.
 */
function explainClosed(error: unknown): unknown {
  if (!(error instanceof Error) || !/client is closed/i.test(error.message)) return error;
  const hint = new Error(
    `The node-redis client is not open: call await client.connect() before locking, and close it only once its locks are released (node-redis said: ${error.message})`,
    { cause: error },
  );
  hint.name = error.name;
  return hint;
}

/** Where a single client connects, for messages: host and port only, never the password. */
function addressOf(client: NodeRedisClient): string | undefined {
  const { options } = client as {
    options?: { url?: unknown; socket?: { host?: unknown; port?: unknown; path?: unknown } };
  };
  const socket = options?.socket;
  if (typeof socket?.path === 'string') return socket.path;
  if (typeof socket?.host === 'string') return `${socket.host}:${socket.port ?? 6379}`;
  if (typeof options?.url !== 'string') return undefined;
  try {
    const { hostname, port } = new URL(options.url);
    return `${hostname}:${port || 6379}`;
  } catch {
    return undefined;
  }
}

/**
 * Why `client` cannot take commands. node-redis keeps its socket's error to itself (it emits
 * it to the owner's 'error' listener, which this adapter leaves alone), so the address is
 * what is named.
 */
function connectionProblem(client: NodeRedisClient): string | undefined {
  if (client.isOpen === false)
    return 'the node-redis client is closed: call await client.connect()';
  if (client.isReady !== false) return undefined;
  const address = addressOf(client);
  return `the node-redis client is not ready (connecting or reconnecting${address ? ` to ${address}` : ''}): is Redis running there, and are the host and port right? Its 'error' listener gets the reason`;
}

/** A cluster (`createCluster`) routes by slot; a single client has no slot map. */
const isCluster = (client: NodeRedisClient) =>
  typeof (client as { getSlotRandomNode?: unknown }).getSlotRandomNode === 'function';

function isNodeRedis(client: unknown): client is NodeRedisClient {
  const candidate = client as Partial<NodeRedisClient> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.evalSha === 'function' &&
    typeof candidate.duplicate === 'function'
  );
}

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
  // On a cluster (Redis 7+), handoffs go with SPUBLISH to the shard that owns the lock
  // rather than to every node, and waiters listen there with SSUBSCRIBE.
  const sharded = isCluster(client);
  const subscriptions = new ChannelSubscriptions(async (deliver) => {
    const subscriber = client.duplicate();
    // A failing subscriber surfaces as a rejected subscribe; don't also log each reconnect.
    subscriber.on('error', () => {});
    await subscriber.connect();
    return {
      subscribe: async (channel) => {
        const listener = (message: string) => deliver(channel, message);
        await (sharded
          ? subscriber.sSubscribe(channel, listener)
          : subscriber.subscribe(channel, listener));
      },
      unsubscribe: async (channel) => {
        await (sharded ? subscriber.sUnsubscribe(channel) : subscriber.unsubscribe(channel));
      },
      close: async () => {
        await subscriber.close();
      },
    };
  });

  return {
    eval(script: LockScript, keys: readonly string[], args: readonly string[]) {
      const options = { keys: [...keys], arguments: [...args] };
      return evalCached(
        script,
        (sha1) => client.evalSha(sha1, options),
        (source) => client.eval(source, options),
      ).catch((error: unknown) => {
        throw explainClosed(error);
      });
    },
    async setIfAbsent(key, value, lease) {
      const options =
        lease === undefined ? { NX: true as const } : { NX: true as const, PX: lease };
      try {
        return (await client.set(key, value, options)) === 'OK';
      } catch (error) {
        throw explainClosed(error);
      }
    },
    subscribe: (channel, onMessage) => subscriptions.subscribe(channel, onMessage),
    shardedPubSub: sharded,
    adapter: 'node-redis',
    connectionProblem: () => connectionProblem(client),
    close: () => subscriptions.close(),
    [Symbol.asyncDispose]: () => subscriptions.close(),
  };
}

/**
 * `simple-redis-mutex`'s `lock(client, name, options)` over node-redis, same contract and
 * same Redis key. Resolves to an async `unlock()`.
 */
export const lock: SeedLock<NodeRedisClient> = seedLockFor(nodeRedisCommander);
