import type { SeedLock } from '@mutex/core';
import {
  ChannelSubscriptions,
  evalCached,
  explainConnectionError,
  type LockScript,
  type PubSubConnect,
  type RedisCommander,
  seedLockFor,
} from '@mutex/core/adapter';

/**
 * What this adapter uses of an `@upstash/redis` client: spelled out so that any 1.x client
 * fits, whatever its auto-pipelining, response encoding and deserialization settings.
 */
export interface UpstashClient {
  evalsha(sha1: string, keys: string[], args: string[]): Promise<unknown>;
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
  /** Returns an `UpstashSubscriber`; typed loosely because its `on` is generic. */
  subscribe?(channels: string[]): unknown;
}

/** What this adapter uses of `@upstash/redis`'s SSE subscriber. */
interface UpstashSubscriber {
  on(type: 'subscribe', listener: (count: number) => void): void;
  on(type: 'message', listener: (data: { channel: string; message: unknown }) => void): void;
  on(type: 'error', listener: (error: Error) => void): void;
  unsubscribe(channels?: string[]): Promise<void>;
}

export interface UpstashCommanderOptions {
  /**
   * Wake waiters with release notifications over Upstash's SSE subscribe instead of polling
   * alone. Each lock name someone waits for then holds one streaming HTTP request open: worth
   * it in long-running processes, not in short serverless invocations.
   * @default false
   */
  notifications?: boolean;
}

/** A `RedisCommander` over Upstash REST; `close()` ends the streams it opened. */
export interface UpstashCommander extends RedisCommander, AsyncDisposable {
  close(): Promise<void>;
}

function isUpstash(client: unknown): client is UpstashClient {
  const candidate = client as (Partial<UpstashClient> & { duplicate?: unknown }) | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.evalsha === 'function' &&
    typeof candidate.eval === 'function' &&
    // ioredis and node-redis clients have these too, with other signatures; they also have
    // duplicate(), which an HTTP client has no use for.
    typeof candidate.duplicate !== 'function'
  );
}

/**
 * An @upstash/redis error as this library reports it. A request that never reached Upstash
 * says why and what to check. An answer from Upstash loses the failed command that
 * @upstash/redis puts in its message (`..., command was: [["evalsha", ...]]`): the script, the
 * keys and the lock's token, which anyone reading the logs could then use to release the
 * lock. The message keeps what Upstash said, and why.
 */
function reported(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const unreachable = explainConnectionError(error);
  if (unreachable !== undefined) {
    return new Error(
      `The HTTP request to Upstash failed (${unreachable}); check UPSTASH_REDIS_REST_URL`,
      { cause: error },
    );
  }
  const cut = error.message.indexOf(', command was:');
  if (cut === -1) return error;
  const said = error.message.slice(0, cut).trim();
  const hint = /unauthori[sz]ed/i.test(said)
    ? ': check the REST token (UPSTASH_REDIS_REST_TOKEN) and that it has not been revoked'
    : '';
  const clean = new Error(`Upstash answered ${JSON.stringify(said)}${hint}`);
  clean.name = error.name;
  return clean;
}

/** One SSE stream per channel, each live once the endpoint confirms the subscription. */
function sseConnection(subscribe: (channels: string[]) => unknown): PubSubConnect {
  return async (deliver) => {
    const streams = new Map<string, UpstashSubscriber>();
    const end = async (channel: string) => {
      const stream = streams.get(channel);
      streams.delete(channel);
      await stream?.unsubscribe();
    };
    return {
      subscribe: (channel) =>
        new Promise<void>((resolve, reject) => {
          const stream = subscribe([channel]) as UpstashSubscriber;
          streams.set(channel, stream);
          stream.on('subscribe', () => resolve());
          stream.on('error', (error: Error) => reject(error));
          stream.on('message', ({ message }) => deliver(channel, String(message)));
        }),
      unsubscribe: end,
      close: async () => {
        await Promise.all([...streams.keys()].map(end));
      },
    };
  };
}

/**
 * Lets `@mutex/core` lock over an `@upstash/redis` client. Every lock operation is one HTTP
 * request (EVALSHA, falling back to EVAL on NOSCRIPT). Waiters poll, with waits bounded by
 * the holder's remaining lease, unless `notifications` is on.
 */
export function upstashCommander(
  redis: UpstashClient,
  { notifications = false }: UpstashCommanderOptions = {},
): UpstashCommander {
  if (!isUpstash(redis)) {
    throw new TypeError('upstashCommander expects an @upstash/redis Redis client');
  }
  const subscriber = redis.subscribe?.bind(redis);
  if (notifications && subscriber === undefined) {
    throw new TypeError(
      'notifications: true needs an @upstash/redis client with subscribe (1.34 or later)',
    );
  }
  const subscriptions =
    notifications && subscriber ? new ChannelSubscriptions(sseConnection(subscriber)) : undefined;

  const commander: UpstashCommander = {
    adapter: 'upstash',
    // Auto-pipelined errors read "Command 1 [ evalsha ] failed: NOSCRIPT ...": still caught.
    eval: (script: LockScript, keys: readonly string[], args: readonly string[]) =>
      evalCached(
        script,
        (sha1) => redis.evalsha(sha1, [...keys], [...args]),
        (source) => redis.eval(source, [...keys], [...args]),
      ).catch((error: unknown) => {
        throw reported(error);
      }),
    close: async () => subscriptions?.close(),
    [Symbol.asyncDispose]: async () => subscriptions?.close(),
  };
  if (subscriptions) {
    commander.subscribe = (channel, onMessage) => subscriptions.subscribe(channel, onMessage);
  }
  return commander;
}

/**
 * `simple-redis-mutex`'s `lock(client, name, options)` over Upstash, same contract and same
 * Redis key. Resolves to an async `unlock()`.
 */
export const lock: SeedLock<UpstashClient> = seedLockFor((redis: UpstashClient) =>
  upstashCommander(redis),
);
