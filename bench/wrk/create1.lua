-- One new reading per request, for a device picked in turn among 10,000.
dofile("bench/wrk/common.lua")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = '{"id": "' .. common.devices[(n % 10000) + 1] .. '", "readings": [{"count": 1, "timestamp": "'
    .. common.second(n) .. '"}]}'
  return wrk.format(nil, "/api/device-readings/create", nil, body)
end
