// @mutex/core: what applications call. Adapter authors find their kit in @mutex/core/adapter.
export type { LockClient } from './client.js';
export { createLockClient } from './client.js';
export type { ConnectionProblem, LockScript, RedisCommander } from './commander.js';
export type { LockErrorCode, LockLossReason, LockOperation } from './errors.js';
export {
  isLockError,
  isLockLostError,
  isLockNotHeldError,
  isLockRedisError,
  isLockReleasedError,
  isLockReplyError,
  isLockTimeoutError,
  isReplyTimeoutError,
  LockError,
  LockLostError,
  LockNotHeldError,
  LockRedisError,
  LockReleasedError,
  LockReplyError,
  LockTimeoutError,
  ReplyTimeoutError,
} from './errors.js';
export type {
  LockEvent,
  LockEventBase,
  LockEventListener,
  LockEventType,
} from './events.js';
export type { LockedWork } from './holding.js';
export type { Lock } from './lock.js';
export type { AcquireOptions, LockClientOptions } from './options.js';
export { DEFAULTS, MAX_DURATION, MAX_NAME_LENGTH } from './options.js';
export type { Permit } from './permit.js';
export type { LockPrimitive } from './primitive.js';
export type { ReadWriteLock } from './read-write.js';
export { SUBSCRIPTION_LINGER_MS } from './release-feed.js';
export type { LockInfo, ReadWriteInfo, SemaphoreInfo } from './replies.js';
export type { SeedLock, SeedLockOptions } from './seed.js';
export { lock } from './seed.js';
export type {
  Semaphore,
  SemaphoreAcquireOptions,
  SemaphoreOptions,
} from './semaphore.js';
export { MAX_SEMAPHORE_LIMIT } from './semaphore.js';
