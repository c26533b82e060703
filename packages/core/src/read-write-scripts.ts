import type { LockScript } from './commander.js';
import { ENGINE_LUA, HOLDERS_LUA } from './lua.js';

// The read-write lock's scripts, under the same rules as the mutex's (scripts.ts).
//
// KEYS[1], the writer: a string holding the writer's token, with its lease as TTL.
// KEYS[2], the waiter queue: a list in arrival order, one element per waiter:
//   "<token>:<lease>:<fencing>:<deadline>:<hear>:<mode>:<channel>"
// as the mutex's, plus its mode ('r' to read, 'w' to write).
// KEYS[3], the fencing counter, shared by readers and writers.
// KEYS[4], the readers: a sorted set of tokens scored by when each lease ends ('inf': never).
//
// Arrival order: a caller takes the lock only if no live waiter is queued and it is
// compatible (a reader: no writer holds it; a writer: nobody holds it); else it queues. So a
// writer waiting stops new readers from joining those inside, and is not starved.

const READ_WRITE_LUA = `local writerKey, queueKey, fenceKey, holdersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
${ENGINE_LUA}${HOLDERS_LUA}local ELEMENT = '^(%x+):(%d+):([01]):(%d+):([0ps]):([rw]):(.*)$'
local function grant(who, lease, mode)
  if mode == 'r' then addHolder(who, lease)
  elseif lease == '0' then redis.call('SET', writerKey, who)
  else redis.call('SET', writerKey, who, 'PX', lease) end
end
-- ms left of token's lease in mode (-1: it never ends), or nil when it does not hold the lock.
local function heldFor(token, mode)
  if mode == 'r' then return holderLeft(token) end
  if redis.call('GET', writerKey) == token then return redis.call('PTTL', writerKey) end
end
-- Admits queued waiters in arrival order, dropping those past their deadline: a writer when
-- nobody holds the lock, or every reader at the head of the queue while no writer holds it.
-- Each admitted process hears once, with the tokens of all its admitted waiters. The waiter
-- of token self is admitted but left to the caller. Returns whether self was admitted.
local function admit(self)
  dropEnded()
  local writer = redis.call('EXISTS', writerKey) == 1
  local readers = redis.call('ZCARD', holdersKey)
  local selfAdmitted = false
  local messages, channels = {}, {}
  for _, element in ipairs(redis.call('LRANGE', queueKey, 0, -1)) do
    local who, lease, fencing, deadline, hear, mode, channel = string.match(element, ELEMENT)
    if not who or not isLive(deadline) then
      redis.call('LREM', queueKey, 1, element)
    else
      if writer or (mode == 'w' and readers > 0) then break end
      redis.call('LREM', queueKey, 1, element)
      if mode == 'w' then writer = true else readers = readers + 1 end
      if who == self then
        selfAdmitted = true
      else
        grant(who, lease, mode)
        local told = who .. ':' .. nextFence(fencing)
        if hear ~= '0' then
          local to = hear .. channel
          if messages[to] then table.insert(messages[to], told)
          else
            messages[to] = {told}
            table.insert(channels, {hear, channel, to})
          end
        end
      end
    end
  end
  for _, to in ipairs(channels) do
    redis.call(PUBLISH[to[1]], to[2], table.concat(messages[to[3]], ','))
  end
  keepHolders()
  return selfAdmitted
end
`;

/**
 * KEYS: writer, waiter queue, fencing counter, readers. ARGV: 1-11 as the mutex's acquire
 * (token, lease, fencing, fair (unused: always arrival order), join, waitFor, hear, channel,
 * queueFor, seen; 11 unused); 12 mode: 'r' or 'w'.
 * Returns {1, fence, lease left} when this token holds the lock in that mode (taken now, or
 * handed over while it waited), else {0, ms until the writer's or the first reader's lease
 * ends (-1: none ends)}, queued if asked.
 */
export const READ_WRITE_ACQUIRE_SCRIPT: LockScript = {
  name: 'read-write-acquire',
  sha1: '1cf80a4bd677829333a0112fdad5978054d9e619',
  source: `${READ_WRITE_LUA}local token, lease, fencing = ARGV[1], ARGV[2], ARGV[3]
local join, waitFor, hear, channel = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local queueFor, seen, mode = ARGV[9], ARGV[10], ARGV[12]
dropEnded()
-- Handed the lock while it waited (the message may be lost), or taken by an attempt whose
-- reply was lost: what is left of that lease, which began then, not now.
if seen == '1' then
  local left = heldFor(token, mode)
  if left then return {1, nextFence(fencing), left} end
end
local selfAdmitted = admit(token)
local writer = redis.call('EXISTS', writerKey) == 1
local free = not writer and (mode == 'r' or redis.call('ZCARD', holdersKey) == 0)
if selfAdmitted or (free and redis.call('LLEN', queueKey) == 0) then
  grant(token, lease, mode)
  keepHolders()
  return {1, nextFence(fencing), leaseLeft(lease)}
end
local wait = firstEnd()
if writer then wait = redis.call('PTTL', writerKey) end
if join ~= '1' then return {0, wait} end
local element = token .. ':' .. lease .. ':' .. fencing .. ':' .. deadlineIn(waitFor) .. ':' .. hear .. ':' ..
  mode .. ':' .. channel
joinQueue(token, element, seen, queueFor)
return {0, wait}
`,
};

/**
 * KEYS: writer, waiter queue, fencing counter, readers. ARGV: 1 token; 2 seen: '1' if this
 * token may be queued (it leaves the queue, so this also ends a wait); 3 mode.
 * Gives the lock back and admits the waiters that can now have it. Returns 1 if this token
 * held it in that mode, else 0.
 */
export const READ_WRITE_RELEASE_SCRIPT: LockScript = {
  name: 'read-write-release',
  sha1: '841969eb0e567f51608b9013db37b6161267fa6d',
  source: `${READ_WRITE_LUA}local token, seen, mode = ARGV[1], ARGV[2], ARGV[3]
local removed = 0
if mode == 'r' then removed = redis.call('ZREM', holdersKey, token)
elseif redis.call('GET', writerKey) == token then
  redis.call('DEL', writerKey)
  removed = 1
end
if removed == 0 then
  if seen ~= '1' then return 0 end
  -- A writer giving up may have been what held readers back.
  leaveQueue(token)
end
if redis.call('LLEN', queueKey) > 0 then admit(nil) else keepHolders() end
return removed
`,
};

/**
 * KEYS: writer, waiter queue, fencing counter, readers. No ARGV. Reads only.
 * Returns {the writer's PTTL (-2: no writer, -1: no expiry), readers whose lease has not
 * ended, the last fence issued (0: none), queued waiters still within their deadline}.
 */
export const READ_WRITE_INSPECT_SCRIPT: LockScript = {
  name: 'read-write-inspect',
  sha1: '566d965e130adc521b364d4acef6e9ee3adc6b9f',
  source: `local writerKey, queueKey, fenceKey, holdersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
${ENGINE_LUA}local readers = redis.call('ZCOUNT', holdersKey, '(' .. now(), '+inf')
return {redis.call('PTTL', writerKey), readers, lastFence(), liveWaiters()}
`,
};

export const READ_WRITE_SCRIPTS: readonly LockScript[] = [
  READ_WRITE_ACQUIRE_SCRIPT,
  READ_WRITE_RELEASE_SCRIPT,
  READ_WRITE_INSPECT_SCRIPT,
];
