import { isLockLostError, isLockReleasedError, LockLostError } from '@mutex/core';
import type { ErrorInfo } from './report.js';

/** An abort reason or error as plain data, judged in the runtime that produced it. */
export function describeError(error: unknown): ErrorInfo | null {
  if (error === undefined || error === null) return null;
  const fields = error as { name?: unknown; code?: unknown; reason?: unknown; lockName?: unknown };
  return {
    name: String(fields.name),
    code: fields.code,
    reason: fields.reason,
    lockName: fields.lockName,
    // Both: the guard (which holds across realms) and the class the user would import.
    isLockLost: isLockLostError(error) && error instanceof LockLostError,
    isLockReleased: isLockReleasedError(error),
  };
}

/** The signal's reason once it aborts, or null if it has not within `ms`. */
export function abortReason(signal: AbortSignal, ms: number): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(signal.reason);
      },
      { once: true },
    );
  });
}
