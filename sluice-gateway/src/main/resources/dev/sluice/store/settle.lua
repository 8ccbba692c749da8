-- Settlement: corrects counters after the fact, without a check (Gcra.adjust), for a group of
-- requests (the corrections of one event loop that arrive together).
-- KEYS: every counter the corrections touch, each once. ARGV[1]: how many corrections are for
-- rates (they come first), ARGV[2]: how many in all; then 2 per correction: the index of its
-- counter in KEYS and, for a rate, the µs to move its TAT (positive: a charge, negative: a
-- refund; the caller turns units into µs), for a spend the nano-USD.
-- Corrections of one counter apply in order. A charge on a rate starts from now if the bucket
-- had refilled; a refund moves the TAT back, and a TAT at or before now is a full bucket (the
-- key is dropped). A spend key that is gone (expired, or Redis lost it) is left alone: it is
-- seeded from the ledger, which has the request.
-- One TIME, one MGET, one write per counter (see admit.lua).
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local raw = #KEYS > 0 and redis.call('MGET', unpack(KEYS)) or {}
local rates, claims = tonumber(ARGV[1]), tonumber(ARGV[2])
local tats, added = {}, {}
for i = 1, rates do
  local k, move = tonumber(ARGV[2 * i + 1]), tonumber(ARGV[2 * i + 2])
  local tat = tats[k] or tonumber(raw[k]) or now
  if move > 0 and tat < now then
    tat = now
  end
  tats[k] = tat + move
end
for i = rates + 1, claims do
  local k = tonumber(ARGV[2 * i + 1])
  if raw[k] then
    added[k] = (added[k] or 0) + ARGV[2 * i + 2]
  end
end
for k, tat in pairs(tats) do
  if tat > now then
    redis.call('SET', KEYS[k], string.format('%d', tat), 'PX', math.max(1, math.ceil((tat - now) / 1000)))
  else
    redis.call('DEL', KEYS[k])
  end
end
for k, sum in pairs(added) do
  redis.call('INCRBY', KEYS[k], string.format('%d', sum))
end
return 0
