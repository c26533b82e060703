import { now } from './clock.js';
import { LockError, type LockLossReason, LockLostError, LockReleasedError } from './errors.js';
import type { LockEvents } from './events.js';
import { leaseEnd } from './lease-end.js';
import { type AcquireSettings, checkDuration } from './options.js';
import type { LeaseScripts } from './primitive.js';
import type { ScriptCall } from './scripts-call.js';

/** A held lock. Release it with `release()`, or let `await using` do it. */
export interface Lock extends AsyncDisposable {
  /** The lock name given to `acquire`. */
  readonly name: string;
  /** The Redis key holding the lock. */
  readonly key: string;
  /**
   * The secret that holding this lock comes down to. Pass it to another process's
   * `locks.resume(name, token)` to hand the lock over; keep it out of logs, since it lets
   * its bearer extend or release the lock.
   */
  readonly token: string;
  /** The fencing token, when the lock was acquired with `fencing: true`. */
  readonly fence: number | undefined;
  /**
   * Aborts when this lock stops protecting its holder: with a `LockReleasedError` after
   * `release()`, with a `LockLostError` when the lease is lost. Pass it to the work you guard.
   */
  readonly signal: AbortSignal;
  /** The lease in force, in milliseconds. */
  readonly ttl: number;
  /**
   * Stops auto-extension without releasing: the lock stays held until its lease runs out,
   * and `signal` aborts with a `LockLostError` (`'lease-expired'`) shortly before it does (2 ms
   * plus 1% of the lease, so that Redis cannot have ended it first). For a holder that
   * wants to finish within the lease it has, or hand the rest of it to no one.
   */
  stopRenewal(): void;
  /**
   * Renews the lease to `ttl` ms from now (default: the current lease). Rejects with
   * `LockLostError` if Redis no longer holds this lock, `LockRedisError` if Redis failed.
   */
  extend(ttl?: number): Promise<void>;
  /**
   * Deletes the lock if this handle still holds it and wakes waiters. Resolves to whether it
   * did; `false` after an earlier release or once the lease was lost, without touching
   * another holder's lock. Rejects with `LockRedisError` if Redis failed (call it again).
   *
   * `signal` aborts with `LockReleasedError` at the call, before Redis answers: the holder has
   * stopped relying on the lock. Renewal stops too, so a release that fails leaves the key
   * only until its lease ends.
   */
  release(): Promise<boolean>;
}

/**
 * The signal's reason after a release. Built without a stack trace: capturing one cost a tenth
 * of the core's time per lock, and a release is not an error anyone debugs.
 */
function releasedReason(lockName: string): LockReleasedError {
  // V8 and JavaScriptCore read this; elsewhere setting it does nothing.
  const errors = Error as ErrorConstructor & { stackTraceLimit?: number };
  const limit = errors.stackTraceLimit;
  errors.stackTraceLimit = 0;
  try {
    return new LockReleasedError(lockName);
  } finally {
    errors.stackTraceLimit = limit;
  }
}

/** The acquire options a held lock goes by: its lease and how it is renewed. */
export type LeaseSettings = Pick<
  AcquireSettings,
  'ttl' | 'autoExtend' | 'maxHold' | 'renewInterval'
>;

export interface HeldLockInit {
  /** The commander, keys, token and reply timeout every script of this lock runs with. */
  script: ScriptCall;
  settings: LeaseSettings;
  /** When the acquire script was sent: the lease cannot have started earlier. */
  leaseStart: number;
  fence: number | undefined;
  /** The primitive's scripts that renew and release it. */
  scripts: LeaseScripts;
  /** Where the lock's events go; undefined when no one listens. */
  events: LockEvents | undefined;
  /** Called once when the lock ends (released or lost): wakes this process's next waiter. */
  onEnd: () => void;
}

export class HeldLock implements Lock {
  readonly name: string;
  readonly key: string;
  readonly fence: number | undefined;
  readonly #init: HeldLockInit;
  /** Made when someone asks for `signal`: most locks end without anyone looking. */
  #controller: AbortController | undefined;
  /**
   * Why the lock stopped protecting its holder; undefined while it still does. A release is
   * noted as 'released' and its error built only if someone asks for it.
   */
  #ended: LockError | 'released' | undefined;
  #ttl: number;
  /** When the lease counts as over here (see leaseEnd): never later than Redis ends it. */
  #leaseEnd: number;
  /** Send time of the newest renewal applied, so that a slower older reply cannot undo it. */
  #leaseFrom: number;
  #leaseTimer: ReturnType<typeof setTimeout> | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #renewError: unknown;
  #release: 'open' | 'pending' | 'done' = 'open';
  #autoExtend: boolean;
  /** When auto-extension must stop (maxHold after the lease began); Infinity for never. */
  readonly #holdEnd: number;
  /** Auto-extension reached maxHold: the lease now ends with the hold. */
  #capped = false;
  /** When this process got the lock, for the `held` of its last event (0 if no one listens). */
  readonly #heldSince: number;

  constructor(init: HeldLockInit) {
    this.#init = init;
    this.name = init.script.target.name;
    this.key = init.script.target.key;
    this.fence = init.fence;
    this.#ttl = init.settings.ttl;
    this.#leaseFrom = init.leaseStart;
    this.#leaseEnd = leaseEnd(init.leaseStart, init.settings.ttl);
    this.#autoExtend = init.settings.autoExtend;
    this.#holdEnd = init.leaseStart + init.settings.maxHold;
    this.#heldSince = init.events ? now() : 0;
    this.#armTimers();
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#ended !== undefined) this.#controller.abort(this.#endReason());
    }
    return this.#controller.signal;
  }

  get ttl(): number {
    return this.#ttl;
  }

  /** A getter, so that logging the handle does not print it. */
  get token(): string {
    return this.#init.script.token;
  }

  async extend(ttl: number = this.#ttl): Promise<void> {
    const lease = checkDuration('ttl', ttl, { min: 1, infinite: true });
    if (this.#ended !== undefined) throw this.#endReason();
    const sentAt = now();
    let held: boolean;
    try {
      held = await this.#init.scripts.extend(this.#init.script, lease);
    } catch (error) {
      this.#extensionFailed(error, false);
      throw error;
    }
    if (!held) this.#lose('not-held');
    if (this.#ended !== undefined) throw this.#endReason();
    this.#renewed(sentAt, lease);
    this.#init.events?.emit('extended', { ttl: lease, auto: false });
  }

  async release(): Promise<boolean> {
    if (this.#release !== 'open') return false;
    const reason = this.#ended;
    const knownGone = reason instanceof LockLostError && reason.reason === 'not-held';
    this.#release = 'pending';
    this.#end('released');
    if (knownGone) {
      this.#release = 'done';
      return false;
    }
    try {
      // A held lock has no queue entry: taking or being handed the lock removed it.
      const held = await this.#init.scripts.release(this.#init.script, false);
      this.#release = 'done';
      return held;
    } catch (error) {
      this.#release = 'open';
      if (error instanceof LockError) {
        this.#init.events?.emit('redis-error', { operation: 'release', error });
      }
      throw error;
    }
  }

  stopRenewal(): void {
    if (!this.#autoExtend) return;
    this.#autoExtend = false;
    this.#armTimers();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /**
   * With auto-extension only the renewal timer runs until renewal time; the lease timer is
   * armed then, in case the renewal does not get through. One timer per lock, not two.
   */
  #armTimers(): void {
    clearTimeout(this.#leaseTimer);
    clearTimeout(this.#renewTimer);
    this.#leaseTimer = undefined;
    if (!Number.isFinite(this.#ttl) || this.#ended !== undefined) return;
    if (this.#autoExtend && !this.#capped) {
      const every = this.#init.settings.renewInterval ?? this.#ttl / 3;
      this.#renewTimer = setTimeout(
        () => {
          this.#armLeaseTimer();
          void this.#renew();
        },
        this.#leaseFrom + every - now(),
      );
    } else {
      this.#armLeaseTimer();
    }
  }

  #armLeaseTimer(): void {
    const left = this.#leaseEnd - now();
    this.#leaseTimer = setTimeout(
      () => this.#lose(this.#capped ? 'max-hold' : 'lease-expired', this.#renewError),
      left,
    );
  }

  async #renew(): Promise<void> {
    const sentAt = now();
    // Never past maxHold: the last renewal ends the lease with the hold.
    const lease = Math.min(this.#ttl, Math.floor(this.#holdEnd - sentAt));
    if (lease < this.#ttl) this.#capped = true;
    if (lease < 1) return; // the lease timer, armed already, tells the holder
    let held: boolean;
    try {
      held = await this.#init.scripts.extend(this.#init.script, lease);
    } catch (error) {
      // The lease timer still runs: keep trying until it fires, then the lock counts as lost.
      this.#renewError = error;
      this.#extensionFailed(error, true);
      if (this.#ended === undefined) {
        this.#renewTimer = setTimeout(() => void this.#renew(), Math.ceil(this.#ttl / 10));
      }
      return;
    }
    if (this.#ended !== undefined) return;
    if (!held) return this.#lose('not-held');
    this.#renewed(sentAt, lease, this.#ttl);
    this.#init.events?.emit('extended', { ttl: lease, auto: true });
  }

  #extensionFailed(error: unknown, auto: boolean): void {
    if (error instanceof LockError) this.#init.events?.emit('extension-failed', { auto, error });
  }

  /** A renewal to `lease` from `sentAt` went through; `ttl` is the lease in force from now on. */
  #renewed(sentAt: number, lease: number, ttl = lease): void {
    if (sentAt < this.#leaseFrom || this.#ended !== undefined) return;
    this.#leaseFrom = sentAt;
    this.#ttl = ttl;
    this.#leaseEnd = leaseEnd(sentAt, lease);
    this.#renewError = undefined;
    this.#armTimers();
  }

  #lose(reason: LockLossReason, cause?: unknown): void {
    const options = cause === undefined ? undefined : { cause };
    this.#end(new LockLostError(this.name, reason, this.#ttl, options));
  }

  #endReason(): LockError {
    if (this.#ended === 'released') this.#ended = releasedReason(this.name);
    return this.#ended as LockError;
  }

  #end(reason: LockError | 'released'): void {
    if (this.#ended !== undefined) return;
    this.#ended = reason;
    clearTimeout(this.#leaseTimer);
    clearTimeout(this.#renewTimer);
    this.#controller?.abort(this.#endReason());
    this.#init.onEnd();
    const events = this.#init.events;
    if (events === undefined) return;
    const held = now() - this.#heldSince;
    if (reason === 'released') events.emit('released', { held });
    else if (reason instanceof LockLostError) {
      events.emit('lost', { held, reason: reason.reason, error: reason });
    }
  }
}
