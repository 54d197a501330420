-- Latest timestamp of stored devices (create1 stores all 10,000 first).
dofile("bench/wrk/common.lua")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/device-readings/" .. common.devices[(n % 10000) + 1] .. "/latest-timestamp")
end
