#!/usr/bin/env bash
# What an open connection costs the server, to size server.tomcat.max-connections.
#
#   bench/connections.sh [N]     (default N=2000; PORT defaults to 9000)
#
# Starts the service, then measures its resident set size (VmRSS, after a full GC) three times:
# with no client, with N idle connections (connected, nothing sent), and with N connections each
# holding a half-sent request head (what a header trickler holds). Prints the cost per connection
# of each. Tomcat's per-connection buffers are heap arrays that are written to, so they show in
# RSS. Loopback only; timeouts are raised so nothing is closed while measuring. Needs python3 and jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
PORT=${PORT:-9000}
. bench/server.sh

log=$(mktemp)
SERVER_ARGS="--server.tomcat.connection-timeout=120s --bright-counter.max-request-head-time=300s \
--server.tomcat.max-connections=$((N + 100)) ${SERVER_ARGS:-}" start_server "$log" -Xmx512m
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT

measure() {
    jcmd "$server" GC.run >/dev/null
    sleep 1
    grep VmRSS "/proc/$server/status" | grep -o '[0-9]*'
}

# hold N [HEAD]: opens N connections, sends HEAD on each, then prints the measurements and closes them.
hold() {
    python3 - "$PORT" "$1" "${2:-}" "$server" <<'PY'
import socket, subprocess, sys, time
port, n, head, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
held = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    if head:
        s.sendall(head.encode())
    held.append(s)
time.sleep(2)
subprocess.run(["jcmd", pid, "GC.run"], capture_output=True)
time.sleep(1)
print([l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1])
for s in held:
    s.close()
PY
}

rss0=$(measure)
rss1=$(hold "$N")
sleep 3
rss2=$(hold "$N" $'GET /api/ping HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow-client/1.0\r\nX-Trickle: aaaa')
echo "connections: $N"
echo "baseline:           RSS ${rss0} KiB"
echo "idle:               RSS +$(( (rss1 - rss0) * 1024 / N )) B per connection"
echo "half-sent head:     RSS +$(( (rss2 - rss0) * 1024 / N )) B per connection"
