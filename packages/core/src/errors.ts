import type { ConnectionProblem } from './commander.js';
import { replyHint } from './connection-hints.js';

/**
 * The stable `code` of every error this library raises. Match on it (or use the `is...`
 * guards) rather than on a class: two copies of the library (its ESM and CJS builds, two
 * versions in one tree, another realm) have different classes but the same codes.
 */
export type LockErrorCode =
  | 'MUTEX_ERROR'
  | 'MUTEX_TIMEOUT'
  | 'MUTEX_LOST'
  | 'MUTEX_RELEASED'
  | 'MUTEX_REDIS'
  | 'MUTEX_NOT_HELD'
  | 'MUTEX_UNEXPECTED_REPLY'
  | 'MUTEX_REPLY_TIMEOUT';

/** Marks this library's errors, whichever copy made them (Symbol.for is shared by realms). */
const BRAND = Symbol.for('@mutex/core:error');

function brand(error: Error): void {
  Object.defineProperty(error, BRAND, { value: true });
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !(BRAND in value)) return undefined;
  const { code } = value as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** Base class of every error this library raises about a lock. */
export class LockError extends Error {
  override name = 'LockError';
  /** Stable across copies and versions of this library; see {@link LockErrorCode}. */
  readonly code: LockErrorCode;
  /** The lock name the caller gave. */
  readonly lockName: string;

  constructor(
    lockName: string,
    message: string,
    options?: { cause?: unknown; code?: LockErrorCode },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.lockName = lockName;
    this.code = options?.code ?? 'MUTEX_ERROR';
    brand(this);
  }

  /**
   * `instanceof LockError` holds for a lock error from any copy of this library, and
   * `instanceof` a subclass for errors with that subclass's code.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const code = codeOf(value);
    if (code === undefined || !code.startsWith('MUTEX_')) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` names.
    const wanted = (this as { readonly errorCode?: LockErrorCode }).errorCode;
    return wanted === undefined ? code !== 'MUTEX_REPLY_TIMEOUT' : code === wanted;
  }
}

/** The lock could not be acquired within `acquireTimeout` milliseconds. */
export class LockTimeoutError extends LockError {
  static readonly errorCode = 'MUTEX_TIMEOUT';
  override name = 'LockTimeoutError';
  /** The limit that was hit, in milliseconds. */
  readonly acquireTimeout: number;

  constructor(lockName: string, acquireTimeout: number) {
    super(
      lockName,
      `Lock "${lockName}" could not be acquired within ${acquireTimeout} ms (acquireTimeout)`,
      { code: 'MUTEX_TIMEOUT' },
    );
    this.acquireTimeout = acquireTimeout;
  }
}

/** Why a held lock stopped protecting its holder. */
export type LockLossReason =
  /** Redis no longer holds this handle's token: the lease expired, or someone else holds it. */
  | 'not-held'
  /** The lease ran out without a renewal Redis confirmed (auto-extension off, or unreachable). */
  | 'lease-expired'
  /** Auto-extension stopped at `maxHold` and the lease ran out. */
  | 'max-hold';

/**
 * A held lock stopped protecting its holder. Set as `lock.signal.reason`, and thrown by
 * `extend()` and `withLock`.
 */
export class LockLostError extends LockError {
  static readonly errorCode = 'MUTEX_LOST';
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
    const why = {
      'not-held': 'Redis no longer holds its token (the lease expired or another holder took it)',
      'lease-expired': `its ${ttl} ms lease (ttl) ran out before Redis confirmed a renewal`,
      'max-hold': 'it was held for maxHold, so auto-extension stopped and the lease ran out',
    }[reason];
    super(lockName, `Lock "${lockName}" was lost: ${why}`, { ...options, code: 'MUTEX_LOST' });
    this.reason = reason;
    this.ttl = ttl;
  }
}

/** Set as `lock.signal.reason` once the holder released the lock itself. */
export class LockReleasedError extends LockError {
  static readonly errorCode = 'MUTEX_RELEASED';
  override name = 'LockReleasedError';

  constructor(lockName: string) {
    super(lockName, `Lock "${lockName}" was released`, { code: 'MUTEX_RELEASED' });
  }
}

/** Longest part of a transport's message repeated in ours. */
const MAX_CAUSE_TEXT = 300;

/**
 * The transport's message for ours, without anything that looks like a lock token (32 hex
 * digits: one in a log would let its reader release the lock) and cut short, since some
 * clients echo the whole command, script source included.
 */
function causeText(cause: unknown): string {
  // Some transports reject with a bare class (node-redis's offline-queue TimeoutError).
  const said = cause instanceof Error ? cause.message || cause.constructor.name : String(cause);
  const text = said.replace(/\b[0-9a-f]{32}\b/g, '<token>');
  return text.length > MAX_CAUSE_TEXT ? `${text.slice(0, MAX_CAUSE_TEXT)}...` : text;
}

/** The Redis operation a {@link LockRedisError} came from. */
export type LockOperation = 'acquire' | 'extend' | 'release' | 'inspect' | 'resume';

/**
 * Redis (or the transport to it) failed during a lock operation; `cause` holds its error: the
 * client's own, or a {@link ReplyTimeoutError} when Redis did not answer within `replyTimeout`.
 */
export class LockRedisError extends LockError {
  static readonly errorCode = 'MUTEX_REDIS';
  override name = 'LockRedisError';
  readonly operation: LockOperation;

  /** `connection`: what the transport says is wrong with its connection, if it knows. */
  constructor(lockName: string, operation: LockOperation, cause: unknown, connection?: string) {
    const said = causeText(cause);
    const hint = replyHint(said);
    super(
      lockName,
      `Lock "${lockName}": Redis failed during ${operation}: ${said}${hint ? `: ${hint}` : ''}${connection ? `; ${connection}` : ''}`,
      { cause, code: 'MUTEX_REDIS' },
    );
    this.operation = operation;
  }
}

/** `resume` found the lock not held by the token it was given (wrong, released or expired). */
export class LockNotHeldError extends LockError {
  static readonly errorCode = 'MUTEX_NOT_HELD';
  override name = 'LockNotHeldError';

  constructor(lockName: string) {
    super(
      lockName,
      `Lock "${lockName}" is not held by the token given to resume (wrong token, or the lock was released or expired)`,
      { code: 'MUTEX_NOT_HELD' },
    );
  }
}

/** Redis answered a script with something it never returns: a transport or proxy garbled it. */
export class LockReplyError extends LockError {
  static readonly errorCode = 'MUTEX_UNEXPECTED_REPLY';
  override name = 'LockReplyError';
  /** What came back, as the client decoded it. */
  readonly reply: unknown;

  constructor(lockName: string, script: string, reply: unknown) {
    super(
      lockName,
      `Lock "${lockName}": unexpected reply to the ${script} script: ${JSON.stringify(reply)}`,
      { code: 'MUTEX_UNEXPECTED_REPLY' },
    );
    this.reply = reply;
  }
}

/**
 * Redis did not answer one command within `replyTimeout` ms. Raised as the `cause` of a
 * `LockRedisError` (the command may still run later: the library cleans up after it).
 */
export class ReplyTimeoutError extends Error {
  static readonly errorCode = 'MUTEX_REPLY_TIMEOUT';
  override name = 'ReplyTimeoutError';
  readonly code = 'MUTEX_REPLY_TIMEOUT';
  /** The limit that was hit, in milliseconds. */
  readonly replyTimeout: number;

  /**
   * `connection`: what the transport says is wrong with its connection, if it knows, and the
   * transport's own error for it, which becomes this error's `cause`.
   */
  constructor(replyTimeout: number, connection?: string | ConnectionProblem) {
    const problem = typeof connection === 'string' ? { message: connection } : connection;
    const why = problem === undefined ? '' : `; ${problem.message}`;
    super(
      `Redis did not answer within ${replyTimeout} ms (replyTimeout)${why}`,
      problem?.cause === undefined ? undefined : { cause: problem.cause },
    );
    this.replyTimeout = replyTimeout;
    brand(this);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return codeOf(value) === 'MUTEX_REPLY_TIMEOUT';
  }
}

const guard =
  <T>(code: LockErrorCode) =>
  (value: unknown): value is T =>
    codeOf(value) === code;

/** Whether `value` is an error of this library about a lock, from any copy of it. */
export const isLockError = (value: unknown): value is LockError => {
  const code = codeOf(value);
  return code?.startsWith('MUTEX_') === true && code !== 'MUTEX_REPLY_TIMEOUT';
};
/** Works across realms and across copies of this library, unlike `instanceof` alone. */
export const isLockTimeoutError = guard<LockTimeoutError>('MUTEX_TIMEOUT');
export const isLockLostError = guard<LockLostError>('MUTEX_LOST');
export const isLockReleasedError = guard<LockReleasedError>('MUTEX_RELEASED');
export const isLockRedisError = guard<LockRedisError>('MUTEX_REDIS');
export const isLockReplyError = guard<LockReplyError>('MUTEX_UNEXPECTED_REPLY');
export const isLockNotHeldError = guard<LockNotHeldError>('MUTEX_NOT_HELD');
export const isReplyTimeoutError = guard<ReplyTimeoutError>('MUTEX_REPLY_TIMEOUT');
