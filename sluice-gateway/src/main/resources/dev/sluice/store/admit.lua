-- Admission of a group of requests, in order, each taking every one of its claims or none,
-- atomically (Redis runs one script at a time). The requests of one event loop that arrive
-- together are sent as one group: one round trip for all of them, and one read and one write
-- per counter for the group instead of per request.
-- KEYS: every counter the group touches, each once.
-- ARGV[1]: how many requests. Then per request: its claims, how many of them are rates (they
-- come first), and 3 arguments per claim: the index of its counter in KEYS; for a rate, the
-- increment (µs its TAT moves, -1 when the request is larger than the whole limit) and the
-- period (µs); for a spend, the units and the limit.
-- Rates are GCRA, as dev.sluice.authorize.Gcra, with the theoretical arrival time (TAT) kept in
-- µs of Redis's own clock (TIME), so every replica reads one clock; the caller turns units into
-- the increment (units × period / limit), so the script only adds and compares. An absent rate
-- key is a full bucket. Spend keys hold nano-USD of a budget's window; an absent one must be
-- seeded first.
-- Each redis.call costs Redis more than the arithmetic: one TIME, one MGET, then one write per
-- counter a request of the group took from, and nothing more.
-- Returns one answer per request, in order: {0, ahead1, ...} (taken; per rate, µs its TAT now
-- lies ahead of now), {1, index, wait µs (-1: never fits), ahead1, ...} (refused; nothing taken;
-- the rates as they stand, for the rate-limit headers) or {2, index...} (spend counters to seed;
-- nothing taken).
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local raw = #KEYS > 0 and redis.call('MGET', unpack(KEYS)) or {}
local value = {} -- by index in KEYS: the counter as the requests before this one left it
for k = 1, #KEYS do
  value[k] = tonumber(raw[k])
end
local rateTaken, spendAdded = {}, {}
local answers = {}
local p = 2
for a = 1, tonumber(ARGV[1]) do
  local claims, rates = tonumber(ARGV[p]), tonumber(ARGV[p + 1])
  local first = p + 2
  local tats = {} -- by counter: a limit listed twice is taken twice
  local refused, missing
  for i = 1, rates do
    local q = first + 3 * (i - 1)
    local k, inc = tonumber(ARGV[q]), tonumber(ARGV[q + 1])
    if inc < 0 then
      refused = {1, i - 1, -1}
      break
    end
    local tat = tats[k] or value[k] or now
    if tat < now then
      tat = now
    end
    local wait = tat + inc - now - ARGV[q + 2]
    if wait > 0 then
      refused = {1, i - 1, wait}
      break
    end
    tats[k] = tat + inc
  end
  if not refused then
    for i = rates + 1, claims do
      local q = first + 3 * (i - 1)
      local spent = value[tonumber(ARGV[q])]
      if not spent then
        missing = missing or {2}
        missing[#missing + 1] = i - 1
      else
        local limit = tonumber(ARGV[q + 2])
        if spent >= limit or spent + ARGV[q + 1] > limit then
          refused = {1, i - 1, 0}
          break
        end
      end
    end
  end
  if refused then
    for i = 1, rates do
      local tat = value[tonumber(ARGV[first + 3 * (i - 1)])] or now
      refused[i + 3] = tat > now and tat - now or 0
    end
    answers[a] = refused
  elseif missing then
    answers[a] = missing
  else
    local out = {0}
    for i = 1, rates do
      local k = tonumber(ARGV[first + 3 * (i - 1)])
      out[i + 1] = tats[k] - now
      value[k] = tats[k]
      rateTaken[k] = true
    end
    for i = rates + 1, claims do
      local q = first + 3 * (i - 1)
      local k = tonumber(ARGV[q])
      value[k] = value[k] + ARGV[q + 1]
      spendAdded[k] = (spendAdded[k] or 0) + ARGV[q + 1]
    end
    answers[a] = out
  end
  p = first + 3 * claims
end
for k in pairs(rateTaken) do
  -- The key expires when its bucket is full again: an absent key is a full bucket.
  redis.call('SET', KEYS[k], string.format('%d', value[k]), 'PX',
    math.max(1, math.ceil((value[k] - now) / 1000)))
end
for k, added in pairs(spendAdded) do
  redis.call('INCRBY', KEYS[k], string.format('%d', added)) -- keeps the window's expiry
end
return answers
