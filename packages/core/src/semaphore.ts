import { reportingRedisErrors } from './events.js';
import { checkWork, holding, type LockedWork, splitWork } from './holding.js';
import { semaphoreTarget } from './keys.js';
import type { HeldLock } from './lock.js';
import {
  ACQUIRE_KEYS,
  type AcquireOptions,
  checkName,
  checkOptionsObject,
  describeValue,
  resolveAcquireOptions,
} from './options.js';
import type { Permit } from './permit.js';
import type { PrimitiveHost } from './primitive.js';
import type { SemaphoreInfo } from './replies.js';
import { callSemaphoreInspect, semaphorePrimitive } from './semaphore-calls.js';
import { Waiter } from './waiter.js';

/** Largest `limit` accepted: the scripts add permits up in Lua numbers, exact far beyond. */
export const MAX_SEMAPHORE_LIMIT = 1_000_000;

/** How a semaphore is shared: what every `locks.semaphore(name, ...)` call for it passes. */
export interface SemaphoreOptions {
  /**
   * At most this many permits are held at any moment, across all processes. Each call is
   * admitted against the limit it was made with, so processes should agree on it: while two
   * limits are in use (a rolling deploy changing it), a call is admitted only if the permits
   * held, its own included, stay within its own limit.
   * @example
   * const fetches = locks.semaphore(`fetch:${host}`, { limit: 5 });
   */
  limit: number;
}

/** Options of one semaphore acquisition: the mutex's, plus how many permits. */
export interface SemaphoreAcquireOptions extends AcquireOptions {
  /**
   * Permits this call takes, from 1 to the limit; all of them or none.
   * @default 1
   */
  permits?: number;
}

/** A counting semaphore in Redis: at most `limit` permits held across all processes. */
export interface Semaphore {
  readonly name: string;
  readonly limit: number;
  /**
   * Waits for `permits` (default 1). Rejects with `LockTimeoutError` after `acquireTimeout`,
   * with `signal.reason` on abort, with `LockRedisError` when Redis fails; holds nothing after
   * any rejection.
   */
  acquire(options?: SemaphoreAcquireOptions): Promise<Permit>;
  /** One attempt, no waiting: the permits, or `null` when they are not free. */
  tryAcquire(options?: SemaphoreAcquireOptions): Promise<Permit | null>;
  /**
   * Acquires, runs `work(signal)`, and gives the permits back in every case. Rejects with the
   * `LockLostError` if they were lost while `work` ran.
   * @example
   * const page = await fetches.withPermit((signal) => fetch(url, { signal }));
   */
  withPermit<T>(work: LockedWork<T>): Promise<T>;
  withPermit<T>(options: SemaphoreAcquireOptions, work: LockedWork<T>): Promise<T>;
  /** Permits held, holders, the last fence and waiters queued: one read-only round trip. */
  inspect(): Promise<SemaphoreInfo>;
}

function checkLimit(options: unknown): number {
  const given = checkOptionsObject('Semaphore options', options, ['limit']);
  const { limit } = given;
  if (
    !Number.isInteger(limit) ||
    (limit as number) < 1 ||
    (limit as number) > MAX_SEMAPHORE_LIMIT
  ) {
    const kind = typeof limit === 'number' ? RangeError : TypeError;
    throw new kind(
      `Option "limit" must be a whole number from 1 to ${MAX_SEMAPHORE_LIMIT}, got ${describeValue(limit)}`,
    );
  }
  return limit as number;
}

function checkPermits(value: unknown, limit: number): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > limit) {
    const kind = typeof value === 'number' ? RangeError : TypeError;
    throw new kind(
      `Option "permits" must be a whole number from 1 to the limit (${limit}), got ${describeValue(value)}`,
    );
  }
  return value as number;
}

/** The semaphore primitive's `hold` makes every lock a `HeldPermit`. */
const asPermit = (lock: HeldLock | null) => lock as Permit | null;

export function createSemaphore(host: PrimitiveHost, name: string, options: unknown): Semaphore {
  const target = semaphoreTarget(host.prefix, checkName(name));
  const limit = checkLimit(options);

  const waiter = (options: SemaphoreAcquireOptions | undefined) => {
    const known = [...ACQUIRE_KEYS, 'permits'];
    const { permits, ...rest } = checkOptionsObject('Acquire options', options, known);
    const wanted = checkPermits(permits, limit);
    const settings = resolveAcquireOptions(rest, host.defaults);
    const events = host.events(name, 'semaphore');
    return new Waiter(host.context, target, settings, semaphorePrimitive(wanted, limit), events);
  };

  return {
    name,
    limit,
    acquire: async (options) => asPermit(await waiter(options).acquire()) as Permit,
    tryAcquire: async (options) => asPermit(await waiter(options).tryAcquire()),
    async withPermit<T>(
      optionsOrWork: SemaphoreAcquireOptions | LockedWork<T>,
      maybeWork?: LockedWork<T>,
    ): Promise<T> {
      const [options, work] = splitWork(optionsOrWork, maybeWork);
      checkWork('withPermit', work);
      return holding(await waiter(options).acquire(), work);
    },
    async inspect() {
      const call = {
        commander: host.context.commander,
        target,
        replyTimeout: host.defaults.replyTimeout,
      };
      const events = host.events(name, 'semaphore');
      return reportingRedisErrors(events, 'inspect', callSemaphoreInspect(call));
    },
  };
}
