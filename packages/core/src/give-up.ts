import { now } from './clock.js';
import { LockTimeoutError } from './errors.js';

/**
 * What the state machine needs of a cancellation signal. An `AbortSignal` fits; `GiveUp` is a
 * lighter one, because building an AbortController per acquire was a measurable share of an
 * uncontended lock's time.
 */
export interface Abortable {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * What a waiter gives up on: it aborts with a `LockTimeoutError` once `acquireTimeout` passes,
 * or with the caller's own reason when the caller's signal aborts.
 */
export class GiveUp implements Abortable {
  #aborted = false;
  #reason: unknown;
  readonly #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  /** When the acquire timeout runs out, on the monotonic clock; Infinity without one. */
  readonly deadline: number;
  readonly #onCallerAbort = () => this.#abort(this.#callerSignal?.reason);

  constructor(lockName: string, acquireTimeout: number, callerSignal: AbortSignal | undefined) {
    this.#callerSignal = callerSignal;
    this.deadline = now() + acquireTimeout;
    if (callerSignal?.aborted) {
      this.#abort(callerSignal.reason);
      return;
    }
    callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (Number.isFinite(acquireTimeout)) {
      const timedOut = () => this.#abort(new LockTimeoutError(lockName, acquireTimeout));
      this.#timer = setTimeout(() => this.#atDeadline(timedOut), acquireTimeout);
    }
  }

  /**
   * Node's timers truncate a delay to whole milliseconds and count it from a clock read once
   * per event-loop turn, so one may fire a millisecond or more before `deadline` (1.7 ms
   * measured); Redis was told this waiter's limit by `deadline` and could still hand it the
   * lock then. Times out only once `deadline` has passed.
   */
  #atDeadline(timedOut: () => void): void {
    const left = this.deadline - now();
    if (left <= 0) timedOut();
    else this.#timer = setTimeout(() => this.#atDeadline(timedOut), left);
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Listeners run once, at the abort. */
  addEventListener(_type: 'abort', listener: () => void): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.#listeners.delete(listener);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  #abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    for (const listener of this.#listeners) listener();
    this.#listeners.clear();
  }
}

/**
 * Settles like `work`, unless `signal` aborts first: then rejects with its reason at once and
 * hands `work`'s eventual result to `onLateResult`, so that nothing it obtained is orphaned.
 */
export function unlessGivenUp<T>(
  work: Promise<T>,
  signal: Abortable,
  onLateResult: (result: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      work.then(onLateResult, () => {});
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
