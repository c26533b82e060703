import type { SeedLock } from '@mutex/core';
import {
  ChannelSubscriptions,
  evalCached,
  type LockScript,
  type PubSubConnection,
  type RedisCommander,
  seedLockFor,
  setIfAbsentArgs,
} from '@mutex/core/adapter';

/**
 * What this adapter uses of a Valkey GLIDE `GlideClient` or `GlideClusterClient` (GLIDE 2):
 * spelled out so that the adapter loads nothing of GLIDE itself and any 2.x fits.
 */
export interface ValkeyGlideClient {
  customCommand(args: string[]): Promise<unknown>;
  close(errorMessage?: string): void;
}

/** A message as GLIDE hands it to a `pubsubSubscriptions` callback (a Buffer under the Bytes decoder). */
interface GlideMessage {
  readonly channel: string | Uint8Array;
  readonly message: string | Uint8Array;
}

/** The client the commander creates for release notifications: `subscribe` on a `GlideClient`, `ssubscribe` on a cluster. */
interface GlideSubscriber {
  subscribe(channels: Iterable<string>, timeoutMs: number): Promise<void>;
  unsubscribe(channels: Iterable<string> | null, timeoutMs: number): Promise<void>;
  ssubscribe(channels: Iterable<string>, timeoutMs: number): Promise<void>;
  sunsubscribe(channels: Iterable<string> | null, timeoutMs: number): Promise<void>;
  close(): void;
}

type CreateClient = (configuration: object) => Promise<GlideSubscriber>;

export interface GlideCommanderOptions {
  /**
   * Wake waiters with release notifications. The commander then creates a second GLIDE client
   * of the same kind from `client`'s own configuration, RESP3 with its own message callback,
   * while someone waits, and closes it when no one does: GLIDE hands a client's messages to
   * the callback or queue set at its creation, so subscribing on `client` itself would mix
   * release messages into its owner's. On a cluster it listens with SSUBSCRIBE on
   * the shard owning each lock (Redis/Valkey 7+). `false`: waiters poll instead, each wait
   * bounded by the holder's remaining lease. Left unset, notifications are used when the
   * client's configuration can be read, polling otherwise; `true` throws a TypeError then.
   * @default undefined (notifications when possible)
   */
  notifications?: boolean;
}

/** A `RedisCommander` over a GLIDE client; `close()` ends what it opened itself. */
export interface GlideCommander extends RedisCommander, AsyncDisposable {
  /** Present only when the commander wakes waiters by pub/sub; absent, they poll. */
  subscribe?(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /** Closes the subscriber client it created, if one is open. Leaves `client` alone. */
  close(): Promise<void>;
}

/** How long a (un)subscription may wait for the server's confirmation. */
const SUBSCRIBE_TIMEOUT_MS = 5000;
/** GLIDE's `ProtocolVersion.RESP3`, which pub/sub messages need. */
const RESP3 = 0;

const has = (value: object, method: string) =>
  typeof (value as Record<string, unknown>)[method] === 'function';

function isGlide(client: unknown): client is ValkeyGlideClient {
  return (
    typeof client === 'object' &&
    client !== null &&
    has(client, 'customCommand') &&
    has(client, 'close')
  );
}

/** What was passed instead of a GLIDE client, and what to do about it. */
function describeWrongClient(client: unknown): string {
  if (typeof client !== 'object' || client === null) return `got ${String(client)}`;
  if (typeof (client as { then?: unknown }).then === 'function') {
    return 'got a Promise: await GlideClient.createClient(...) first';
  }
  if (has(client, 'evalSha')) {
    return 'got a node-redis client: use nodeRedisCommander from @mutex/node-redis';
  }
  if (has(client, 'evalsha') && has(client, 'duplicate')) {
    return 'got an ioredis client: use ioredisCommander from @mutex/ioredis';
  }
  if (has(client, 'evalsha'))
    return 'got an Upstash client: use upstashCommander from @mutex/upstash';
  if (Array.isArray((client as { addresses?: unknown }).addresses)) {
    return 'got a configuration: pass the client made by await GlideClient.createClient(configuration)';
  }
  return 'got an object without customCommand()';
}

/** A cluster client routes by slot; only it has the `*WithRoute` function calls. */
const isCluster = (client: ValkeyGlideClient) => has(client, 'fcallWithRoute');

/**
 * How to create another client like `client`: its class's `createClient` and the
 * configuration it was created with (GLIDE keeps it, though not in its public typings).
 * Undefined when either is missing.
 */
function subscriberFactory(client: ValkeyGlideClient, sharded: boolean) {
  const { createClient } = client.constructor as { createClient?: unknown };
  const { config } = client as { config?: unknown };
  const subscribe = sharded ? 'ssubscribe' : 'subscribe';
  if (typeof createClient !== 'function' || typeof config !== 'object' || config === null) {
    return undefined;
  }
  if (!has(client, subscribe)) return undefined; // GLIDE before dynamic subscriptions
  return (deliver: (channel: string, message: string) => void) =>
    (createClient as CreateClient).call(client.constructor, {
      ...config,
      // Push messages need RESP3; the owner's own subscriptions and callback are not ours.
      protocol: RESP3,
      pubsubSubscriptions: {
        channelsAndPatterns: {},
        callback: ({ channel, message }: GlideMessage) => deliver(text(channel), text(message)),
      },
    });
}

const utf8 = new TextDecoder();
/** Channel and message as strings, also from a client whose `defaultDecoder` is Bytes. */
const text = (value: string | Uint8Array) =>
  typeof value === 'string' ? value : utf8.decode(value);

/**
 * Lets `@mutex/core` lock over a Valkey GLIDE `GlideClient` or `GlideClusterClient` you
 * already created. Release notifications: see {@link GlideCommanderOptions.notifications}.
 */
export function glideCommander(
  client: ValkeyGlideClient,
  { notifications }: GlideCommanderOptions = {},
): GlideCommander {
  if (!isGlide(client)) {
    throw new TypeError(
      `glideCommander expects a Valkey GLIDE GlideClient or GlideClusterClient (from @valkey/valkey-glide): ${describeWrongClient(client)}`,
    );
  }
  // On a cluster (Redis/Valkey 7+), handoffs go with SPUBLISH to the shard that owns the lock
  // rather than to every node, and waiters listen there with SSUBSCRIBE.
  const sharded = isCluster(client);
  const createSubscriber = notifications === false ? undefined : subscriberFactory(client, sharded);
  if (notifications === true && createSubscriber === undefined) {
    throw new TypeError(
      'glideCommander cannot create a subscriber like this client (GLIDE 2.x with dynamic subscriptions and its configuration are needed): leave "notifications" unset to poll',
    );
  }

  const subscriptions =
    createSubscriber &&
    new ChannelSubscriptions(async (deliver): Promise<PubSubConnection> => {
      const subscriber = await createSubscriber(deliver);
      const [listen, leave] = sharded
        ? [subscriber.ssubscribe, subscriber.sunsubscribe]
        : [subscriber.subscribe, subscriber.unsubscribe];
      return {
        // GLIDE keeps these subscriptions itself: after a reconnect it subscribes again.
        subscribe: (channel) => listen.call(subscriber, [channel], SUBSCRIBE_TIMEOUT_MS),
        unsubscribe: (channel) => leave.call(subscriber, [channel], SUBSCRIBE_TIMEOUT_MS),
        close: async () => {
          // Closed with subscriptions left, GLIDE logs an error from its resubscribing task.
          await leave.call(subscriber, null, SUBSCRIBE_TIMEOUT_MS).catch(() => {});
          subscriber.close();
        },
      };
    });
  const close = async () => subscriptions?.close();

  const commander: GlideCommander = {
    // Scripts go as EVALSHA with the SHA1 pinned in @mutex/core, falling back to EVAL on
    // NOSCRIPT, through customCommand, rather than GLIDE's Script/invokeScript: no native
    // Script objects to create and release, the SHA1 on the wire is the one the conformance
    // suite checks on every node, a cache miss costs one EVAL (invokeScript sends SCRIPT LOAD
    // and EVALSHA again), and a cluster client routes EVALSHA/EVAL by their first key like any
    // keyed command (every key of a lock shares one hash tag), so nothing is redirected.
    eval(script: LockScript, keys: readonly string[], args: readonly string[]) {
      const tail = [String(keys.length), ...keys, ...args];
      return evalCached(
        script,
        // GLIDE's NOSCRIPT reads "NoScriptError: ...", which evalCached knows too.
        (sha1) => client.customCommand(['EVALSHA', sha1, ...tail]),
        (source) => client.customCommand(['EVAL', source, ...tail]),
      );
    },
    setIfAbsent: async (key, value, lease) =>
      (await client.customCommand(['SET', ...setIfAbsentArgs(key, value, lease)])) === 'OK',
    shardedPubSub: sharded && subscriptions !== undefined,
    adapter: 'valkey-glide',
    close,
    [Symbol.asyncDispose]: close,
  };
  if (subscriptions) {
    commander.subscribe = (channel, onMessage) => subscriptions.subscribe(channel, onMessage);
  }
  return commander;
}

/**
 * `simple-redis-mutex`'s `lock(client, name, options)` over Valkey GLIDE, same contract and
 * same Redis key. Resolves to an async `unlock()`.
 */
export const lock: SeedLock<ValkeyGlideClient> = seedLockFor((client: ValkeyGlideClient) =>
  glideCommander(client),
);
