-- A batch of 100 new readings per request, one minute apart within a day no other request uses.
dofile("bench/wrk/common.lua")
local times = {}
for j = 0, 99 do
  times[j + 1] = string.format("T%02d:%02d:00Z\"}", math.floor(j / 60), j % 60)
end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local device = common.devices[(n % 10000) + 1]
  local day = common.day(math.floor(n / 10000))
  local parts = { '{"id": "', device, '", "readings": [' }
  for j = 1, 100 do
    parts[#parts + 1] = (j > 1 and ', ' or '') .. '{"count": 2, "timestamp": "' .. day .. times[j]
  end
  parts[#parts + 1] = ']}'
  return wrk.format(nil, "/api/device-readings/create", nil, table.concat(parts))
end
