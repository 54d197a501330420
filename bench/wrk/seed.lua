-- Stores a reading for each of the 10,000 devices and stops: the read scenarios need every one of
-- them, however slowly a cold server on a busy machine takes the first creates.
dofile("bench/wrk/common.lua")
local n = 0
local answered = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = '{"id": "' .. common.devices[((n - 1) % 10000) + 1] .. '", "readings": [{"count": 1, "timestamp": "'
    .. common.second(n) .. '"}]}'
  return wrk.format(nil, "/api/device-readings/create", nil, body)
end
-- Past 10,000 by more than the connections in flight, so every device's create has been answered.
response = function(status, headers, body)
  answered = answered + 1
  if answered >= 10100 then
    wrk.thread:stop()
  end
end
