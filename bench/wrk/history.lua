-- History reads of the one device bench/history.sh loads (DEVICE, READINGS readings a minute apart
-- from FIRST, epoch seconds): READ=page (1,000 readings from a random reading on), series (1,000
-- buckets over all of it) or summary (the baseline).
dofile("bench/wrk/common.lua")
local device = os.getenv("DEVICE")
local first = tonumber(os.getenv("FIRST"))
local readings = tonumber(os.getenv("READINGS"))
local read = os.getenv("READ")
local function timestamp(epoch) return os.date("!%Y-%m-%dT%H:%M:%SZ", epoch) end
local step = math.ceil(readings * 60 / 1000)
local series = "/api/devices/" .. device .. "/series?from=" .. timestamp(first) .. "&to="
  .. timestamp(first + step * 1000) .. "&step=PT" .. step .. "S"
math.randomseed(tonumber(os.getenv("PHASE") or "0"))
request = function()
  if read == "page" then
    local from = first + 60 * math.random(0, readings - 1001)
    return wrk.format("GET", "/api/devices/" .. device .. "/readings?from=" .. timestamp(from) .. "&limit=1000")
  elseif read == "series" then
    return wrk.format("GET", series)
  end
  return wrk.format("GET", "/api/devices/" .. device)
end
