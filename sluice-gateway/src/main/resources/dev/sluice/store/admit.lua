-- Admission: takes every claim or none, atomically (Redis runs one script at a time).
-- KEYS[i]: a counter. ARGV, 4 per key: kind ('r' rate, 's' spend), limit, period (rate: µs), units.
-- Rates are GCRA, as dev.sluice.authorize.Gcra, with the theoretical arrival time (TAT) kept in
-- µs of Redis's own clock (TIME), so every replica reads one clock. An absent rate key is a full
-- bucket. Spend keys hold nano-USD of a budget's window; an absent one must be seeded first.
-- Returns {0, remaining1, reset1, ...} (reset in µs), {1, index, wait µs (-1: never fits)} or
-- {2, index...} (spend counters to seed; nothing taken).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local values = #KEYS > 0 and redis.call('MGET', unpack(KEYS)) or {} -- one call reads every counter
local tats = {}
local missing = {}
for i = 1, #KEYS do
  local base = (i - 1) * 4
  local limit = tonumber(ARGV[base + 2])
  local units = tonumber(ARGV[base + 4])
  if ARGV[base + 1] == 'r' then
    local period = tonumber(ARGV[base + 3])
    if units > limit then
      return {1, i - 1, -1}
    end
    local tat = tats[KEYS[i]] or tonumber(values[i] or now)
    local nxt = math.max(tat, now) + math.ceil(units * period / limit)
    local wait = nxt - now - period
    if wait > 0 then
      return {1, i - 1, wait}
    end
    tats[KEYS[i]] = nxt
  else
    local spent = values[i]
    if not spent then
      missing[#missing + 1] = i - 1
    else
      spent = tonumber(spent)
      if spent >= limit or spent + units > limit then
        return {1, i - 1, 0}
      end
    end
  end
end
if #missing > 0 then
  return {2, unpack(missing)}
end
local out = {0}
for i = 1, #KEYS do
  local base = (i - 1) * 4
  if ARGV[base + 1] == 'r' then
    local limit = tonumber(ARGV[base + 2])
    local period = tonumber(ARGV[base + 3])
    local ahead = tats[KEYS[i]] - now
    redis.call('SET', KEYS[i], string.format('%d', tats[KEYS[i]]), 'PX', math.max(1, math.ceil(ahead / 1000)))
    out[#out + 1] = math.max(0, math.floor((period - ahead) * limit / period))
    out[#out + 1] = ahead
  else
    redis.call('INCRBY', KEYS[i], ARGV[base + 4])
    out[#out + 1] = 0
    out[#out + 1] = 0
  end
end
return out
