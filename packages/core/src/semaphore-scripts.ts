import type { LockScript } from './commander.js';

// The semaphore's scripts, under the same rules as the mutex's (scripts.ts): declared keys
// only, Redis's clock only, integer replies.
//
// KEYS[1], the holders: a sorted set, one member "<token>:<permits>" per holder, scored by when
// its lease ends in Redis ms ('inf': never). The key itself expires with the last lease.
// KEYS[2], the waiter queue: a list in arrival order, one element per waiter:
//   "<token>:<lease>:<fencing>:<deadline>:<hear>:<permits>:<limit>:<fair>:<channel>"
// as the mutex's, plus the permits it wants, the limit it was called with, and whether it
// is fair ('1': nobody may be admitted past it while it waits).
// KEYS[3], the fencing counter.
//
// Each call is admitted against its own limit: it takes permits only if the permits held,
// its own included, stay within the limit it passed.

const SEMAPHORE_LUA = `local holdersKey, queueKey, fenceKey = KEYS[1], KEYS[2], KEYS[3]
local clock
local function now()
  if not clock then
    local t = redis.call('TIME')
    clock = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return clock
end
local function nextFence(fencing)
  if fencing == '1' then return redis.call('INCR', fenceKey) end
  return 0
end
-- Forgets holders whose lease has ended; returns the permits the others hold.
local function permitsHeld()
  redis.call('ZREMRANGEBYSCORE', holdersKey, '-inf', now())
  local held = 0
  for _, member in ipairs(redis.call('ZRANGE', holdersKey, 0, -1)) do
    held = held + tonumber(string.match(member, ':(%d+)$'))
  end
  return held
end
-- The holders key lives exactly as long as its longest lease.
local function keepHolders()
  local last = redis.call('ZRANGE', holdersKey, -1, -1, 'WITHSCORES')
  if #last == 0 then return end
  if last[2] == 'inf' then redis.call('PERSIST', holdersKey)
  else redis.call('PEXPIREAT', holdersKey, last[2]) end
end
local function grant(who, permits, lease)
  local ends = '+inf'
  if lease ~= '0' then ends = now() + tonumber(lease) end
  redis.call('ZADD', holdersKey, ends, who .. ':' .. permits)
end
local function leaseLeft(lease)
  if lease == '0' then return -1 end
  return tonumber(lease)
end
local PUBLISH = {p = 'PUBLISH', s = 'SPUBLISH'}
local ELEMENT = '^(%x+):(%d+):([01]):(%d+):([0ps]):(%d+):(%d+):([01]):(.*)$'
-- Admits queued waiters in order while their permits fit their limit, handing each its
-- permits and telling it; drops those past their deadline. A fair waiter that does not fit
-- stops the walk; another is passed over. The waiter of token self is admitted but left to
-- the caller. Returns the permits held then, and whether self was admitted.
local function admit(held, self)
  local selfAdmitted = false
  for _, element in ipairs(redis.call('LRANGE', queueKey, 0, -1)) do
    local who, lease, fencing, deadline, hear, permits, limit, fair, channel = string.match(element, ELEMENT)
    if not who or (deadline ~= '0' and tonumber(deadline) <= now()) then
      redis.call('LREM', queueKey, 1, element)
    elseif held + tonumber(permits) <= tonumber(limit) then
      redis.call('LREM', queueKey, 1, element)
      held = held + tonumber(permits)
      if who == self then
        selfAdmitted = true
      else
        grant(who, permits, lease)
        local fence = nextFence(fencing)
        if hear ~= '0' then redis.call(PUBLISH[hear], channel, who .. ':' .. fence) end
      end
    elseif fair == '1' then
      break
    end
  end
  return held, selfAdmitted
end
local function findInQueue(token)
  local prefix = token .. ':'
  for index, element in ipairs(redis.call('LRANGE', queueKey, 0, -1)) do
    if string.sub(element, 1, #prefix) == prefix then return index, element end
  end
end
local function leaveQueue(token)
  local index, element = findInQueue(token)
  if index then redis.call('LREM', queueKey, 1, element) end
end
`;

/**
 * KEYS: holders, waiter queue, fencing counter. ARGV: 1-11 as the mutex's acquire (token,
 * lease, fencing, fair, join, waitFor, hear, channel, queueFor, seen; 11 unused); 12 permits
 * wanted; 13 the limit.
 * Returns {1, fence, lease left} when this token holds its permits (taken now, or handed over
 * while it waited), else {0, ms until the first holder's lease ends (-1: none ends)}, queued
 * if asked. A fair call takes permits only when no live waiter is queued before it.
 */
export const SEMAPHORE_ACQUIRE_SCRIPT: LockScript = {
  name: 'semaphore-acquire',
  sha1: '34c96c14b3efad3bb90c6a5e9de386dca1a82d91',
  source: `${SEMAPHORE_LUA}local token, lease, fencing, fair = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local join, waitFor, hear, channel = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local queueFor, seen, permits, limit = ARGV[9], ARGV[10], ARGV[12], ARGV[13]
local member = token .. ':' .. permits
local held = permitsHeld()
-- Handed its permits while it waited (the message may be lost), or taken by an attempt whose
-- reply was lost.
if seen == '1' and redis.call('ZSCORE', holdersKey, member) then
  return {1, nextFence(fencing), leaseLeft(lease)}
end
local take = false
if fair == '1' then
  local selfAdmitted
  held, selfAdmitted = admit(held, token)
  take = selfAdmitted or (redis.call('LLEN', queueKey) == 0 and held + tonumber(permits) <= tonumber(limit))
else
  take = held + tonumber(permits) <= tonumber(limit)
  if take and seen == '1' then leaveQueue(token) end
end
if take then
  grant(token, permits, lease)
  keepHolders()
  return {1, nextFence(fencing), leaseLeft(lease)}
end
keepHolders()
local wait = -1
local first = redis.call('ZRANGE', holdersKey, 0, 0, 'WITHSCORES')
if #first > 0 and first[2] ~= 'inf' then wait = math.max(0, tonumber(first[2]) - now()) end
if join ~= '1' then return {0, wait} end
local deadline = '0'
if waitFor ~= '0' then deadline = tostring(now() + tonumber(waitFor)) end
local element = token .. ':' .. lease .. ':' .. fencing .. ':' .. deadline .. ':' .. hear .. ':' ..
  permits .. ':' .. limit .. ':' .. fair .. ':' .. channel
local length
if seen == '1' then
  local index = findInQueue(token)
  if index then
    redis.call('LSET', queueKey, index - 1, element)
    length = 0
  end
end
if not length then length = redis.call('RPUSH', queueKey, element) end
if length == 1 then redis.call('PEXPIRE', queueKey, queueFor)
elseif (redis.REDIS_VERSION_NUM or 0) >= 0x070000 then redis.call('PEXPIRE', queueKey, queueFor, 'GT')
elseif redis.call('PTTL', queueKey) < tonumber(queueFor) then redis.call('PEXPIRE', queueKey, queueFor) end
return {0, wait}
`,
};

/**
 * KEYS: holders, waiter queue, fencing counter. ARGV: 1 token; 2 seen: '1' if this token may
 * be queued (it leaves the queue, so this also ends a wait); 3 its permits.
 * Gives this token's permits back and admits the waiters they let in. Returns 1 if this token
 * held permits, else 0.
 */
export const SEMAPHORE_RELEASE_SCRIPT: LockScript = {
  name: 'semaphore-release',
  sha1: 'b8aef6632994b01e7d2f1c5a1afa366aeb490fb3',
  source: `${SEMAPHORE_LUA}local token, seen, permits = ARGV[1], ARGV[2], ARGV[3]
local removed = redis.call('ZREM', holdersKey, token .. ':' .. permits)
if removed == 0 then
  if seen ~= '1' then return 0 end
  -- A waiter giving up may have been what held the others back.
  leaveQueue(token)
end
admit(permitsHeld(), nil)
keepHolders()
return removed
`,
};

/**
 * KEYS: holders. ARGV: 1 token; 2 new lease in ms ('0': no expiry); 3 its permits.
 * Renews this token's lease if it still holds its permits. Returns 1 or 0.
 */
export const SEMAPHORE_EXTEND_SCRIPT: LockScript = {
  name: 'semaphore-extend',
  sha1: '45be86166a47340ca5116d7b560068122824e14e',
  source: `local holdersKey = KEYS[1]
local token, lease, permits = ARGV[1], ARGV[2], ARGV[3]
local member = token .. ':' .. permits
local ends = redis.call('ZSCORE', holdersKey, member)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if not ends or (ends ~= 'inf' and tonumber(ends) <= now) then return 0 end
if lease == '0' then redis.call('ZADD', holdersKey, 'XX', '+inf', member)
else redis.call('ZADD', holdersKey, 'XX', now + tonumber(lease), member) end
local last = redis.call('ZRANGE', holdersKey, -1, -1, 'WITHSCORES')
if last[2] == 'inf' then redis.call('PERSIST', holdersKey)
else redis.call('PEXPIREAT', holdersKey, last[2]) end
return 1
`,
};

/**
 * KEYS: holders, waiter queue, fencing counter. No ARGV. Reads only.
 * Returns {permits held, holders, the last fence issued (0: none), queued waiters still within
 * their deadline}, counting only holders whose lease has not ended.
 */
export const SEMAPHORE_INSPECT_SCRIPT: LockScript = {
  name: 'semaphore-inspect',
  sha1: '14e9ca249e87009044c8ca23bf949de480ef6049',
  source: `local holdersKey, queueKey, fenceKey = KEYS[1], KEYS[2], KEYS[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held, holders = 0, 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', holdersKey, '(' .. now, '+inf')) do
  held = held + tonumber(string.match(member, ':(%d+)$'))
  holders = holders + 1
end
local fence = tonumber(redis.call('GET', fenceKey) or '0')
local waiting = 0
for _, element in ipairs(redis.call('LRANGE', queueKey, 0, -1)) do
  local deadline = string.match(element, '^%x+:%d+:[01]:(%d+):')
  if deadline and (deadline == '0' or tonumber(deadline) > now) then waiting = waiting + 1 end
end
return {held, holders, fence, waiting}
`,
};

export const SEMAPHORE_SCRIPTS: readonly LockScript[] = [
  SEMAPHORE_ACQUIRE_SCRIPT,
  SEMAPHORE_RELEASE_SCRIPT,
  SEMAPHORE_EXTEND_SCRIPT,
  SEMAPHORE_INSPECT_SCRIPT,
];
