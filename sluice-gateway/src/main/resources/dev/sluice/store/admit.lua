-- Admission: takes every claim or none, atomically (Redis runs one script at a time).
-- KEYS: the rate counters first, then the spend counters. ARGV[1]: how many rates.
-- ARGV, 2 per key after the first: rate: increment (µs the TAT moves for this request, -1 when
-- the request is larger than the whole limit), period (µs); spend: units, limit.
-- Rates are GCRA, as dev.sluice.authorize.Gcra, with the theoretical arrival time (TAT) kept in
-- µs of Redis's own clock (TIME), so every replica reads one clock; the caller turns units into
-- the increment (units × period / limit), so the script only adds and compares. An absent rate
-- key is a full bucket. Spend keys hold nano-USD of a budget's window; an absent one must be
-- seeded first.
-- Each redis.call costs Redis more than the arithmetic (~2-4 µs on a busy machine): one TIME,
-- one MGET for every counter, then one write per counter, and nothing more.
-- Returns {0, ahead1, ...} (taken; per rate, µs its TAT now lies ahead of now),
-- {1, index, wait µs (-1: never fits), ahead1, ...} (refused; nothing taken; the rates as they
-- stand, for the rate-limit headers) or {2, index...} (spend counters to seed; nothing taken).
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local values = #KEYS > 0 and redis.call('MGET', unpack(KEYS)) or {}
local rates = tonumber(ARGV[1])
local tats = {} -- by key: a limit listed twice is taken twice
local refused, missing
for i = 1, rates do
  local inc = tonumber(ARGV[2 * i])
  if inc < 0 then
    refused = {1, i - 1, -1}
    break
  end
  local tat = tats[KEYS[i]] or tonumber(values[i]) or now
  if tat < now then
    tat = now
  end
  local wait = tat + inc - now - ARGV[2 * i + 1]
  if wait > 0 then
    refused = {1, i - 1, wait}
    break
  end
  tats[KEYS[i]] = tat + inc
end
if not refused then
  for i = rates + 1, #KEYS do
    local spent = tonumber(values[i])
    if not spent then
      missing = missing or {2}
      missing[#missing + 1] = i - 1
    else
      local limit = tonumber(ARGV[2 * i + 1])
      if spent >= limit or spent + ARGV[2 * i] > limit then
        refused = {1, i - 1, 0}
        break
      end
    end
  end
end
if refused then
  for i = 1, rates do
    local tat = tonumber(values[i]) or now
    refused[i + 3] = tat > now and tat - now or 0
  end
  return refused
end
if missing then
  return missing
end
local out = {0}
for i = 1, rates do
  local ahead = tats[KEYS[i]] - now
  -- The key expires when its bucket is full again: an absent key is a full bucket.
  redis.call('SET', KEYS[i], string.format('%d', tats[KEYS[i]]), 'PX', math.max(1, math.ceil(ahead / 1000)))
  out[i + 1] = ahead
end
for i = rates + 1, #KEYS do
  redis.call('INCRBY', KEYS[i], ARGV[2 * i])
end
return out
