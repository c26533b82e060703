import type { RedisCommander } from './commander.js';
import { lockContextFor } from './context.js';
import { LockError, LockLostError } from './errors.js';
import { adapterName, LockEvents } from './events.js';
import { lockTarget } from './keys.js';
import type { Lock } from './lock.js';
import {
  type AcquireOptions,
  checkName,
  describeValue,
  type LockClientOptions,
  resolveAcquireOptions,
  resolveClientOptions,
} from './options.js';
import type { LockInfo } from './replies.js';
import { resumeLock } from './resume.js';
import { callInspect } from './scripts-call.js';
import { Waiter } from './waiter.js';

/** The work `withLock` guards; `signal` aborts if the lock is lost while it runs. */
export type LockedWork<T> = (signal: AbortSignal) => T | Promise<T>;

/** Takes named locks over one Redis commander. */
export interface LockClient {
  /**
   * Acquires `name`, waiting while it is busy. Rejects with `LockTimeoutError` after
   * `acquireTimeout`, with `signal.reason` when `signal` aborts, with `LockRedisError` when
   * Redis fails. Whatever the rejection, this call holds no lock afterwards.
   */
  acquire(name: string, options?: AcquireOptions): Promise<Lock>;
  /** One attempt, no waiting: the lock, or `null` when someone else holds it. */
  tryAcquire(name: string, options?: AcquireOptions): Promise<Lock | null>;
  /**
   * Acquires `name`, runs `work(signal)`, and releases in every case. Rejects with the
   * `LockLostError` if the lock was lost while `work` ran, even if `work` ignored the signal.
   */
  withLock<T>(name: string, work: LockedWork<T>): Promise<T>;
  withLock<T>(name: string, options: AcquireOptions, work: LockedWork<T>): Promise<T>;
  /**
   * What Redis holds for `name`, in one round trip that changes nothing: whether it is held,
   * the lease left, the last fence issued, how many waiters are queued. A snapshot: it may
   * have changed by the time it arrives. Rejects with `LockRedisError` if Redis failed.
   * @example
   * const { held, ttl, waiting } = await locks.inspect('nightly-report');
   */
  inspect(name: string): Promise<LockInfo>;
  /**
   * Takes over a lock that another handle, often in another process, holds by `token`
   * (`lock.token`): checked and moved to a new token in one script, with `options`' lease and
   * auto-extension. The old handle learns at its next renewal that it lost the lock. Rejects
   * with `LockNotHeldError` when Redis does not hold the lock by that token (wrong, released,
   * expired), changing nothing.
   * @example
   * // process A: await queue.send({ job, lockToken: lock.token });
   * const lock = await locks.resume('job:42', message.lockToken);
   */
  resume(name: string, token: string, options?: AcquireOptions): Promise<Lock>;
}

export function createLockClient(
  commander: RedisCommander,
  options: LockClientOptions = {},
): LockClient {
  const context = lockContextFor(commander);
  const { prefix, defaults, onEvent } = resolveClientOptions(options);
  const adapter = adapterName(commander);

  const target = (name: string) => lockTarget(prefix, checkName(name));
  const eventsFor = (name: string) =>
    onEvent === undefined ? undefined : new LockEvents(onEvent, name, adapter);
  const waiter = (name: string, options: AcquireOptions | undefined) => {
    const settings = resolveAcquireOptions(options, defaults);
    return new Waiter(context, target(name), settings, eventsFor(name));
  };

  async function inspect(name: string): Promise<LockInfo> {
    const call = {
      commander: context.commander,
      target: target(name),
      replyTimeout: defaults.replyTimeout,
    };
    try {
      return await callInspect(call);
    } catch (error) {
      if (error instanceof LockError)
        eventsFor(name)?.emit('redis-error', { operation: 'inspect', error });
      throw error;
    }
  }

  async function withLock<T>(
    name: string,
    optionsOrWork: AcquireOptions | LockedWork<T>,
    maybeWork?: LockedWork<T>,
  ): Promise<T> {
    const [options, work] =
      maybeWork === undefined
        ? [undefined, optionsOrWork]
        : [optionsOrWork as AcquireOptions, maybeWork];
    if (typeof work !== 'function') {
      throw new TypeError(`withLock needs a function to run, got ${describeValue(work)}`);
    }
    const lock: Lock = await waiter(name, options).acquire();
    let result: T;
    try {
      result = await work(lock.signal);
    } catch (error) {
      await lock.release().catch(() => {});
      throw error;
    }
    const lost = lock.signal.reason;
    await lock.release();
    if (lost instanceof LockLostError) throw lost;
    return result;
  }

  return {
    inspect,
    resume: async (name, token, options) => {
      const settings = resolveAcquireOptions(options, defaults);
      return resumeLock(context, target(name), token, settings, eventsFor(name));
    },
    acquire: async (name, options) => waiter(name, options).acquire(),
    tryAcquire: async (name, options) => waiter(name, options).tryAcquire(),
    withLock,
  };
}
