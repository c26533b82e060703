import { createLockClient, type LockClient, type RedisCommander } from '@mutex/core';
import { EventTap } from './events.js';

/**
 * Two lock clients over two commanders (two connections, as two processes would have), so the
 * second caller really contends through Redis rather than queueing inside one client.
 */
export interface SmokeClients {
  readonly first: LockClient;
  readonly second: LockClient;
  /** What `second` reports, for steps that wait on its events. */
  readonly secondEvents: EventTap;
  /** `first`'s commander, for the raw DEL that makes its holder lose a lock. */
  readonly firstCommander: RedisCommander;
}

/** Draws no random value and starts no I/O, so a Worker may call it at module scope. */
export function smokeClients(first: RedisCommander, second: RedisCommander): SmokeClients {
  const secondEvents = new EventTap();
  return {
    // Fencing, so the test can check through Redis that each acquisition really happened.
    first: createLockClient(first, { fencing: true }),
    second: createLockClient(second, { fencing: true, onEvent: secondEvents.listener }),
    secondEvents,
    firstCommander: first,
  };
}
