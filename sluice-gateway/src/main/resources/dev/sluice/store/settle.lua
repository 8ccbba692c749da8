-- Settlement: corrects counters after the fact, without a check (Gcra.adjust).
-- KEYS: the rate counters first, then the spend counters. ARGV[1]: how many rates.
-- ARGV[1 + i]: rate: µs to move its TAT (positive: a charge, negative: a refund; the caller
-- turns units into µs); spend: nano-USD (positive: a charge, negative: a refund).
-- A charge on a rate starts from now if the bucket had refilled; a refund moves the TAT back,
-- and a TAT at or before now is a full bucket (the key is dropped). A spend key that is gone
-- (expired, or Redis lost it) is left alone: it is seeded from the ledger, which has the request.
-- One TIME, one MGET, one write per counter (see admit.lua).
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local values = #KEYS > 0 and redis.call('MGET', unpack(KEYS)) or {}
local rates = tonumber(ARGV[1])
local tats = {} -- by key: corrections of one key apply in order
for i = 1, rates do
  local move = tonumber(ARGV[i + 1])
  local tat = tats[KEYS[i]] or tonumber(values[i]) or now
  if move > 0 and tat < now then
    tat = now
  end
  tat = tat + move
  tats[KEYS[i]] = tat
  if tat > now then
    redis.call('SET', KEYS[i], string.format('%d', tat), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
  else
    redis.call('DEL', KEYS[i])
  end
end
for i = rates + 1, #KEYS do
  if values[i] then
    redis.call('INCRBY', KEYS[i], ARGV[i + 1])
  end
end
return 0
