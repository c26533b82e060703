import type { LockScript } from './commander.js';

// Every script returns only integers and flat arrays of them, so replies look the same over
// RESP2, RESP3 and Upstash's JSON encoding. Lock names only ever reach a script as KEYS/ARGV.
// After editing a source, update its sha1: the unit test prints the right one.

/**
 * KEYS[1] lock key, KEYS[2] fencing counter (passed only when fencing is on).
 * ARGV[1] token, ARGV[2] lease in ms ('0': never expires).
 * Returns {1, fence} when acquired (fence 0 without fencing), else {0, holder's PTTL}.
 */
export const ACQUIRE_SCRIPT: LockScript = {
  name: 'acquire',
  sha1: '3d6f7fd8eadd17176da4daecee2508bf1e2edf40',
  source: `local set
if ARGV[2] == '0' then
  set = redis.call('SET', KEYS[1], ARGV[1], 'NX')
else
  set = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
end
if set then
  if KEYS[2] then return {1, redis.call('INCR', KEYS[2])} end
  return {1, 0}
end
return {0, redis.call('PTTL', KEYS[1])}
`,
};

/**
 * KEYS[1] lock key. ARGV[1] token, ARGV[2] release channel.
 * Deletes the key only if it still holds this token, then wakes waiters. Returns 1 or 0.
 */
export const RELEASE_SCRIPT: LockScript = {
  name: 'release',
  sha1: '2fd5e8f117783669b641a73009ef0f76f9c5bfb9',
  source: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], '1')
return 1
`,
};

/**
 * KEYS[1] lock key. ARGV[1] token, ARGV[2] new lease in ms ('0': keep it without expiry).
 * Renews the lease only if the key still holds this token. Returns 1 or 0.
 */
export const EXTEND_SCRIPT: LockScript = {
  name: 'extend',
  sha1: '696d648deab526351c846d49c59ce06e36a78c90',
  source: `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`,
};

export const LOCK_SCRIPTS: readonly LockScript[] = [ACQUIRE_SCRIPT, RELEASE_SCRIPT, EXTEND_SCRIPT];
