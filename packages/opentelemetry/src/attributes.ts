import type { LockEvent } from '@mutex/core';
import type { Attributes } from '@opentelemetry/api';

/** Attribute names, one place: the README's metric table lists the same. */
export const ATTR = {
  /** The lock's name: only with `lockNames: true` (one series per name otherwise). */
  lockName: 'mutex.lock.name',
  /** `mutex`, `semaphore` or `read-write`. */
  primitive: 'mutex.primitive',
  /** The adapter's name: `ioredis`, `node-redis`, `upstash`, or `custom`. */
  adapter: 'mutex.adapter',
  /** How an acquire call ended: `acquired`, `busy`, `timed_out`, `aborted`, `error`. */
  outcome: 'mutex.lock.outcome',
  /** Whether a release handed the lock over (rather than an attempt taking it). */
  handedOver: 'mutex.lock.handed_over',
  /** How a hold ended: `released`, `lost`. */
  end: 'mutex.lock.end',
  /** Why a lock was lost: `not-held`, `lease-expired`, `max-hold`. */
  lossReason: 'mutex.lock.loss_reason',
  /** The operation Redis failed: `acquire`, `extend`, `release`, `inspect`, `resume`. */
  operation: 'mutex.lock.operation',
  /** OpenTelemetry's general attribute for an error's class: here the library's error code. */
  errorType: 'error.type',
  /** Acquire scripts one call sent (spans only). */
  attempts: 'mutex.lock.attempts',
  /** The fencing token taken (spans only). */
  fence: 'mutex.lock.fence',
} as const;

/** The attributes every measurement of `event` carries. */
export function baseAttributes(event: LockEvent, withName: boolean): Attributes {
  const attributes: Attributes = {
    [ATTR.primitive]: event.primitive,
    [ATTR.adapter]: event.adapter,
  };
  if (withName) attributes[ATTR.lockName] = event.name;
  return attributes;
}
