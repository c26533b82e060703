import type { LockScript } from './commander.js';

// Every script returns only integers and flat arrays of them, so replies look the same over
// RESP2, RESP3 and Upstash's JSON encoding. Lock names only ever reach a script as KEYS/ARGV.
// After editing a source, update its sha1: the unit test prints the right one.
//
// The waiter queue: KEYS[2] is a list of waiting tokens in arrival order; each waiter also
// has an entry key `<queue>:<token>` holding "<lease>:<fencing>" that expires unless the
// waiter keeps polling. Expiry is Redis's own, so no client clock is trusted. A release hands
// the lock straight to the first waiter whose entry is still alive and publishes
// "<token>:<fence>"; with nobody waiting it deletes the lock and publishes "1".

/** Lua shared by the acquire and release scripts: grant the lock, hand it to the next waiter. */
const GRANT_AND_HAND_OVER = `local lock, queue, fenceKey = KEYS[1], KEYS[2], KEYS[3]
local function grant(who, lease, fencing)
  if lease == '0' then redis.call('SET', lock, who) else redis.call('SET', lock, who, 'PX', lease) end
  if fencing == '1' then return redis.call('INCR', fenceKey) end
  return 0
end
local function handOver(channel, stopAt)
  while true do
    local head = redis.call('LINDEX', queue, 0)
    if not head or head == stopAt then return false end
    redis.call('LPOP', queue)
    local entry = queue .. ':' .. head
    local spec = redis.call('GET', entry)
    if spec then
      redis.call('DEL', entry)
      local lease, fencing = string.match(spec, '^(%d+):(%d)$')
      redis.call('PUBLISH', channel, head .. ':' .. grant(head, lease, fencing))
      return true
    end
  end
end
`;

/**
 * KEYS[1] lock key, KEYS[2] waiter queue, KEYS[3] fencing counter (used only with fencing).
 * ARGV[1] token, ARGV[2] lease in ms ('0': never expires), ARGV[3] fencing ('1'/'0'),
 * ARGV[4] waiter entry lifetime in ms ('0': do not queue), ARGV[5] fair ('1'/'0'),
 * ARGV[6] release channel.
 * Returns {1, fence, PTTL} when this token holds the lock (taken now, or handed over while it
 * waited), else {0, holder's PTTL} after queueing or refreshing the waiter entry. In fair
 * mode a free lock goes to the first live waiter, not to whoever asks.
 */
export const ACQUIRE_SCRIPT: LockScript = {
  name: 'acquire',
  sha1: '05a923e58968e2d62231c71c255bc0ccde10f260',
  source: `${GRANT_AND_HAND_OVER}local token = ARGV[1]
local holder = redis.call('GET', lock)
if holder == token then
  local fence = 0
  if ARGV[3] == '1' then fence = redis.call('INCR', fenceKey) end
  return {1, fence, redis.call('PTTL', lock)}
end
local entry = queue .. ':' .. token
if not holder and not (ARGV[5] == '1' and handOver(ARGV[6], token)) then
  if redis.call('DEL', entry) == 1 then redis.call('LREM', queue, 1, token) end
  local fence = grant(token, ARGV[2], ARGV[3])
  return {1, fence, redis.call('PTTL', lock)}
end
if ARGV[4] ~= '0' then
  local spec = ARGV[2] .. ':' .. ARGV[3]
  if not redis.call('SET', entry, spec, 'PX', ARGV[4], 'XX') then
    redis.call('SET', entry, spec, 'PX', ARGV[4])
    redis.call('RPUSH', queue, token)
  end
  if redis.call('PTTL', queue) < tonumber(ARGV[4]) then redis.call('PEXPIRE', queue, ARGV[4]) end
end
return {0, redis.call('PTTL', lock)}
`,
};

/**
 * KEYS[1] lock key, KEYS[2] waiter queue, KEYS[3] fencing counter.
 * ARGV[1] token, ARGV[2] release channel.
 * Leaves the queue, and if this token holds the lock, hands it to the next live waiter or
 * deletes it. Returns 1 if this token held the lock, else 0.
 */
export const RELEASE_SCRIPT: LockScript = {
  name: 'release',
  sha1: 'b33f4af55402e7f11461b40a453b0ab5aaf55ff0',
  source: `${GRANT_AND_HAND_OVER}redis.call('DEL', queue .. ':' .. ARGV[1])
if redis.call('GET', lock) ~= ARGV[1] then return 0 end
if not handOver(ARGV[2], nil) then
  redis.call('DEL', lock)
  redis.call('PUBLISH', ARGV[2], '1')
end
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
