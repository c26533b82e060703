import { createLockClient, type LockClientOptions, type RedisCommander } from '@mutex/core';

/** The read-write lock keys the suite expects for `name` under the default prefix. */
export const rwKey = (name: string, part: 'writer' | 'readers' | 'waiters' | 'fence') =>
  `mutex:{${name}}:rw:${part}`;

export function readWriteOver(
  commander: RedisCommander,
  name: string,
  options: LockClientOptions = {},
) {
  return createLockClient(commander, options).readWrite(name);
}
