import type { RedisCommander } from './commander.js';
import { lockContextFor } from './context.js';
import { seedLockTarget } from './keys.js';
import { checkDuration, checkName, DEFAULTS, describeValue } from './options.js';
import { MUTEX } from './primitive.js';
import { Waiter } from './waiter.js';

/** The options of `simple-redis-mutex`'s `lock`, with its meanings and defaults. */
export interface SeedLockOptions {
  /** Pause between attempts while the lock is busy, in ms. @default 100 */
  retryTimeMillis?: number;
  /** Lease in ms; unset (or null) means the lock never expires. @default null */
  timeoutMillis?: number | null;
  /** Give up waiting after this many ms; unset (or null) waits for ever. @default null */
  failAfterMillis?: number | null;
}

/** `simple-redis-mutex`'s `lock(client, name, options)` for one kind of client. */
export type SeedLock<Client> = (
  client: Client,
  lockName: string,
  options?: SeedLockOptions,
) => Promise<() => Promise<void>>;

const SEED_OPTIONS = ['retryTimeMillis', 'timeoutMillis', 'failAfterMillis'];

function optional(option: string, value: unknown, min: number): number {
  if (value === undefined || value === null) return Number.POSITIVE_INFINITY;
  return checkDuration(option, value, { min, infinite: true });
}

/**
 * `simple-redis-mutex`'s `lock`, kept to its contract: resolves to an async `unlock()` once
 * the lock is held. It uses that package's key (`@simple-redis-mutex:lock-<name>`), so
 * processes still on it and processes on this library exclude each other.
 */
export async function lock(
  commander: RedisCommander,
  lockName: string,
  options: SeedLockOptions = {},
): Promise<() => Promise<void>> {
  const context = lockContextFor(commander);
  const name = checkName(lockName);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`lock options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!SEED_OPTIONS.includes(key)) {
      throw new TypeError(`Unknown option "${key}"; known options: ${SEED_OPTIONS.join(', ')}`);
    }
  }
  const { retryTimeMillis = 100, timeoutMillis, failAfterMillis } = options;
  // The seed polls at a fixed interval: no backoff.
  const retryInterval = checkDuration('retryTimeMillis', retryTimeMillis, {
    min: 1,
    infinite: false,
  });
  const settings = {
    retryInterval,
    maxRetryInterval: retryInterval,
    ttl: optional('timeoutMillis', timeoutMillis, 1),
    acquireTimeout: optional('failAfterMillis', failAfterMillis, 0),
    retryJitter: 0,
    replyTimeout: DEFAULTS.replyTimeout,
    signal: undefined,
    fencing: false,
    autoExtend: false,
    maxHold: Number.POSITIVE_INFINITY,
    fair: false,
  };
  const held = await new Waiter(context, seedLockTarget(name), settings, MUTEX).acquire();
  return async () => {
    await held?.release();
  };
}
