-- Summaries of 100 stored devices per request: 100 different lists cover all 10,000 devices.
dofile("bench/wrk/common.lua")
local paths = {}
for q = 0, 99 do
  local ids = {}
  for i = 1, 100 do
    ids[i] = common.devices[q * 100 + i]
  end
  paths[q + 1] = "/api/devices?id=" .. table.concat(ids, ",")
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % 100) + 1])
end
