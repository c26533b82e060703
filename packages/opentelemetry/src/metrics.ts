import type { LockEvent } from '@mutex/core';
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { ATTR, baseAttributes } from './attributes.js';

/** Metric names, one place: the README's metric table lists the same. */
export const METRIC = {
  acquireDuration: 'mutex.lock.acquire.duration',
  holdDuration: 'mutex.lock.hold.duration',
  acquisitions: 'mutex.lock.acquisitions',
  handoffs: 'mutex.lock.handoffs',
  timeouts: 'mutex.lock.timeouts',
  losses: 'mutex.lock.losses',
  errors: 'mutex.lock.errors',
  held: 'mutex.lock.held',
  waiting: 'mutex.lock.waiting',
} as const;

/**
 * From half a millisecond (an uncontended lock on loopback) to a minute (a long wait, a long
 * job): the SDK's default buckets are laid out for milliseconds and would put every wait in
 * the first one.
 */
const SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

const OUTCOME = {
  acquired: 'acquired',
  busy: 'busy',
  'timed-out': 'timed_out',
  aborted: 'aborted',
  'redis-error': 'error',
} as const;

const seconds = (ms: number) => ms / 1000;

/** Turns lock events into measurements on `meter`'s instruments. */
export class LockMetrics {
  readonly #withName: boolean;
  readonly #acquireDuration: Histogram;
  readonly #holdDuration: Histogram;
  readonly #acquisitions: Counter;
  readonly #handoffs: Counter;
  readonly #timeouts: Counter;
  readonly #losses: Counter;
  readonly #errors: Counter;
  readonly #held = new Tally();
  readonly #waiting = new Tally();
  /** Acquire calls counted in `waiting`, to take back out when they end. */
  readonly #queued = new Set<number>();

  constructor(meter: Meter, withName: boolean) {
    this.#withName = withName;
    const advice = { explicitBucketBoundaries: SECONDS_BUCKETS };
    this.#acquireDuration = meter.createHistogram(METRIC.acquireDuration, {
      description: 'Time from an acquire call to its outcome (mutex.lock.outcome).',
      unit: 's',
      advice,
    });
    this.#holdDuration = meter.createHistogram(METRIC.holdDuration, {
      description: 'Time a lock was held, until released or lost (mutex.lock.end).',
      unit: 's',
      advice,
    });
    this.#acquisitions = meter.createCounter(METRIC.acquisitions, {
      description: 'Locks acquired.',
      unit: '{acquisition}',
    });
    this.#handoffs = meter.createCounter(METRIC.handoffs, {
      description: 'Locks a release handed straight to a queued waiter.',
      unit: '{handoff}',
    });
    this.#timeouts = meter.createCounter(METRIC.timeouts, {
      description: 'Acquire calls that reached acquireTimeout.',
      unit: '{timeout}',
    });
    this.#losses = meter.createCounter(METRIC.losses, {
      description: 'Locks lost while held (mutex.lock.loss_reason).',
      unit: '{loss}',
    });
    this.#errors = meter.createCounter(METRIC.errors, {
      description: 'Redis failures, by operation (mutex.lock.operation) and error code.',
      unit: '{error}',
    });
    // Observed when metrics are collected rather than recorded per change: a lock's life
    // then costs two measurements fewer.
    meter
      .createObservableUpDownCounter(METRIC.held, {
        description: 'Locks this process holds now.',
        unit: '{lock}',
      })
      .addCallback((result) => this.#held.observe(result));
    meter
      .createObservableUpDownCounter(METRIC.waiting, {
        description: 'Acquire calls of this process waiting for a busy lock now.',
        unit: '{call}',
      })
      .addCallback((result) => this.#waiting.observe(result));
  }

  record(event: LockEvent): void {
    const base = baseAttributes(event, this.#withName);
    switch (event.type) {
      case 'queued':
        this.#queued.add(event.id);
        this.#waiting.add(1, base, this.#series(event));
        return;
      case 'acquired':
        this.#ended(event, base, { [ATTR.handedOver]: event.handedOver });
        this.#acquisitions.add(1, { ...base, [ATTR.handedOver]: event.handedOver });
        if (event.handedOver) this.#handoffs.add(1, base);
        this.#held.add(1, base, this.#series(event));
        return;
      case 'busy':
      case 'aborted':
        this.#ended(event, base);
        return;
      case 'timed-out':
        this.#ended(event, base);
        this.#timeouts.add(1, base);
        return;
      case 'redis-error':
        if (event.operation === 'acquire') this.#ended(event, base);
        this.#errors.add(1, {
          ...base,
          [ATTR.operation]: event.operation,
          [ATTR.errorType]: event.error.code,
        });
        return;
      case 'extension-failed':
        this.#errors.add(1, {
          ...base,
          [ATTR.operation]: 'extend',
          [ATTR.errorType]: event.error.code,
        });
        return;
      case 'resumed':
        this.#held.add(1, base, this.#series(event));
        return;
      case 'released':
        this.#held.add(-1, base, this.#series(event));
        this.#holdDuration.record(seconds(event.held), { ...base, [ATTR.end]: 'released' });
        return;
      case 'lost':
        this.#held.add(-1, base, this.#series(event));
        this.#holdDuration.record(seconds(event.held), { ...base, [ATTR.end]: 'lost' });
        this.#losses.add(1, { ...base, [ATTR.lossReason]: event.reason });
        return;
      default:
        return; // acquire-started, extended: spans only
    }
  }

  /** The series `event` counts in, as a key: what `baseAttributes` puts in its attributes. */
  #series(event: LockEvent): string {
    const { primitive, adapter } = event;
    return this.#withName ? `${primitive}\n${adapter}\n${event.name}` : `${primitive}\n${adapter}`;
  }

  /** An acquire call's outcome: its duration, and it no longer waits. */
  #ended(
    event: Extract<LockEvent, { type: keyof typeof OUTCOME }>,
    base: Attributes,
    extra: Attributes = {},
  ): void {
    if (this.#queued.delete(event.id)) this.#waiting.add(-1, base, this.#series(event));
    this.#acquireDuration.record(seconds(event.waited ?? 0), {
      ...base,
      ...extra,
      [ATTR.outcome]: OUTCOME[event.type],
    });
  }
}

/** A count per attribute set, reported by an observable instrument at each collection. */
class Tally {
  readonly #counts = new Map<string, { attributes: Attributes; count: number }>();

  /** `key` names the attribute set: equal keys, equal attributes. */
  add(delta: number, attributes: Attributes, key: string): void {
    const entry = this.#counts.get(key);
    if (entry) entry.count += delta;
    else this.#counts.set(key, { attributes, count: delta });
  }

  observe(result: { observe(value: number, attributes: Attributes): void }): void {
    for (const [key, { attributes, count }] of this.#counts) {
      result.observe(count, attributes);
      // Reported as 0 once, then forgotten: lock names (with lockNames) come and go.
      if (count === 0) this.#counts.delete(key);
    }
  }
}
