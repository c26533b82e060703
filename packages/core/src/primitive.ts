import type { LockContext } from './context.js';
import type { LockEvents } from './events.js';
import { HeldLock, type HeldLockInit } from './lock.js';
import type { AcquireSettings } from './options.js';
import type { AcquireReply } from './replies.js';
import {
  type AttemptMode,
  callAcquire,
  callExtend,
  callRelease,
  type ScriptCall,
} from './scripts-call.js';

/** Which coordination primitive a lock, a waiter or an event belongs to. */
export type LockPrimitive = 'mutex' | 'semaphore' | 'read-write';

/** How a held lock renews and gives back what it holds. */
export interface LeaseScripts {
  /** Renews the lease to `ttl`; false when this token no longer holds. */
  extend(script: ScriptCall, ttl: number): Promise<boolean>;
  /**
   * Gives back what this token holds, handing it to waiters; with `mayHaveQueued` also takes
   * the token out of the queue, which ends a wait. False when the token held nothing.
   */
  release(script: ScriptCall, mayHaveQueued: boolean): Promise<boolean>;
}

/**
 * What the engine (`Waiter`, `HeldLock`) needs of a primitive: its scripts. The waiting,
 * queueing, handoff, give-up clean-up and renewal are the engine's, shared by every primitive.
 */
export interface Primitive extends LeaseScripts {
  readonly kind: LockPrimitive;
  /**
   * Whether waiters of one process take turns outside fair mode (a mutex: only one of them
   * can hold it anyway); otherwise each goes to Redis, as in fair mode.
   */
  readonly localTurns: boolean;
  /** One attempt: held (taken, or handed over earlier), or not, with the wait to expect. */
  acquire(script: ScriptCall, mode: AttemptMode): Promise<AcquireReply>;
  /** The handle for what an acquire call got. */
  hold(init: HeldLockInit): HeldLock;
}

/**
 * What the lock client lends the primitives it makes (semaphores, read-write locks): its
 * context, key prefix, defaults and events.
 */
export interface PrimitiveHost {
  readonly context: LockContext;
  readonly prefix: string;
  readonly defaults: Omit<AcquireSettings, 'signal'>;
  readonly events: (name: string, primitive: LockPrimitive) => LockEvents | undefined;
}

export const MUTEX: Primitive = {
  kind: 'mutex',
  localTurns: true,
  acquire: callAcquire,
  extend: callExtend,
  release: callRelease,
  hold: (init) => new HeldLock(init),
};
