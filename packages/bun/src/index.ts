import type { SeedLock } from '@mutex/core';
import {
  ChannelSubscriptions,
  evalCached,
  type LockScript,
  type RedisCommander,
  seedLockFor,
  setIfAbsentArgs,
} from '@mutex/core/adapter';

/**
 * What this adapter uses of Bun's built-in `RedisClient` (`new RedisClient(url)` or
 * `Bun.redis` from `'bun'`, Bun 1.2.9+), spelled out so that neither this package nor your
 * project needs Bun's type declarations.
 */
export interface BunRedisClient {
  /** Sends a raw command; scripts go through here (EVALSHA, EVAL). */
  send(command: string, args: string[]): Promise<unknown>;
  /** A new client with the same options, connected: it carries release notifications. */
  duplicate(): Promise<BunRedisSubscriber>;
  /** Whether the client is connected right now (it connects on its first command). */
  readonly connected?: boolean;
}

/** The duplicated connection that carries release notifications. */
export interface BunRedisSubscriber {
  subscribe(
    channel: string,
    listener: (message: string, channel: string) => void,
  ): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  send(command: string, args: string[]): Promise<unknown>;
  /** Called after each (re)connection: Bun does not subscribe again by itself. */
  onconnect: (() => void) | null | undefined;
  close(): void;
}

/** A `RedisCommander` over a Bun `RedisClient`; `close()` ends what it opened itself. */
export interface BunRedisCommander extends RedisCommander, AsyncDisposable {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes the subscriber connection it duplicated, if one is open. Leaves `client` alone. */
  close(): Promise<void>;
}

const isFunction = (value: unknown) => typeof value === 'function';

/** What a client passed by mistake looks like, to name the adapter it wants. */
function otherClient(candidate: Record<string, unknown>): string | undefined {
  if (isFunction(candidate.evalSha)) {
    return 'a node-redis client: use nodeRedisCommander from @mutex/node-redis';
  }
  if (isFunction(candidate.evalsha) && isFunction(candidate.duplicate)) {
    return 'an ioredis (or iovalkey) client: use ioredisCommander from @mutex/ioredis';
  }
  if (isFunction(candidate.evalsha)) {
    return 'an @upstash/redis client: use upstashCommander from @mutex/upstash';
  }
  return undefined;
}

function checkClient(client: unknown): asserts client is BunRedisClient {
  const candidate = client as Record<string, unknown> | null;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    isFunction(candidate.send) &&
    isFunction(candidate.duplicate)
  ) {
    return;
  }
  const other = typeof candidate === 'object' && candidate !== null && otherClient(candidate);
  throw new TypeError(
    `bunRedisCommander expects Bun's RedisClient (new RedisClient(url) or Bun.redis, from 'bun'; Bun 1.2.9+), got ${
      other || (candidate === null ? 'null' : typeof candidate)
    }`,
  );
}

/**
 * Bun's client sends every command to the one server it was given and hands a Cluster's
 * redirection back as an error: say so, rather than only "MOVED 15495 10.0.0.7:6379".
 */
function explainRedirection(error: unknown): unknown {
  if (!(error instanceof Error) || !/^(MOVED|ASK) /.test(error.message)) return error;
  const hint = new Error(
    `Bun's RedisClient does not follow Redis Cluster redirections (Redis said: ${error.message}): for a Cluster, use ioredis with @mutex/ioredis or node-redis with @mutex/node-redis`,
    { cause: error },
  );
  hint.name = error.name;
  return hint;
}

const NOT_CONNECTED =
  "Bun's RedisClient is not connected (connecting, reconnecting, or closed): is Redis running at the URL it was given (REDIS_URL by default), and are the host and port right?";

/**
 * Lets `@mutex/core` lock over Bun's built-in Redis client. Scripts run with EVALSHA through
 * `send`, falling back to EVAL on NOSCRIPT. Release notifications use a duplicate of `client`
 * (a client in subscriber mode refuses other commands), opened while someone waits.
 */
export function bunRedisCommander(client: BunRedisClient): BunRedisCommander {
  checkClient(client);
  const subscriptions = new ChannelSubscriptions(async (deliver) => {
    const subscriber = await client.duplicate();
    const channels = new Set<string>();
    // Bun reconnects a dropped subscriber but does not subscribe again, and keeps its
    // listeners: a raw SUBSCRIBE restores delivery without adding a second listener. Until
    // then, waiters find their handoffs by polling.
    subscriber.onconnect = () => {
      if (channels.size > 0) subscriber.send('SUBSCRIBE', [...channels]).catch(() => {});
    };
    return {
      subscribe: async (channel) => {
        await subscriber.subscribe(channel, (message) => deliver(channel, message));
        channels.add(channel);
      },
      unsubscribe: async (channel) => {
        channels.delete(channel);
        await subscriber.unsubscribe(channel);
      },
      close: async () => {
        subscriber.onconnect = null;
        subscriber.close();
      },
    };
  });

  return {
    eval: (script: LockScript, keys: readonly string[], args: readonly string[]) => {
      const rest = [String(keys.length), ...keys, ...args];
      return evalCached(
        script,
        (sha1) => client.send('EVALSHA', [sha1, ...rest]),
        (source) => client.send('EVAL', [source, ...rest]),
      ).catch((error: unknown) => {
        throw explainRedirection(error);
      });
    },
    setIfAbsent: async (key, value, lease) =>
      (await client.send('SET', setIfAbsentArgs(key, value, lease)).catch((error: unknown) => {
        throw explainRedirection(error);
      })) === 'OK',
    subscribe: (channel, onMessage) => subscriptions.subscribe(channel, onMessage),
    shardedPubSub: false,
    adapter: 'bun',
    // Bun keeps the socket's error to itself (its onclose is the owner's to set), so the
    // state is what can be told.
    connectionProblem: () => (client.connected === false ? NOT_CONNECTED : undefined),
    close: () => subscriptions.close(),
    [Symbol.asyncDispose]: () => subscriptions.close(),
  };
}

/**
 * `simple-redis-mutex`'s `lock(client, name, options)` over Bun's `RedisClient`, same
 * contract and same Redis key. Resolves to an async `unlock()`.
 */
export const lock: SeedLock<BunRedisClient> = seedLockFor(bunRedisCommander);
