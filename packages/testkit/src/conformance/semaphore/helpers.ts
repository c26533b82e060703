import { createLockClient, type LockClientOptions, type RedisCommander } from '@mutex/core';

/** The semaphore keys the suite expects for `name` under the default prefix. */
export const holdersKey = (name: string) => `mutex:{${name}}:semaphore`;
export const queueKey = (name: string) => `${holdersKey(name)}:waiters`;

/** The semaphore `name` of `limit` over `commander`. */
export function semaphoreOver(
  commander: RedisCommander,
  name: string,
  limit: number,
  options: LockClientOptions = {},
) {
  return createLockClient(commander, options).semaphore(name, { limit });
}
