import type { LockScript } from './commander.js';
import { ENGINE_LUA, HOLDERS_LUA } from './lua.js';

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
${ENGINE_LUA}${HOLDERS_LUA}-- The permits held by holders whose lease has not ended (the others are forgotten).
local function permitsHeld()
  dropEnded()
  local held = 0
  for _, member in ipairs(redis.call('ZRANGE', holdersKey, 0, -1)) do
    held = held + tonumber(string.match(member, ':(%d+)$'))
  end
  return held
end
local ELEMENT = '^(%x+):(%d+):([01]):(%d+):([0ps]):(%d+):(%d+):([01]):(.*)$'
-- Admits queued waiters in order while their permits fit their limit, handing each its
-- permits and telling it; drops those past their deadline. A fair waiter that does not fit
-- stops the walk; another is passed over. The waiter of token self is admitted but left to
-- the caller. Returns the permits held then, and whether self was admitted.
local function admit(held, self)
  local selfAdmitted = false
  for _, element in ipairs(redis.call('LRANGE', queueKey, 0, -1)) do
    local who, lease, fencing, deadline, hear, permits, limit, fair, channel = string.match(element, ELEMENT)
    if not who or not isLive(deadline) then
      redis.call('LREM', queueKey, 1, element)
    elseif held + tonumber(permits) <= tonumber(limit) then
      redis.call('LREM', queueKey, 1, element)
      held = held + tonumber(permits)
      if who == self then
        selfAdmitted = true
      else
        addHolder(who .. ':' .. permits, lease)
        local fence = nextFence(fencing)
        if hear ~= '0' then redis.call(PUBLISH[hear], channel, who .. ':' .. fence) end
      end
    elseif fair == '1' then
      break
    end
  end
  return held, selfAdmitted
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
  sha1: '1b94bee0a44eef3a42673ebdf0ea6a4786f0748b',
  source: `${SEMAPHORE_LUA}local token, lease, fencing, fair = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local join, waitFor, hear, channel = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local queueFor, seen, permits, limit = ARGV[9], ARGV[10], ARGV[12], ARGV[13]
local member = token .. ':' .. permits
local held = permitsHeld()
-- Handed its permits while it waited (the message may be lost), or taken by an attempt whose
-- reply was lost: what is left of that lease, which began then, not now.
if seen == '1' then
  local left = holderLeft(member)
  if left then return {1, nextFence(fencing), left} end
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
  addHolder(member, lease)
  keepHolders()
  return {1, nextFence(fencing), leaseLeft(lease)}
end
keepHolders()
local wait = firstEnd()
if join ~= '1' then return {0, wait} end
local element = token .. ':' .. lease .. ':' .. fencing .. ':' .. deadlineIn(waitFor) .. ':' .. hear .. ':' ..
  permits .. ':' .. limit .. ':' .. fair .. ':' .. channel
joinQueue(token, element, seen, queueFor)
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
  sha1: '7a3d8cf2dee8f7518c09783686a818f9c7ac73f1',
  source: `${SEMAPHORE_LUA}local token, seen, permits = ARGV[1], ARGV[2], ARGV[3]
local removed = redis.call('ZREM', holdersKey, token .. ':' .. permits)
if removed == 0 then
  if seen ~= '1' then return 0 end
  -- A waiter giving up may have been what held the others back.
  leaveQueue(token)
end
-- Nobody waiting (the usual case): nothing to admit, and ended leases can wait for the next
-- caller to forget them.
if redis.call('LLEN', queueKey) > 0 then admit(permitsHeld(), nil) end
keepHolders()
return removed
`,
};

/**
 * KEYS: holders, waiter queue, fencing counter. No ARGV. Reads only.
 * Returns {permits held, holders, the last fence issued (0: none), queued waiters still within
 * their deadline}, counting only holders whose lease has not ended.
 */
export const SEMAPHORE_INSPECT_SCRIPT: LockScript = {
  name: 'semaphore-inspect',
  sha1: '2e957038aeec0bc02487a447d61677dbb1ad8802',
  source: `local holdersKey, queueKey, fenceKey = KEYS[1], KEYS[2], KEYS[3]
${ENGINE_LUA}local held, holders = 0, 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', holdersKey, '(' .. now(), '+inf')) do
  held = held + tonumber(string.match(member, ':(%d+)$'))
  holders = holders + 1
end
return {held, holders, lastFence(), liveWaiters()}
`,
};

export const SEMAPHORE_SCRIPTS: readonly LockScript[] = [
  SEMAPHORE_ACQUIRE_SCRIPT,
  SEMAPHORE_RELEASE_SCRIPT,
  SEMAPHORE_INSPECT_SCRIPT,
];
