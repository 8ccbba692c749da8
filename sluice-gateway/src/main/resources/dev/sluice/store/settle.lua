-- Settlement: corrects counters after the fact, without a check (Gcra.adjust).
-- KEYS[i]: a counter. ARGV, 4 per key: kind ('r' rate, 's' spend), limit, period (rate: µs),
-- delta (positive: charge, negative: refund).
-- A charge on a rate starts from now if the bucket had refilled; a refund moves the TAT back,
-- and a TAT at or before now is a full bucket (the key is dropped). A spend key that is gone
-- (expired, or Redis lost it) is left alone: it is seeded from the ledger, which has the request.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i = 1, #KEYS do
  local base = (i - 1) * 4
  local delta = tonumber(ARGV[base + 4])
  if ARGV[base + 1] == 'r' then
    local limit = tonumber(ARGV[base + 2])
    local period = tonumber(ARGV[base + 3])
    local tat = tonumber(redis.call('GET', KEYS[i]) or now)
    local cost = math.ceil(math.abs(delta) * period / limit)
    if delta > 0 then
      tat = math.max(tat, now) + cost
    else
      tat = tat - cost
    end
    if tat > now then
      redis.call('SET', KEYS[i], string.format('%d', tat), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
    else
      redis.call('DEL', KEYS[i])
    end
  elseif redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('INCRBY', KEYS[i], ARGV[base + 4])
  end
end
return 0
