dofile("bench/wrk/common.lua")
wrk.method = "GET"
wrk.path = "/api/ping"
