-- One new reading (count 1) per request, for a device picked in turn among 10,000, counting the
-- 201s this client saw: the server's cumulative counts must add up to exactly that.
dofile("bench/wrk/common.lua")
local n = 0
acked = 0
-- 503 is the service shedding load (Retry-After): an answer, not an error; anything else non-2xx is.
shed = 0
refused = 0
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
-- Creates stop this many seconds into the run; pings fill the rest, so that every create sent
-- has its answer read before wrk stops, and the acknowledged count is exact.
local creates_until = os.time() + tonumber(os.getenv("CREATE_SECONDS") or "1e9")
local ping
-- With DISTINCT set, requests cycle over that many readings: once all are stored the rest are
-- duplicates, the data stops growing, and memory must stay flat.
local distinct = tonumber(os.getenv("DISTINCT") or "0")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

request = function()
  if os.time() >= creates_until then
    -- Formatted on first use: wrk sets the Host header only once the script has loaded.
    ping = ping or wrk.format("GET", "/api/ping")
    return ping
  end
  n = n + 1
  local reading = (distinct > 0) and (n % distinct) or n
  local body = '{"id": "' .. common.devices[(reading % 10000) + 1] .. '", "readings": [{"count": 1, "timestamp": "'
    .. common.second(reading) .. '"}]}'
  return wrk.format("POST", "/api/device-readings/create", { ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  if status == 201 then
    acked = acked + 1
  elseif status == 503 then
    shed = shed + 1
  elseif status ~= 200 then
    refused = refused + 1
  end
end

if delay_ms > 0 then
  delay = function() return delay_ms end
end

local base_done = done
done = function(summary, latency, requests)
  base_done(summary, latency, requests)
  local total_acked, total_refused, total_shed = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_acked = total_acked + thread:get("acked")
    total_refused = total_refused + thread:get("refused")
    total_shed = total_shed + thread:get("shed")
  end
  io.write(string.format("ACKED acked=%d refused=%d shed=%d\n", total_acked, total_refused, total_shed))
  -- The devices' count URLs, for the script to add up what the server stored.
  local urls = os.getenv("URLS_FILE")
  if urls then
    local file = io.open(urls, "w")
    for _, device in ipairs(common.devices) do
      file:write('url = "' .. os.getenv("BASE_URL") .. '/api/device-readings/' .. device .. '/cumulative-count"\n')
    end
    file:close()
  end
end
