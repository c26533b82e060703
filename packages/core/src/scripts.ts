import type { LockScript } from './commander.js';
import { EXTEND_HOLDER_SCRIPT } from './holder-scripts.js';
import { ENGINE_LUA } from './lua.js';
import { READ_WRITE_SCRIPTS } from './read-write-scripts.js';
import { SEMAPHORE_SCRIPTS } from './semaphore-scripts.js';

// Every script touches only the keys it is given in KEYS (Dragonfly refuses others, Upstash
// locks only those, Redis Cluster routes by them), reads time only from Redis (TIME), and
// returns only integers and flat arrays of them, so replies look the same over RESP2, RESP3
// and Upstash's JSON. Lock names only ever reach a script as KEYS/ARGV. After editing a
// source, update its sha1: the unit test prints the right one.
//
// The waiter queue is one list, KEYS[2], in arrival order. Each element describes its waiter:
//   "<token>:<lease>:<fencing>:<deadline>:<hear>:<channel>"
// lease in ms ('0': never expires); fencing '1'/'0'; deadline in Redis ms ('0': none), after
// which the waiter has given up; hear: how it learns of a handoff ('0': it polls, 'p': PUBLISH
// on channel, 's': SPUBLISH, for sharded pub/sub on a Cluster). The deadline is the earlier of
// when the waiter gives up and shortly after its next poll is due (each poll moves it on), so
// a release skips a waiter that gave up or crashed. (PUBLISH's count of receivers cannot tell:
// on a Cluster it counts one node's, while the message still reaches the others.)

/** Lua shared by the acquire and release scripts: the clock, grants, the queue, the handoff. */
const QUEUE_LUA = `local lockKey, queueKey, fenceKey = KEYS[1], KEYS[2], KEYS[3]
${ENGINE_LUA}local function setLock(who, lease)
  if lease == '0' then redis.call('SET', lockKey, who) else redis.call('SET', lockKey, who, 'PX', lease) end
end
-- Pops waiters (from first, if the caller popped it already) until one is handed the lock and
-- returns its lease; 'self' when it pops the element of token self (that waiter's turn); false
-- when the queue runs out.
local function handOver(self, first)
  local element = first or redis.call('LPOP', queueKey)
  while element do
    local who, lease, fencing, deadline, hear, channel =
      string.match(element, '^(%x+):(%d+):([01]):(%d+):([0ps]):(.*)$')
    if who == self then return 'self' end
    if who and isLive(deadline) then
      setLock(who, lease)
      local fence = nextFence(fencing)
      if hear ~= '0' then redis.call(PUBLISH[hear], channel, who .. ':' .. fence) end
      return lease
    end
    element = redis.call('LPOP', queueKey)
  end
  return false
end
`;

/**
 * The uncontended acquire, before the engine's functions are defined (making them is most of
 * a short script's cost): a first try at a lock not known to be busy, outside fair mode, is a
 * SET NX and, with fencing, an INCR. The same steps the full script takes for it, so the
 * outcome is the same; only when the SET fails does the script go on to the full path.
 */
const FREE_LOCK_LUA = `local firstTry = ARGV[4] == '0' and ARGV[10] == '0' and ARGV[11] == '0'
if firstTry then
  local set
  if ARGV[2] == '0' then set = redis.call('SET', KEYS[1], ARGV[1], 'NX')
  else set = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) end
  if set then
    local fence = 0
    if ARGV[3] == '1' then fence = redis.call('INCR', KEYS[3]) end
    if ARGV[2] == '0' then return {1, fence, -1} end
    return {1, fence, tonumber(ARGV[2])}
  end
end
`;

/**
 * KEYS: lock, waiter queue, fencing counter. ARGV:
 * 1 token; 2 lease in ms ('0': never expires); 3 fencing ('1'/'0'); 4 fair ('1'/'0');
 * 5 join: '1' to queue while the lock is busy; 6 how long the waiter may still be handed the
 * lock, in ms ('0': no limit), renewed by each of its polls; 7 hear: how it learns of a handoff ('0' polls, 'p' PUBLISH,
 * 's' SPUBLISH); 8 its channel; 9 how long the queue must outlive this attempt, in ms (the
 * waiter polls again before then); 10 seen: '1' if an earlier attempt of this token may have
 * queued it or been handed the lock; 11 busy: '1' if the lock is probably held (read its PTTL
 * rather than try to take it first).
 * Returns {1, fence, PTTL} when this token holds the lock (taken now, or handed over while it
 * waited), else {0, holder's PTTL}, queued if asked. In fair mode a free lock goes to the
 * first live waiter, not to whoever asks.
 */
export const ACQUIRE_SCRIPT: LockScript = {
  name: 'acquire',
  sha1: 'dd5c2dbc7444ac875d0630c70c757f06ca812d79',
  source: `${FREE_LOCK_LUA}${QUEUE_LUA}local token, lease, fencing, fair = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local join, waitFor, hear, channel = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local queueFor, seen, busy = ARGV[9], ARGV[10], ARGV[11]
-- The first try above found the lock held: read its PTTL rather than try SET again.
if firstTry then busy = '1' end
local function taken(fence)
  return {1, fence, leaseLeft(lease)}
end
local pttl = -2
if fair == '1' then
  pttl = redis.call('PTTL', lockKey)
  if pttl == -2 then
    -- Free: the first live waiter's turn, which may be ours.
    local handed = handOver(token)
    if not handed or handed == 'self' then
      setLock(token, lease)
      return taken(nextFence(fencing))
    end
    pttl = leaseLeft(handed)
  end
else
  if busy == '1' then pttl = redis.call('PTTL', lockKey) end
  if pttl == -2 then
    local set
    if lease == '0' then set = redis.call('SET', lockKey, token, 'NX')
    else set = redis.call('SET', lockKey, token, 'NX', 'PX', lease) end
    if set then
      if seen == '1' then leaveQueue(token) end
      return taken(nextFence(fencing))
    end
    pttl = redis.call('PTTL', lockKey)
  end
end
-- Handed over while it waited (the message may be lost), or taken by an attempt whose reply
-- was lost.
if seen == '1' and redis.call('GET', lockKey) == token then return {1, nextFence(fencing), pttl} end
if join ~= '1' then return {0, pttl} end
local element = token .. ':' .. lease .. ':' .. fencing .. ':' .. deadlineIn(waitFor) .. ':' .. hear .. ':' .. channel
joinQueue(token, element, seen, queueFor)
return {0, pttl}
`,
};

/**
 * KEYS: lock, waiter queue, fencing counter. ARGV: 1 token; 2 seen: '1' if this token may be
 * queued (it leaves the queue, so this also ends a wait).
 * If this token holds the lock, hands it to the next live waiter or deletes it. Returns 1 if
 * this token held the lock, else 0.
 */
export const RELEASE_SCRIPT: LockScript = {
  name: 'release',
  sha1: '9bc903730d270600fc4346aee1815e4b205658e1',
  source: `-- The holder's release first (a token that never queued has no queue entry to take back),
-- before the engine's functions are defined: with no one queued, that is all. Otherwise the
-- first waiter, popped already, goes to the handoff.
local first
if ARGV[2] == '0' then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
  first = redis.call('LPOP', KEYS[2])
  if not first then
    redis.call('DEL', KEYS[1])
    return 1
  end
end
${QUEUE_LUA}local token, seen = ARGV[1], ARGV[2]
if not first and redis.call('GET', lockKey) ~= token then
  if seen == '1' then leaveQueue(token) end
  return 0
end
if not handOver(nil, first) then redis.call('DEL', lockKey) end
return 1
`,
};

/**
 * KEYS: lock. ARGV: 1 token; 2 new lease in ms ('0': keep it without expiry).
 * Renews the lease only if the key still holds this token. Returns 1 or 0.
 */
export const EXTEND_SCRIPT: LockScript = {
  name: 'extend',
  sha1: '14310638c321866d615d424a32318bd6f7282e04',
  source: `local lockKey = KEYS[1]
local token, lease = ARGV[1], ARGV[2]
if redis.call('GET', lockKey) ~= token then return 0 end
if lease ~= '0' then redis.call('PEXPIRE', lockKey, lease) end
return 1
`,
};

/**
 * KEYS: lock, waiter queue, fencing counter. No ARGV. Reads only.
 * Returns {PTTL of the lock (-2: free, -1: held without expiry), the last fence issued (0:
 * none), how many queued waiters are still within their deadline}.
 */
export const INSPECT_SCRIPT: LockScript = {
  name: 'inspect',
  sha1: '132655fc7fe7f6f3f6e5f69d2123b7e289f8143b',
  source: `local lockKey, queueKey, fenceKey = KEYS[1], KEYS[2], KEYS[3]
${ENGINE_LUA}return {redis.call('PTTL', lockKey), lastFence(), liveWaiters()}
`,
};

/**
 * KEYS: lock. ARGV: 1 the token held now; 2 the token to hold it by from now on; 3 lease in
 * ms ('0': never expires). If the lock still holds the first token, it holds the second with
 * that lease. Returns 1 or 0.
 */
export const RESUME_SCRIPT: LockScript = {
  name: 'resume',
  sha1: 'b964296f526eb6788c085f0777bf3b559c96a3bb',
  source: `local lockKey = KEYS[1]
local held, next, lease = ARGV[1], ARGV[2], ARGV[3]
if redis.call('GET', lockKey) ~= held then return 0 end
if lease == '0' then redis.call('SET', lockKey, next) else redis.call('SET', lockKey, next, 'PX', lease) end
return 1
`,
};

/** Every script of the core: the mutex's, the semaphore's and the read-write lock's. */
export const LOCK_SCRIPTS: readonly LockScript[] = [
  ACQUIRE_SCRIPT,
  RELEASE_SCRIPT,
  EXTEND_SCRIPT,
  INSPECT_SCRIPT,
  RESUME_SCRIPT,
  ...SEMAPHORE_SCRIPTS,
  ...READ_WRITE_SCRIPTS,
  EXTEND_HOLDER_SCRIPT,
];
