-- Summary (every figure) of stored devices, one device per request.
dofile("bench/wrk/common.lua")
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/devices/" .. common.devices[(n % 10000) + 1])
end
