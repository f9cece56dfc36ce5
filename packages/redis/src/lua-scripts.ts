/**
 * The Lua scripts behind the Redis store. Each runs atomically in Redis, so a check and the
 * change it allows can never be split by another process. Keys of one counter share a hash tag
 * (`{…}`), so they live in one Redis Cluster slot.
 *
 * KEYS: 1 committed amount (hash: v = amount, e = window end), 2 hold expiries (sorted set),
 * 3 hold amounts and TTLs (hash: id → "amount|ttlMs"). Times come from the caller's clock
 * (ARGV[1]); Redis key expiry is only a backstop that removes what nobody reads any more.
 */

/** Removes expired holds and returns committed + held. Shared prologue. */
const USED = `
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do redis.call('HDEL', KEYS[3], id) end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
local committed = 0
local window = redis.call('HMGET', KEYS[1], 'v', 'e')
if window[2] and tonumber(window[2]) > now then committed = tonumber(window[1]) end
local held = 0
for _, value in ipairs(redis.call('HVALS', KEYS[3])) do
  held = held + tonumber(string.match(value, '^[^|]+'))
end
`;

/** Adds to the committed amount, starting a new window when there is none. */
const ADD = `
local function add(amount, ttl, at)
  local ends = tonumber(redis.call('HGET', KEYS[1], 'e') or '0')
  if ends <= at then
    redis.call('HSET', KEYS[1], 'v', amount, 'e', at + ttl)
    redis.call('PEXPIRE', KEYS[1], ttl + 60000)
    return tonumber(amount)
  end
  return tonumber(redis.call('HINCRBYFLOAT', KEYS[1], 'v', amount))
end
`;

/** ARGV: now, amount, limit, holdExpiresAt, id, ttlMs, holdMs → {ok, used}. */
export const RESERVE = `${USED}
local amount = tonumber(ARGV[2])
local used = committed + held
if used + amount > tonumber(ARGV[3]) then return {0, tostring(used)} end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[5], ARGV[2] .. '|' .. ARGV[6])
local keep = tonumber(ARGV[7]) + 60000
if redis.call('PTTL', KEYS[2]) < keep then
  redis.call('PEXPIRE', KEYS[2], keep)
  redis.call('PEXPIRE', KEYS[3], keep)
end
return {1, tostring(used)}
`;

/** ARGV: now, id → 1 when committed. A hold past its expiry is dropped, not committed. */
export const COMMIT = `${ADD}
local now = tonumber(ARGV[1])
local hold = redis.call('HGET', KEYS[3], ARGV[2])
if not hold then return 0 end
local expires = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[2]) or '0')
redis.call('HDEL', KEYS[3], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
if expires <= now then return 0 end
local amount, ttl = string.match(hold, '^([^|]+)|(.+)$')
add(amount, tonumber(ttl), now)
return 1
`;

/** ARGV: id. */
export const RELEASE = `
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

/** ARGV: now, by, ttlMs → committed + held after adding. */
export const INCREMENT = `${ADD}${USED}
local after = add(ARGV[2], tonumber(ARGV[3]), now)
return tostring(after + held)
`;

/** ARGV: now → committed + held. */
export const GET = `${USED}
return tostring(committed + held)
`;
