import { LockLostError } from './errors.js';
import type { Lock } from './lock.js';
import { describeValue } from './options.js';

/** The work `withLock` (or `withPermit`) guards; `signal` aborts if the lock is lost meanwhile. */
export type LockedWork<T> = (signal: AbortSignal) => T | Promise<T>;

export function checkWork(method: string, work: unknown): asserts work is LockedWork<unknown> {
  if (typeof work !== 'function') {
    throw new TypeError(`${method} needs a function to run, got ${describeValue(work)}`);
  }
}

/**
 * Runs `work` while `lock` is held and releases it in every case. Rejects with the
 * `LockLostError` if the lock was lost while `work` ran, even if `work` ignored the signal.
 */
export async function holding<T>(lock: Lock, work: LockedWork<T>): Promise<T> {
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

/** `(options, work)` or `(work)`: the overloads of `withLock` and `withPermit`. */
export function splitWork<O, T>(
  optionsOrWork: O | LockedWork<T>,
  maybeWork: LockedWork<T> | undefined,
): [O | undefined, LockedWork<T>] {
  return maybeWork === undefined
    ? [undefined, optionsOrWork as LockedWork<T>]
    : [optionsOrWork as O, maybeWork];
}
