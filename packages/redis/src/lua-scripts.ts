/**
 * The Lua script behind the Redis store. It runs atomically in Redis, so a check and the change it
 * allows can never be split by another process. Operations issued in the same tick (the guards of
 * one call, the settles of several) travel as one batch: one script run instead of one per
 * operation.
 *
 * One hash per counter holds everything about it, so a reservation is two commands (read, write)
 * and a commit three:
 * - `v` committed amount, `e` end of its window
 * - `<hold id>` → "amount|ttlMs|expiresAt" for each unsettled reservation
 * - `s` sum and `n` count of the holds (so a limit check does not read every hold)
 * - `m` a lower bound of the holds' expiries: only once it has passed are the holds scanned for
 *   expired ones (a hold is settled long before in the normal case)
 * - `x` when the key expires (Redis expiry is a backstop that removes what nobody reads any more)
 * Times come from the caller's clock (ARGV[1]).
 *
 * KEYS: one hash per operation. ARGV: now, then per operation its code and arguments:
 * - `r` amount, limit, holdExpiresAt, holdId, ttlMs, holdMs → {1|0, used before}
 * - `t` amount, limit, ttlMs → {1|0, used before, window end}: a take, counted at once
 * - `u` window end, amount → 1: gives a take back, if its window is still the one in force
 * - `c` holdId → 1 when committed (a hold past its expiry is dropped, not committed)
 * - `x` holdId → 1 (release)
 * - `i` by, ttlMs → committed + held after adding
 * - `g` → committed + held
 */
export const BATCH = `
local now = tonumber(ARGV[1])
-- HMGET answers false (not nil) for an absent field.
local function num(value) return tonumber(value or '0') end
local function fmt(value) return string.format('%.17g', value) end

-- Committed amount in force, held sum and count, after dropping expired holds.
local function state(key)
  local f = redis.call('HMGET', key, 'v', 'e', 's', 'n', 'm', 'x')
  local active = f[2] ~= false and num(f[2]) > now
  local committed = 0
  if active then committed = num(f[1]) end
  local held, count = num(f[3]), num(f[4])
  if f[5] and tonumber(f[5]) <= now then
    local all = redis.call('HGETALL', key)
    local earliest = nil
    for i = 1, #all, 2 do
      local field, value = all[i], all[i + 1]
      if #field > 1 then
        local amount, _, expires = string.match(value, '^([^|]+)|([^|]+)|(.+)$')
        expires = tonumber(expires)
        if expires <= now then
          redis.call('HDEL', key, field)
          held = held - tonumber(amount)
          count = count - 1
        elseif not earliest or expires < earliest then
          earliest = expires
        end
      end
    end
    if count <= 0 then held, count = 0, 0 end
    redis.call('HSET', key, 's', fmt(held), 'n', count)
    if earliest then redis.call('HSET', key, 'm', fmt(earliest)) else redis.call('HDEL', key, 'm') end
    return committed, held, count, earliest, f[6], active, f[2]
  end
  return committed, held, count, tonumber(f[5]), f[6], active, f[2]
end

-- Makes the key live until at least 'needed' (caller's clock), with room so this is rarely
-- needed: records the new expiry in the changes and returns it for write().
local function keep(x, needed, room, changes)
  if num(x) >= needed then return nil end
  changes[#changes + 1] = 'x'
  changes[#changes + 1] = fmt(needed + room)
  return needed + room
end

-- Writes the field changes, then the expiry: a key the write creates must get it too.
local function write(key, changes, expires)
  redis.call('HSET', key, unpack(changes))
  if expires then redis.call('PEXPIRE', key, math.ceil(expires - now)) end
end

-- Removes a hold; returns its amount, ttl and expiry, and the field changes for one HSET.
local function drop(key, id)
  local f = redis.call('HMGET', key, id, 'v', 'e', 's', 'n', 'x')
  if not f[1] then return nil end
  redis.call('HDEL', key, id)
  local amount, ttl, expires = string.match(f[1], '^([^|]+)|([^|]+)|(.+)$')
  local count = num(f[5]) - 1
  local held = num(f[4]) - tonumber(amount)
  -- Once the last hold is gone the sum restarts at exactly 0, so rounding cannot accumulate.
  if count <= 0 then held, count = 0, 0 end
  return tonumber(amount), tonumber(ttl), tonumber(expires), {'s', fmt(held), 'n', count}, f
end

local ops = {}
local arity = {r = 6, t = 3, u = 2, c = 1, x = 1, i = 2, g = 0}

ops.r = function(key, a)
  local amount = tonumber(ARGV[a + 1])
  local committed, held, count, earliest, x = state(key)
  local before = committed + held
  if before + amount > tonumber(ARGV[a + 2]) then return {0, fmt(before)} end
  local expires = tonumber(ARGV[a + 3])
  local changes = {ARGV[a + 4], ARGV[a + 1] .. '|' .. ARGV[a + 5] .. '|' .. ARGV[a + 3],
    's', fmt(held + amount), 'n', count + 1}
  if not earliest or expires < earliest then
    changes[#changes + 1] = 'm'
    changes[#changes + 1] = ARGV[a + 3]
  end
  write(key, changes, keep(x, expires + 60000, tonumber(ARGV[a + 6]), changes))
  return {1, fmt(before)}
end

ops.t = function(key, a)
  local amount, ttl = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 3])
  local committed, held, _, _, x, active, e = state(key)
  local before = committed + held
  if before + amount > tonumber(ARGV[a + 2]) then return {0, fmt(before)} end
  local changes, keepUntil
  if active then
    changes = {'v', fmt(committed + amount)}
  else
    e = fmt(now + ttl)
    changes = {'v', fmt(amount), 'e', e}
    keepUntil = keep(x, now + ttl + 60000, 0, changes)
  end
  write(key, changes, keepUntil)
  return {1, fmt(before), e}
end

ops.u = function(key, a)
  local f = redis.call('HMGET', key, 'v', 'e')
  -- The window end is compared as written, so a later window (another end) is never touched.
  if f[2] == ARGV[a + 1] and num(f[2]) > now then
    redis.call('HSET', key, 'v', fmt(math.max(0, num(f[1]) - tonumber(ARGV[a + 2]))))
  end
  return 1
end

ops.c = function(key, a)
  local amount, ttl, expires, changes, f = drop(key, ARGV[a + 1])
  if not amount then return 0 end
  local committed, keepUntil = 0, nil
  if expires > now then
    committed = 1
    if num(f[3]) > now then
      changes[#changes + 1] = 'v'
      changes[#changes + 1] = fmt(num(f[2]) + amount)
    else
      changes[#changes + 1] = 'v'
      changes[#changes + 1] = fmt(amount)
      changes[#changes + 1] = 'e'
      changes[#changes + 1] = fmt(now + ttl)
      keepUntil = keep(f[6], now + ttl + 60000, 0, changes)
    end
  end
  write(key, changes, keepUntil)
  return committed
end

ops.x = function(key, a)
  local amount, _, _, changes = drop(key, ARGV[a + 1])
  if amount then redis.call('HSET', key, unpack(changes)) end
  return 1
end

ops.i = function(key, a)
  local committed, held, _, _, x, active = state(key)
  local by, ttl = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local changes, keepUntil
  if active then
    committed = committed + by
    changes = {'v', fmt(committed)}
  else
    committed = by
    changes = {'v', fmt(by), 'e', fmt(now + ttl)}
    keepUntil = keep(x, now + ttl + 60000, 0, changes)
  end
  write(key, changes, keepUntil)
  return fmt(committed + held)
end

ops.g = function(key)
  local committed, held = state(key)
  return fmt(committed + held)
end

-- Each operation answers for itself: one counter holding something this store did not write
-- fails the operations on it, not the others in the batch.
local results = {}
local a, k = 2, 0
while a <= #ARGV do
  local code = ARGV[a]
  if not ops[code] then return redis.error_reply('unknown operation ' .. tostring(code)) end
  k = k + 1
  local ok, result = pcall(ops[code], KEYS[k], a)
  if ok then results[k] = result
  elseif type(result) == 'table' and result.err then results[k] = result -- a Redis error
  else results[k] = {err = 'ERR ' .. tostring(result)} end
  a = a + 1 + arity[code]
end
return results
`;
