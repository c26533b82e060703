import type { RedisCommander } from './commander.js';
import type { LockEventListener } from './events.js';

/** Options of one acquisition. Every duration is in milliseconds. */
export interface AcquireOptions {
  /**
   * Lease length: how long Redis keeps the lock if its holder stops renewing it (crashes,
   * hangs). With `autoExtend` the lease is renewed while the holder runs, so this bounds how
   * long a dead holder blocks others. `Infinity` means the lock never expires (the
   * `simple-redis-mutex` default; a crashed holder then blocks the name for good).
   * @default 10_000
   */
  ttl?: number;
  /**
   * How long `acquire` waits for a busy lock before rejecting with `LockTimeoutError`.
   * `Infinity` waits for ever. `tryAcquire` uses it only to bound its single attempt.
   * @default 10_000
   */
  acquireTimeout?: number;
  /**
   * First pause between two attempts while the lock is busy and no release notification can
   * wake the waiter (Upstash without notifications, a subscription not yet live). Each
   * further pause doubles, up to `maxRetryInterval`. Waiters also wake when the holder's
   * lease runs out, and at once on a release notification.
   * @default 100
   */
  retryInterval?: number;
  /**
   * Longest pause between two attempts. A waiter subscribed to release notifications polls
   * only this often, as a safety net for a lost message. Never below `retryInterval`.
   * @default 1_000
   */
  maxRetryInterval?: number;
  /**
   * Up to this much random time is added to each pause, so that waiters in different
   * processes do not retry in step.
   * @default 50
   */
  retryJitter?: number;
  /**
   * How long to wait for Redis to answer one command (an acquire attempt, an extend, a
   * release) before failing it with a `LockRedisError`, so that a hung connection is an
   * error, never a hang.
   * @default 5_000
   */
  replyTimeout?: number;
  /** Aborting it makes a waiting `acquire` reject with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Also take a fencing token: an integer that strictly increases each time this name is
   * acquired, for the protected resource to reject stale holders. Costs one persistent
   * counter key per name.
   * @default false
   */
  fencing?: boolean;
  /**
   * Renew the lease every `ttl / 3` while the lock is held. If renewal finds the lock gone,
   * or cannot reach Redis before the lease runs out, `lock.signal` aborts with a
   * `LockLostError`. Ignored when `ttl` is `Infinity`.
   * @default true
   */
  autoExtend?: boolean;
  /**
   * Stop auto-extension once the lock has been held this long, so that a stuck holder loses
   * the lock instead of keeping it for ever: the last renewal shortens the lease to end then,
   * and `signal` aborts with a `LockLostError` whose reason is `'max-hold'`. The first lease
   * is `ttl`, so a lock is held at most `max(maxHold, ttl)`; an explicit `extend()` is not
   * capped.
   * @default Infinity
   * @example
   * await locks.withLock('nightly-report', { maxHold: 15 * 60_000 }, (signal) => run(signal));
   */
  maxHold?: number;
  /**
   * How often auto-extension renews the lease, in ms; shorter than `ttl`. Unset: every
   * `ttl / 3`, which rides out two failed renewals before the lease runs out.
   * @default ttl / 3
   */
  renewInterval?: number;
  /**
   * Serve waiters strictly in the order they reached Redis, across processes and within one:
   * every call queues in Redis (not one per process), a lock that expires goes to the first
   * live waiter rather than to whoever polls first, and waiters without release
   * notifications queue too. The default mode already hands a released lock to the
   * longest-waiting subscribed process; fair mode closes the remaining gaps.
   * @default false
   */
  fair?: boolean;
}

/** Defaults for every lock a client takes, plus where its keys live. */
export interface LockClientOptions extends Omit<AcquireOptions, 'signal'> {
  /**
   * Prepended to every key. For name `N` the lock key is `${prefix}{N}`; the braces are a
   * Redis Cluster hash tag that keeps all of a lock's keys in one slot, so the prefix itself
   * may not contain braces.
   * @default 'mutex:'
   */
  prefix?: string;
  /**
   * Called with every lock event of this client (acquire started, queued, acquired, timed
   * out, released, lost, a Redis error...), synchronously: keep it quick. A listener that
   * throws is logged and ignored; without one, events cost nothing. `@mutex/opentelemetry`
   * turns them into metrics and spans.
   * @default undefined
   * @example
   * const locks = createLockClient(commander, {
   *   onEvent: (event) => event.type === 'lost' && log.warn(event.error.message),
   * });
   */
  onEvent?: LockEventListener;
}

/** Every acquire option resolved to a checked value. */
export interface AcquireSettings {
  ttl: number;
  acquireTimeout: number;
  retryInterval: number;
  maxRetryInterval: number;
  retryJitter: number;
  replyTimeout: number;
  signal: AbortSignal | undefined;
  fencing: boolean;
  autoExtend: boolean;
  maxHold: number;
  /** Undefined: every ttl / 3. */
  renewInterval?: number | undefined;
  fair: boolean;
}

export const DEFAULTS = {
  prefix: 'mutex:',
  ttl: 10_000,
  acquireTimeout: 10_000,
  retryInterval: 100,
  maxRetryInterval: 1_000,
  retryJitter: 50,
  replyTimeout: 5_000,
  fencing: false,
  autoExtend: true,
  maxHold: Number.POSITIVE_INFINITY,
  fair: false,
} as const;

/** Longest finite duration accepted: timers overflow past 2^31 - 1 ms (about 24.8 days). */
export const MAX_DURATION = 2_147_483_647;
/** Longest lock name accepted, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 16_384;

export const ACQUIRE_KEYS = [
  'ttl',
  'acquireTimeout',
  'retryInterval',
  'maxRetryInterval',
  'retryJitter',
  'replyTimeout',
  'signal',
  'fencing',
  'autoExtend',
  'maxHold',
  'renewInterval',
  'fair',
] as const;
const CLIENT_KEYS = [
  ...ACQUIRE_KEYS.filter((key) => key !== 'signal'),
  'prefix',
  'onEvent',
] as const;

export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `${JSON.stringify(shown)} (string)`;
  }
  if (typeof value === 'bigint') return `${value}n (bigint)`;
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  return String(value);
}

interface DurationRule {
  min: number;
  infinite: boolean;
}

export function checkDuration(option: string, value: unknown, rule: DurationRule): number {
  if (typeof value !== 'number') {
    throw new TypeError(
      `Option "${option}" must be a number of milliseconds, got ${describeValue(value)}`,
    );
  }
  if (value === Number.POSITIVE_INFINITY && rule.infinite) return value;
  const range = `${rule.min} to ${MAX_DURATION}${rule.infinite ? ' or Infinity' : ''}`;
  if (!Number.isInteger(value) || value < rule.min || value > MAX_DURATION) {
    throw new RangeError(
      `Option "${option}" must be a whole number of milliseconds from ${range}, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A renewal interval, which must leave time to renew before the lease runs out. */
function checkRenewInterval(value: unknown, ttl: number): number | undefined {
  if (value === undefined) return undefined;
  const interval = checkDuration('renewInterval', value, { min: 1, infinite: false });
  if (interval >= ttl) {
    throw new RangeError(
      `Option "renewInterval" must be shorter than "ttl" (${ttl} ms), got ${describeValue(value)}`,
    );
  }
  return interval;
}

function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`Option "${option}" must be a boolean, got ${describeValue(value)}`);
  }
  return value;
}

function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (value instanceof AbortSignal) return value;
  throw new TypeError(`Option "signal" must be an AbortSignal, got ${describeValue(value)}`);
}

/** A lone UTF-16 surrogate: one half of a pair without the other. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function checkName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new TypeError(`Lock name must be a string, got ${describeValue(name)}`);
  }
  if (LONE_SURROGATE.test(name)) {
    // UTF-8 cannot encode it: clients send U+FFFD instead, so 'x\uD800' and 'x\uFFFD' would
    // be one Redis key and two different names would exclude each other.
    throw new RangeError(
      `Lock name must be well-formed Unicode, got a lone surrogate in ${describeValue(name)}`,
    );
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new RangeError(
      `Lock name must be 1 to ${MAX_NAME_LENGTH} characters long, got ${name.length} characters`,
    );
  }
  if (name.startsWith('}')) {
    // `prefix{}...}` would be an empty hash tag: Redis Cluster would then hash each key whole
    // and scatter a lock's keys over different slots.
    throw new RangeError(`Lock name may not start with "}", got ${describeValue(name)}`);
  }
  return name;
}

export function checkOptionsObject(
  what: string,
  value: unknown,
  known: readonly string[],
): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object, got ${describeValue(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(`Unknown option "${key}"; known options: ${known.join(', ')}`);
    }
  }
  return value as Record<string, unknown>;
}

/** Checks user-given acquire options and fills each gap from `defaults`. */
export function resolveAcquireOptions(
  options: unknown,
  defaults: Omit<AcquireSettings, 'signal'>,
): AcquireSettings {
  const given = checkOptionsObject('Acquire options', options, ACQUIRE_KEYS);
  const pick = <K extends keyof typeof defaults>(key: K) =>
    given[key] === undefined ? defaults[key] : given[key];
  const retryInterval = checkDuration('retryInterval', pick('retryInterval'), {
    min: 1,
    infinite: false,
  });
  const maxRetryInterval = checkDuration('maxRetryInterval', pick('maxRetryInterval'), {
    min: 1,
    infinite: false,
  });
  const ttl = checkDuration('ttl', pick('ttl'), { min: 1, infinite: true });
  return {
    ttl,
    acquireTimeout: checkDuration('acquireTimeout', pick('acquireTimeout'), {
      min: 0,
      infinite: true,
    }),
    retryInterval,
    maxRetryInterval: Math.max(retryInterval, maxRetryInterval),
    retryJitter: checkDuration('retryJitter', pick('retryJitter'), { min: 0, infinite: false }),
    replyTimeout: checkDuration('replyTimeout', pick('replyTimeout'), { min: 1, infinite: false }),
    signal: checkSignal(given.signal),
    fencing: checkBoolean('fencing', pick('fencing')),
    autoExtend: checkBoolean('autoExtend', pick('autoExtend')),
    maxHold: checkDuration('maxHold', pick('maxHold'), { min: 1, infinite: true }),
    renewInterval: checkRenewInterval(given.renewInterval ?? defaults.renewInterval, ttl),
    fair: checkBoolean('fair', pick('fair')),
  };
}

/** Checks a client's options; its acquire defaults are checked like per-acquire options. */
export function resolveClientOptions(options: unknown): {
  prefix: string;
  defaults: Omit<AcquireSettings, 'signal'>;
  onEvent: LockEventListener | undefined;
} {
  const given = checkOptionsObject('Lock client options', options, CLIENT_KEYS);
  const prefix = given.prefix === undefined ? DEFAULTS.prefix : given.prefix;
  if (typeof prefix !== 'string') {
    throw new TypeError(`Option "prefix" must be a string, got ${describeValue(prefix)}`);
  }
  if (/[{}]/.test(prefix)) {
    throw new RangeError(
      `Option "prefix" may not contain "{" or "}" (it would move the Redis Cluster hash tag), got ${describeValue(prefix)}`,
    );
  }
  const { onEvent } = given;
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw new TypeError(`Option "onEvent" must be a function, got ${describeValue(onEvent)}`);
  }
  const { prefix: _, onEvent: ___, ...acquireDefaults } = given;
  const { signal: __, ...defaults } = resolveAcquireOptions(acquireDefaults, DEFAULTS);
  return { prefix, defaults, onEvent: onEvent as LockEventListener | undefined };
}

/**
 * The kind of a raw Redis client handed over where a commander is expected (a common slip:
 * its own `eval` would be called with a script object and fail in Redis), and its adapter.
 */
function rawClientKind(
  client: object,
): { kind: string; adapter: string; from: string } | undefined {
  const has = (method: string) => typeof (client as Record<string, unknown>)[method] === 'function';
  // Bun's client has evalsha and duplicate too; it alone has send without sendCommand.
  if (has('send') && has('duplicate') && !has('sendCommand'))
    return { kind: 'Bun', adapter: 'bunRedisCommander', from: '@mutex/bun' };
  if (has('evalSha'))
    return { kind: 'node-redis', adapter: 'nodeRedisCommander', from: '@mutex/node-redis' };
  if (has('evalsha') && has('duplicate'))
    return { kind: 'ioredis', adapter: 'ioredisCommander', from: '@mutex/ioredis' };
  if (has('evalsha'))
    return { kind: 'Upstash', adapter: 'upstashCommander', from: '@mutex/upstash' };
  if (has('customCommand'))
    return { kind: 'Valkey GLIDE', adapter: 'glideCommander', from: '@mutex/valkey-glide' };
  return undefined;
}

export function checkCommander(commander: unknown): RedisCommander {
  const candidate = commander as Partial<RedisCommander> | null | undefined;
  const raw =
    typeof candidate === 'object' && candidate !== null ? rawClientKind(candidate) : undefined;
  if (raw !== undefined) {
    const { kind, adapter, from } = raw;
    throw new TypeError(
      `Expected a RedisCommander, got a raw ${kind} client: pass ${adapter}(client) from ${from} instead`,
    );
  }
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.eval !== 'function') {
    throw new TypeError(
      `Expected a RedisCommander (an object with an eval method, made by an adapter such as ioredisCommander(client)), got ${describeValue(commander)}`,
    );
  }
  if (candidate.subscribe !== undefined && typeof candidate.subscribe !== 'function') {
    throw new TypeError(
      `RedisCommander.subscribe must be a function when present, got ${describeValue(candidate.subscribe)}`,
    );
  }
  return candidate as RedisCommander;
}
