import type { SeedLock } from '@mutex/core';
import {
  ChannelSubscriptions,
  type ConnectionProblem,
  evalCached,
  explainConnectionError,
  type LockScript,
  type RedisCommander,
  seedLockFor,
} from '@mutex/core/adapter';

/**
 * What this adapter uses of an ioredis `Redis` or `Cluster` (ioredis 5 or 6, any reply
 * mapping): spelled out so that every flavour of client fits.
 */
export interface IoredisClient {
  evalsha(sha1: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** SET NX, with or without PX: 'OK' when set, null when the key exists. */
  set(key: string, value: string, px: 'PX', lease: number, nx: 'NX'): Promise<unknown>;
  set(key: string, value: string, nx: 'NX'): Promise<unknown>;
  /** A `Redis` takes option overrides here, a `Cluster` its startup nodes first. */
  duplicate(): IoredisSubscriber;
  /** `true` on a `Cluster`. */
  readonly isCluster?: boolean;
  /** 'ready' when connected; 'connecting', 'reconnecting', 'end'... otherwise. */
  readonly status?: string;
}

/** What a `Redis` (not a `Cluster`) shows of its connection, read only to explain a failure. */
interface IoredisConnection {
  readonly options?: { host?: unknown; port?: unknown; path?: unknown };
  /** The socket; `errored` holds the error that ended it (refused, unknown host...). */
  readonly stream?: { errored?: unknown };
}

/**
 * Why `client` is not connected, from what it shows without listening to its events (a
 * listener would change what ioredis logs for its owner): its status, its address (never
 * its password) and the error its last socket ended with.
 */
function connectionProblem(client: IoredisClient): ConnectionProblem | undefined {
  if (client.status === undefined || client.status === 'ready') return undefined;
  const { options, stream } = client as IoredisConnection;
  const address =
    typeof options?.path === 'string'
      ? options.path
      : typeof options?.host === 'string' && typeof options.port === 'number'
        ? `${options.host}:${options.port}`
        : undefined;
  const failure = stream?.errored ?? undefined;
  return {
    message: `the ioredis client is ${client.status}${address ? ` to ${address}` : ''}, not connected: ${explainConnectionError(failure) ?? 'is the address right and Redis up?'}`,
    cause: failure,
  };
}

/** The duplicated connection that carries release notifications. */
export interface IoredisSubscriber {
  on(event: 'message' | 'smessage', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  subscribe(...channels: string[]): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  ssubscribe(channel: string): Promise<unknown>;
  sunsubscribe(channel: string): Promise<unknown>;
  disconnect(): void;
}

/** Whether a `Cluster` duplicate got sharded subscribers (ioredis 5.5+; iovalkey 0.4 has none). */
const hasShardedSubscribers = (cluster: IoredisSubscriber) =>
  (cluster as { shardedSubscribers?: unknown }).shardedSubscribers !== undefined;

/** A `RedisCommander` over an ioredis client; `close()` ends what it opened itself. */
export interface IoredisCommander extends RedisCommander, AsyncDisposable {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes the subscriber connection it duplicated, if one is open. Leaves `client` alone. */
  close(): Promise<void>;
}

function isIoredis(client: unknown): client is IoredisClient {
  const candidate = client as Partial<IoredisClient> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.evalsha === 'function' &&
    typeof candidate.duplicate === 'function'
  );
}

/**
 * A second connection for pub/sub. A `Redis` duplicate resubscribes after a reconnect by
 * itself, but leaves that command's promise unhandled: closing the connection while it is in
 * flight crashed the process with an unhandled rejection. So it is turned off here and done in
 * `ioredisCommander` instead. A `Cluster` duplicate listens with sharded subscribers, one per
 * shard, each on the master that owns the lock's slot; they handle their own failures.
 */
function duplicateForPubSub(client: IoredisClient): IoredisSubscriber {
  if (client.isCluster === true) {
    type ClusterDuplicate = (nodes: [], options: { shardedSubscribers: true }) => IoredisSubscriber;
    return (client.duplicate as ClusterDuplicate).call(client, [], { shardedSubscribers: true });
  }
  type RedisDuplicate = (options: { autoResubscribe: false }) => IoredisSubscriber;
  return (client.duplicate as RedisDuplicate).call(client, { autoResubscribe: false });
}

/**
 * Lets `@mutex/core` lock over an ioredis `Redis` or `Cluster` you already built. Scripts run
 * with EVALSHA, falling back to EVAL on NOSCRIPT (on a Cluster the script cache is per node).
 * Release notifications use a duplicate of `client`, opened while someone waits.
 */
export function ioredisCommander(client: IoredisClient): IoredisCommander {
  if (!isIoredis(client)) {
    throw new TypeError('ioredisCommander expects an ioredis Redis or Cluster instance');
  }
  // On a Cluster (Redis 7+), handoffs go with SPUBLISH to the shard that owns the lock
  // rather than to every node, where the client has sharded subscribers (ioredis 5.5+; not
  // iovalkey 0.4, whose waiters listen with SUBSCRIBE). Known once the connection is made,
  // which is before any waiter queues.
  let sharded = false;
  const subscriptions = new ChannelSubscriptions(async (deliver) => {
    const subscriber = duplicateForPubSub(client);
    sharded = client.isCluster === true && hasShardedSubscribers(subscriber);
    const channels = new Set<string>();
    // A failing subscriber surfaces as a rejected subscribe; don't also log each retry.
    subscriber.on('error', () => {});
    subscriber.on(sharded ? 'smessage' : 'message', deliver);
    if (!sharded) {
      // After a reconnect: until then, waiters find their handoffs by polling.
      subscriber.on('ready', () => {
        if (channels.size > 0) subscriber.subscribe(...channels).catch(() => {});
      });
    }
    return {
      subscribe: async (channel) => {
        await (sharded ? subscriber.ssubscribe(channel) : subscriber.subscribe(channel));
        channels.add(channel);
      },
      unsubscribe: async (channel) => {
        channels.delete(channel);
        await (sharded ? subscriber.sunsubscribe(channel) : subscriber.unsubscribe(channel));
      },
      close: async () => subscriber.disconnect(),
    };
  });

  return {
    eval: (script: LockScript, keys: readonly string[], args: readonly string[]) =>
      evalCached(
        script,
        (sha1) => client.evalsha(sha1, keys.length, ...keys, ...args),
        (source) => client.eval(source, keys.length, ...keys, ...args),
      ),
    setIfAbsent: async (key, value, lease) =>
      (await (lease === undefined
        ? client.set(key, value, 'NX')
        : client.set(key, value, 'PX', lease, 'NX'))) === 'OK',
    subscribe: (channel, onMessage) => subscriptions.subscribe(channel, onMessage),
    get shardedPubSub() {
      return sharded;
    },
    adapter: 'ioredis',
    connectionProblem: () => connectionProblem(client),
    close: () => subscriptions.close(),
    [Symbol.asyncDispose]: () => subscriptions.close(),
  };
}

/**
 * `simple-redis-mutex`'s `lock(client, name, options)`, same contract and same Redis key:
 * switch by changing the import. Resolves to an async `unlock()`.
 */
export const lock: SeedLock<IoredisClient> = seedLockFor(ioredisCommander);
