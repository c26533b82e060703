import type { Abortable } from './give-up.js';
/**
 * A pause that a notification can cut short. A notification that arrives while nobody is
 * pausing is remembered, so a release published during an attempt is not lost.
 */
export class Wakeup {
  #pending = false;
  #wake: (() => void) | undefined;

  readonly notify = (): void => {
    this.#pending = true;
    this.#wake?.();
  };

  /** Forgets earlier notifications: call just before an attempt. */
  reset(): void {
    this.#pending = false;
  }

  /** Resolves after `ms`, or at the first notification; rejects if `signal` aborts. */
  pause(ms: number, signal: Abortable): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#pending) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#wake = undefined;
      };
      const onAbort = () => {
        settle();
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        settle();
        resolve();
      }, ms);
      this.#wake = () => {
        settle();
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
