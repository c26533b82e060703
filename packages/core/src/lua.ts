// Lua shared by the scripts of every primitive. Each script first names its keys
// (`local <holders>, queueKey, fenceKey = KEYS[1], KEYS[2], KEYS[3]`), then includes ENGINE_LUA.

/**
 * The clock (Redis TIME, read once per script), fencing, lease replies, the waiter queue's
 * lookups and joining it. Queue elements start "<token>:<lease>:<fencing>:<deadline>:<hear>:"
 * whatever the primitive adds after.
 */
export const ENGINE_LUA = `local clock
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
local function leaseLeft(lease)
  if lease == '0' then return -1 end
  return tonumber(lease)
end
local function isLive(deadline)
  return deadline == '0' or tonumber(deadline) > now()
end
local PUBLISH = {p = 'PUBLISH', s = 'SPUBLISH'}
-- The 1-based position and element of token's waiter in the queue, if it is there.
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
-- Queues token's element, or updates it in place (its deadline moves on with each poll), and
-- keeps the queue alive queueFor ms past this attempt: every live waiter polls again by then.
local function joinQueue(token, element, seen, queueFor)
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
end
-- Queued waiters still within their deadline.
local function liveWaiters()
  local count = 0
  for _, element in ipairs(redis.call('LRANGE', queueKey, 0, -1)) do
    local deadline = string.match(element, '^%x+:%d+:[01]:(%d+):')
    if deadline and isLive(deadline) then count = count + 1 end
  end
  return count
end
local function lastFence()
  return tonumber(redis.call('GET', fenceKey) or '0')
end
-- A waiter's deadline in Redis ms, waitFor ms from now ('0': none).
local function deadlineIn(waitFor)
  if waitFor == '0' then return '0' end
  return tostring(now() + tonumber(waitFor))
end
`;

/**
 * Holders kept in a sorted set scored by when their lease ends (the semaphore's holders, the
 * read-write lock's readers). Needs `holdersKey` named before it, after ENGINE_LUA.
 */
export const HOLDERS_LUA = `-- Forgets holders whose lease has ended.
local function dropEnded()
  redis.call('ZREMRANGEBYSCORE', holdersKey, '-inf', now())
end
-- The key lives exactly as long as its longest lease.
local function keepHolders()
  local last = redis.call('ZRANGE', holdersKey, -1, -1, 'WITHSCORES')
  if #last == 0 then return end
  if last[2] == 'inf' then redis.call('PERSIST', holdersKey)
  else redis.call('PEXPIREAT', holdersKey, last[2]) end
end
local function addHolder(member, lease)
  local ends = '+inf'
  if lease ~= '0' then ends = now() + tonumber(lease) end
  redis.call('ZADD', holdersKey, ends, member)
end
-- ms left of member's lease (-1: it never ends), or nil when member holds nothing.
local function holderLeft(member)
  local ends = redis.call('ZSCORE', holdersKey, member)
  if not ends then return nil end
  if ends == 'inf' then return -1 end
  return math.max(0, tonumber(ends) - now())
end
-- ms until the first holder's lease ends; -1 when none ends.
local function firstEnd()
  local first = redis.call('ZRANGE', holdersKey, 0, 0, 'WITHSCORES')
  if #first == 0 or first[2] == 'inf' then return -1 end
  return math.max(0, tonumber(first[2]) - now())
end
`;
