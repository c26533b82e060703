/**
 * One of the core's Lua scripts. The SHA1 is pinned in the source (edge runtimes have no
 * synchronous SHA1), and a test proves it equals what `SCRIPT LOAD` returns.
 */
export interface LockScript {
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

/**
 * The whole boundary between the lock core and a Redis transport. Adapters
 * (`@mutex/ioredis`, `@mutex/node-redis`, `@mutex/upstash`) implement it over a client the
 * user already built.
 */
export interface RedisCommander {
  /**
   * Runs `script` atomically: EVALSHA, falling back to EVAL when the server answers NOSCRIPT.
   * Resolves to the script's raw reply (integers, nil and flat arrays of them); rejects with
   * the transport's error.
   */
  eval(script: LockScript, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /**
   * Optional: `SET key value NX PX lease` (without `PX` when `lease` is undefined): true when
   * the key was set, false when it existed. With it, the first try at a lock not known to be
   * busy is that one plain command, as cheap for Redis as a hand-written lock; without it (or
   * with fencing, fair mode, or a lock recently found busy) every attempt runs the acquire
   * script. Only worth it where a command costs less than a script: a TCP client, not HTTP.
   * @example
   * setIfAbsent: async (key, value, lease) =>
   *   (await (lease === undefined
   *     ? client.set(key, value, 'NX')
   *     : client.set(key, value, 'PX', lease, 'NX'))) === 'OK',
   */
  setIfAbsent?(key: string, value: string, lease: number | undefined): Promise<boolean>;
  /**
   * Optional: delivers messages published on `channel` to `onMessage`. Resolves once the
   * subscription is live, to a function that ends it. A transport without cheap pub/sub leaves
   * this out and the core waits by polling instead.
   */
  subscribe?(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Optional: `true` when `subscribe` listens with SSUBSCRIBE (sharded pub/sub, Redis 7+
   * Cluster), so that handoffs are sent with SPUBLISH to the shard owning the lock rather than
   * broadcast to every node.
   * @default false
   */
  readonly shardedPubSub?: boolean;
  /**
   * Optional: a short name for the transport (`'ioredis'`, `'node-redis'`, `'upstash'`), which
   * lock events report as `adapter` so that metrics can tell clients apart.
   * @default 'custom'
   */
  readonly adapter?: string;
  /**
   * Optional: what is wrong with the connection right now, if the transport can tell, else
   * undefined. Read when a command gets no reply within `replyTimeout`: the message is added
   * to that error's message and the `cause` becomes its cause, so that a wrong address or a
   * client never connected is named rather than only timed out.
   * @example
   * connectionProblem: () =>
   *   client.status === 'ready'
   *     ? undefined
   *     : { message: `the client is ${client.status}: is Redis up?`, cause: client.lastError }
   */
  connectionProblem?(): ConnectionProblem | string | undefined;
}

/** What a transport knows is wrong with its connection (see `connectionProblem`). */
export interface ConnectionProblem {
  /** What happened and what to do, for the error's message. No secrets: it will be logged. */
  readonly message: string;
  /** The transport's own error, if it has one: the `ReplyTimeoutError`'s `cause`. */
  readonly cause?: unknown;
}
