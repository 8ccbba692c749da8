-- wrk script: the harness's chat request (load/chat.lua, run from the harness folder), each
-- connection waiting BENCH_DELAY_MS before each request, so the offered rate is at most
-- connections * 1000 / BENCH_DELAY_MS per second whatever the gateway's speed (interleave-ab.sh
-- --rate): both sides of an A/B then see the same arrivals.
dofile("load/chat.lua")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
delay = function()
  return pause
end
