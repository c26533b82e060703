import { LockTimeoutError } from './errors.js';

/**
 * The signal a waiter gives up on: it aborts with a `LockTimeoutError` once `acquireTimeout`
 * passes, or with the caller's own reason when the caller's signal aborts.
 */
export class GiveUp {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #onCallerAbort = () => this.#controller.abort(this.#callerSignal?.reason);

  constructor(lockName: string, acquireTimeout: number, callerSignal: AbortSignal | undefined) {
    this.#callerSignal = callerSignal;
    if (callerSignal?.aborted) {
      this.#controller.abort(callerSignal.reason);
      return;
    }
    callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (Number.isFinite(acquireTimeout)) {
      this.#timer = setTimeout(
        () => this.#controller.abort(new LockTimeoutError(lockName, acquireTimeout)),
        acquireTimeout,
      );
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }
}

/**
 * Settles like `work`, unless `signal` aborts first: then rejects with its reason at once and
 * hands `work`'s eventual result to `onLateResult`, so that nothing it obtained is orphaned.
 */
export function unlessGivenUp<T>(
  work: Promise<T>,
  signal: AbortSignal,
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
