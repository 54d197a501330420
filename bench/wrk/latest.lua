-- Latest timestamp of stored devices.
dofile("bench/wrk/common.lua")
request = common.reads("latest-timestamp")
