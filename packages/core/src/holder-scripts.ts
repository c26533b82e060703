import type { LockScript } from './commander.js';

/**
 * KEYS: a sorted set of holders scored by lease end (a semaphore's holders, a read-write
 * lock's readers). ARGV: 1 the holder's member; 2 new lease in ms ('0': no expiry).
 * Renews the member's lease unless it has ended or the member is gone. Returns 1 or 0.
 */
export const EXTEND_HOLDER_SCRIPT: LockScript = {
  name: 'extend-holder',
  sha1: 'c4c82d73678df409de7b7c78c6e2e164970a6c10',
  source: `local holdersKey = KEYS[1]
local member, lease = ARGV[1], ARGV[2]
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
