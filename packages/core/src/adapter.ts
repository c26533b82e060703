// @mutex/core/adapter: what an adapter's author needs and an application never calls. Kept
// apart so that the main entry is only what users call.
export { evalCached, seedLockFor, setIfAbsentArgs } from './adapter-kit.js';
export type { ConnectionProblem, LockScript, RedisCommander } from './commander.js';
export { explainConnectionError } from './connection-hints.js';
export { EXTEND_HOLDER_SCRIPT } from './holder-scripts.js';
export {
  READ_WRITE_ACQUIRE_SCRIPT,
  READ_WRITE_INSPECT_SCRIPT,
  READ_WRITE_RELEASE_SCRIPT,
} from './read-write-scripts.js';
export {
  ACQUIRE_SCRIPT,
  EXTEND_SCRIPT,
  INSPECT_SCRIPT,
  LOCK_SCRIPTS,
  RELEASE_SCRIPT,
  RESUME_SCRIPT,
} from './scripts.js';
export {
  SEMAPHORE_ACQUIRE_SCRIPT,
  SEMAPHORE_INSPECT_SCRIPT,
  SEMAPHORE_RELEASE_SCRIPT,
} from './semaphore-scripts.js';
export type { PubSubConnect, PubSubConnection } from './subscriptions.js';
export { ChannelSubscriptions } from './subscriptions.js';
