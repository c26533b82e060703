/** Base class of every error this library raises about a lock. */
export class LockError extends Error {
  override name = 'LockError';
  /** The lock name the caller gave. */
  readonly lockName: string;

  constructor(lockName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.lockName = lockName;
  }
}

/** The lock could not be acquired within `acquireTimeout` milliseconds. */
export class LockTimeoutError extends LockError {
  override name = 'LockTimeoutError';
  /** The limit that was hit, in milliseconds. */
  readonly acquireTimeout: number;

  constructor(lockName: string, acquireTimeout: number) {
    super(
      lockName,
      `Lock "${lockName}" could not be acquired within ${acquireTimeout} ms (acquireTimeout)`,
    );
    this.acquireTimeout = acquireTimeout;
  }
}

/** Why a held lock stopped protecting its holder. */
export type LockLossReason =
  /** Redis no longer holds this handle's token: the lease expired, or someone else holds it. */
  | 'not-held'
  /** The lease ran out without a renewal Redis confirmed (auto-extension off, or unreachable). */
  | 'lease-expired';

/**
 * A held lock stopped protecting its holder. Set as `lock.signal.reason`, and thrown by
 * `extend()` and `withLock`.
 */
export class LockLostError extends LockError {
  override name = 'LockLostError';
  readonly reason: LockLossReason;
  /** The lease in force when the lock was lost, in milliseconds. */
  readonly ttl: number;

  constructor(
    lockName: string,
    reason: LockLossReason,
    ttl: number,
    options?: { cause?: unknown },
  ) {
    const why =
      reason === 'not-held'
        ? 'Redis no longer holds its token (the lease expired or another holder took it)'
        : `its ${ttl} ms lease (ttl) ran out before Redis confirmed a renewal`;
    super(lockName, `Lock "${lockName}" was lost: ${why}`, options);
    this.reason = reason;
    this.ttl = ttl;
  }
}

/** Set as `lock.signal.reason` once the holder released the lock itself. */
export class LockReleasedError extends LockError {
  override name = 'LockReleasedError';

  constructor(lockName: string) {
    super(lockName, `Lock "${lockName}" was released`);
  }
}

/** The Redis operation a {@link LockRedisError} came from. */
export type LockOperation = 'acquire' | 'extend' | 'release';

/** Redis (or the transport to it) failed during a lock operation; `cause` holds its error. */
export class LockRedisError extends LockError {
  override name = 'LockRedisError';
  readonly operation: LockOperation;

  constructor(lockName: string, operation: LockOperation, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(lockName, `Lock "${lockName}": Redis failed during ${operation}: ${detail}`, { cause });
    this.operation = operation;
  }
}
