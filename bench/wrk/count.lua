-- Cumulative count of stored devices.
dofile("bench/wrk/common.lua")
request = common.reads("cumulative-count")
