import {
  LockError,
  type LockLossReason,
  type LockLostError,
  type LockOperation,
} from './errors.js';
import type { LockPrimitive } from './primitive.js';

/** What every lock event carries. */
export interface LockEventBase {
  /** The lock name the caller gave. */
  readonly name: string;
  /**
   * Numbers one acquire call (or `resume`) and the lock it yields, unique in the process:
   * `acquire-started`, its outcome and the held lock's later events share it.
   */
  readonly id: number;
  /** Which primitive the event is about. */
  readonly primitive: LockPrimitive;
  /** The commander's `adapter` name (`'ioredis'`, `'node-redis'`, `'upstash'`), or `'custom'`. */
  readonly adapter: string;
}

/** The outcome-independent part of every event of one `type`. */
type Event<Type extends string, Fields = object> = LockEventBase & { readonly type: Type } & Fields;

/**
 * What a lock client reports to its `onEvent` listener. Durations are in milliseconds, from
 * the process's monotonic clock. An acquire call emits `acquire-started`, maybe `queued`, then
 * exactly one of `acquired`, `busy`, `timed-out`, `aborted` or `redis-error` (operation
 * `'acquire'`). A held lock (acquired or resumed) ends with exactly one of `released` or
 * `lost`.
 */
export type LockEvent =
  /** `acquire` (`wait: true`) or `tryAcquire` (`wait: false`) was called. */
  | Event<'acquire-started', { readonly wait: boolean }>
  /** The lock was busy, so the call waits: queued in Redis for a handoff, or polling. */
  | Event<'queued'>
  | Event<
      'acquired',
      {
        /** From `acquire-started` to now. */
        readonly waited: number;
        /** A release handed the lock to this call, rather than an attempt taking it. */
        readonly handedOver: boolean;
        /** Acquire scripts this call sent to Redis. */
        readonly attempts: number;
        /** The fencing token, when asked for. */
        readonly fence: number | undefined;
      }
    >
  /** `tryAcquire` found the lock held. */
  | Event<'busy', { readonly waited: number }>
  /** `acquireTimeout` passed first. */
  | Event<'timed-out', { readonly waited: number; readonly attempts: number }>
  /** The caller's `signal` aborted the wait. */
  | Event<'aborted', { readonly waited: number; readonly reason: unknown }>
  /** `locks.resume` gave this process a handle for a lock held elsewhere. */
  | Event<'resumed'>
  /** A lease renewal went through: `ttl` is the new lease, `auto` for auto-extension. */
  | Event<'extended', { readonly ttl: number; readonly auto: boolean }>
  /**
   * A renewal did not reach Redis. After an automatic one the lock is still held until its
   * lease ends, and renewal is retried; `lost` follows if it never gets through.
   */
  | Event<'extension-failed', { readonly auto: boolean; readonly error: LockError }>
  /** The holder released the lock (`held`: how long it had it). */
  | Event<'released', { readonly held: number }>
  /** The lock stopped protecting its holder before it was released. */
  | Event<
      'lost',
      { readonly held: number; readonly reason: LockLossReason; readonly error: LockLostError }
    >
  /** Redis failed a command, or answered unexpectedly (extensions report `extension-failed`). */
  | Event<
      'redis-error',
      {
        readonly operation: Exclude<LockOperation, 'extend'>;
        readonly error: LockError;
        /** For operation `'acquire'`: from `acquire-started` to now. */
        readonly waited?: number;
      }
    >;

/** Every event type, in the order a lock's life goes through them. */
export type LockEventType = LockEvent['type'];

/**
 * Receives a client's lock events, synchronously, on the path of the lock operation: keep it
 * quick (count, record, enqueue). If it throws, the error is logged with `console.error` and
 * the lock carries on as if no one listened.
 */
export type LockEventListener = (event: LockEvent) => void;

/** The fields particular to one event type. */
export type LockEventFields<T extends LockEventType> = Omit<
  Extract<LockEvent, { type: T }>,
  keyof LockEventBase | 'type'
>;

let lastId = 0;

/**
 * One acquire call's (and then one held lock's) way to its client's listener. Made only when
 * the client has a listener, so that locks without one pay a single `undefined` check per
 * event.
 */
export class LockEvents {
  readonly #listener: LockEventListener;
  readonly #base: LockEventBase;

  constructor(
    listener: LockEventListener,
    name: string,
    adapter: string,
    primitive: LockPrimitive = 'mutex',
  ) {
    this.#listener = listener;
    this.#base = { name, id: ++lastId, primitive, adapter };
  }

  emit<T extends LockEventType>(type: T, fields: LockEventFields<T>): void {
    const event = { ...this.#base, type, ...fields } as LockEvent;
    try {
      this.#listener(event);
    } catch (error) {
      // A broken listener must not break the lock it watches, nor go unnoticed.
      console.error(`@mutex/core: the onEvent listener threw on a "${type}" event:`, error);
    }
  }
}

/**
 * Settles like `work`; if it rejects with a lock error (Redis failed), first tells `events`
 * so, as a `redis-error` of `operation`.
 */
export async function reportingRedisErrors<T>(
  events: LockEvents | undefined,
  operation: Exclude<LockOperation, 'acquire' | 'extend'>,
  work: Promise<T>,
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof LockError) events?.emit('redis-error', { operation, error });
    throw error;
  }
}

/** The name events report for `commander`. */
export function adapterName(commander: { readonly adapter?: unknown }): string {
  return typeof commander.adapter === 'string' ? commander.adapter : 'custom';
}
