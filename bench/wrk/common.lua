-- Shared by the load scenarios: the same 10,000 device ids in every script, and a results line
-- that bench/load.sh reads.
local devices = {}
math.randomseed(20210929)
for i = 1, 10000 do
  devices[i] = string.format("%08x-%04x-4%03x-%x%03x-%04x%08x",
    math.random(0, 0x7fffffff), math.random(0, 0xffff), math.random(0, 0xfff),
    8 + math.random(0, 3), math.random(0, 0xfff), math.random(0, 0xffff), math.random(0, 0x7fffffff))
end

-- Every wrk run gets its own PHASE, so readings of one run are never duplicates of another's.
local phase = tonumber(os.getenv("PHASE") or "0")

common = {
  devices = devices,
  -- Midnight UTC of a day that belongs to this phase alone: each phase has 10,000 days.
  day = function(n) return os.date("!%Y-%m-%d", 946684800 + (phase * 10000 + n) * 86400) end,
  second = function(n) return os.date("!%Y-%m-%dT%H:%M:%SZ", 946684800 + phase * 100000000 + n) end,
  -- A request function reading one figure of the stored devices in turn (create1 stores all 10,000 first).
  reads = function(what)
    local n = 0
    return function()
      n = n + 1
      return wrk.format("GET", "/api/device-readings/" .. devices[(n % 10000) + 1] .. "/" .. what)
    end
  end,
}

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
