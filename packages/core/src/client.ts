import type { RedisCommander } from './commander.js';
import { lockContextFor } from './context.js';
import { adapterName, LockEvents, reportingRedisErrors } from './events.js';
import { checkWork, holding, type LockedWork, splitWork } from './holding.js';
import { lockTarget } from './keys.js';
import type { Lock } from './lock.js';
import {
  type AcquireOptions,
  checkName,
  type LockClientOptions,
  resolveAcquireOptions,
  resolveClientOptions,
} from './options.js';
import { type LockPrimitive, MUTEX } from './primitive.js';
import { createReadWriteLock, type ReadWriteLock } from './read-write.js';
import type { LockInfo } from './replies.js';
import { resumeLock } from './resume.js';
import { callInspect } from './scripts-call.js';
import { createSemaphore, type Semaphore, type SemaphoreOptions } from './semaphore.js';
import { Waiter } from './waiter.js';

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
  /**
   * A counting semaphore named `name`: at most `limit` permits held at once across all
   * processes, waiters queued in Redis and handed permits by releases, with the same leases,
   * auto-extension, fencing, timeouts and loss signal as a lock. Its keys never meet the
   * mutex's of the same name. Throws a `TypeError`/`RangeError` for a bad limit.
   * @example
   * const gpus = locks.semaphore('gpu-jobs', { limit: 3 });
   * await gpus.withPermit(async (signal) => train(signal));
   */
  semaphore(name: string, options: SemaphoreOptions): Semaphore;
  /**
   * A read-write lock named `name`: many readers at once or one writer, served in arrival
   * order so that writers are not starved; a writer's release lets in all the readers queued
   * behind it in one script. Same leases, renewal, fencing, timeouts and loss signal as a lock;
   * its keys never meet the mutex's or the semaphore's of the same name.
   * @example
   * const report = locks.readWrite('report');
   * await report.withWrite(() => rebuild());
   * const text = await report.withRead(() => redis.get('report'));
   */
  readWrite(name: string): ReadWriteLock;
}

export function createLockClient(
  commander: RedisCommander,
  options: LockClientOptions = {},
): LockClient {
  const context = lockContextFor(commander);
  const { prefix, defaults, onEvent } = resolveClientOptions(options);
  const adapter = adapterName(commander);

  const target = (name: string) => lockTarget(prefix, checkName(name));
  const eventsFor = (name: string, primitive: LockPrimitive = 'mutex') =>
    onEvent === undefined ? undefined : new LockEvents(onEvent, name, adapter, primitive);
  const host = { context, prefix, defaults, events: eventsFor };
  const waiter = (name: string, options: AcquireOptions | undefined) => {
    const settings = resolveAcquireOptions(options, defaults);
    return new Waiter(context, target(name), settings, MUTEX, eventsFor(name));
  };

  async function inspect(name: string): Promise<LockInfo> {
    const call = {
      commander: context.commander,
      target: target(name),
      replyTimeout: defaults.replyTimeout,
    };
    return reportingRedisErrors(eventsFor(name), 'inspect', callInspect(call));
  }

  async function withLock<T>(
    name: string,
    optionsOrWork: AcquireOptions | LockedWork<T>,
    maybeWork?: LockedWork<T>,
  ): Promise<T> {
    const [options, work] = splitWork(optionsOrWork, maybeWork);
    checkWork('withLock', work);
    return holding(await waiter(name, options).acquire(), work);
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
    semaphore: (name, options) => createSemaphore(host, name, options),
    readWrite: (name) => createReadWriteLock(host, name),
  };
}
