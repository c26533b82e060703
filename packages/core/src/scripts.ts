import type { LockScript } from './commander.js';

// Every script returns only integers and flat arrays of them, so replies look the same over
// RESP2, RESP3 and Upstash's JSON encoding. Lock names only ever reach a script as KEYS/ARGV.
// After editing a source, update its sha1: the unit test prints the right one.
//
// The waiter queue: KEYS[2] is a list of waiting tokens in arrival order; each waiter also
// has an entry key `<queue>:<token>` holding "<lease>:<fencing>:<channel>" that expires
// unless the waiter keeps polling. Expiry is Redis's own, so no client clock is trusted. A
// release hands the lock straight to the first waiter whose entry is still alive and
// publishes "<token>:<fence>" on that waiter's channel (one per process and lock, so no other
// process wakes); with nobody waiting it deletes the lock.

/** Lua shared by the acquire and release scripts: grant the lock, hand it to the next waiter. */
const GRANT_AND_HAND_OVER = `local lock, queue, fenceKey = KEYS[1], KEYS[2], KEYS[3]
local function nextFence(fencing)
  if fencing == '1' then return redis.call('INCR', fenceKey) end
  return 0
end
local function grant(who, lease, fencing)
  if lease == '0' then redis.call('SET', lock, who) else redis.call('SET', lock, who, 'PX', lease) end
  return nextFence(fencing)
end
local function handOver(stopAt)
  while true do
    local head = redis.call('LINDEX', queue, 0)
    if not head or head == stopAt then return false end
    redis.call('LPOP', queue)
    local entry = queue .. ':' .. head
    local spec = redis.call('GET', entry)
    if spec then
      redis.call('DEL', entry)
      local lease, fencing, channel = string.match(spec, '^(%d+):(%d):(.*)$')
      redis.call('PUBLISH', channel, head .. ':' .. grant(head, lease, fencing))
      return true
    end
  end
end
`;

/**
 * KEYS[1] lock key, KEYS[2] waiter queue, KEYS[3] fencing counter (used only with fencing).
 * ARGV[1] token, ARGV[2] lease in ms ('0': never expires), ARGV[3] fencing ('1'/'0'),
 * ARGV[4] waiter entry lifetime in ms ('0': do not queue, and never did), ARGV[5] fair
 * ('1'/'0'), ARGV[6] the channel this waiter hears its handoff on.
 * Returns {1, fence, PTTL} when this token holds the lock (taken now, or handed over while it
 * waited), else {0, holder's PTTL} after queueing or refreshing the waiter entry. In fair
 * mode a free lock goes to the first live waiter, not to whoever asks.
 */
export const ACQUIRE_SCRIPT: LockScript = {
  name: 'acquire',
  sha1: '11891dc527144a7031a5c06a9ca3fc21b2ea4c33',
  source: `${GRANT_AND_HAND_OVER}local token, lease, fencing, queueLease = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local entry = queue .. ':' .. token
local function taken(fence)
  if queueLease ~= '0' and redis.call('DEL', entry) == 1 then redis.call('LREM', queue, 1, token) end
  if lease == '0' then return {1, fence, -1} end
  return {1, fence, tonumber(lease)}
end
if ARGV[5] ~= '1' then
  local set
  if lease == '0' then set = redis.call('SET', lock, token, 'NX')
  else set = redis.call('SET', lock, token, 'NX', 'PX', lease) end
  if set then return taken(nextFence(fencing)) end
elseif redis.call('EXISTS', lock) == 0 and not handOver(token) then
  return taken(grant(token, lease, fencing))
end
if redis.call('GET', lock) == token then
  return {1, nextFence(fencing), redis.call('PTTL', lock)}
end
if queueLease ~= '0' then
  local spec = lease .. ':' .. fencing .. ':' .. ARGV[6]
  if not redis.call('SET', entry, spec, 'PX', queueLease, 'XX') then
    redis.call('SET', entry, spec, 'PX', queueLease)
    redis.call('RPUSH', queue, token)
  end
  if redis.call('PTTL', queue) < tonumber(queueLease) then redis.call('PEXPIRE', queue, queueLease) end
end
return {0, redis.call('PTTL', lock)}
`,
};

/**
 * KEYS[1] lock key, KEYS[2] waiter queue, KEYS[3] fencing counter. ARGV[1] token,
 * ARGV[2] '1' if this token may have queued (it leaves the queue), else '0'.
 * If this token holds the lock, hands it to the next live waiter or deletes it. Returns 1 if
 * this token held the lock, else 0.
 */
export const RELEASE_SCRIPT: LockScript = {
  name: 'release',
  sha1: '4809949d731149e845d40f7d14bac2e021930c8a',
  source: `${GRANT_AND_HAND_OVER}if ARGV[2] == '1' and redis.call('DEL', queue .. ':' .. ARGV[1]) == 1 then
  redis.call('LREM', queue, 1, ARGV[1])
end
if redis.call('GET', lock) ~= ARGV[1] then return 0 end
if not handOver(nil) then redis.call('DEL', lock) end
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
