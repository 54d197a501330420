#!/usr/bin/env bash
# What an open connection costs the server, to size server.tomcat.max-connections.
#
#   bench/connections.sh [N]     (default N=2000; PORT defaults to 9000)
#
# Starts the service, then measures heap after a full GC (jcmd GC.heap_info) and resident set
# size (VmRSS) three times: with no client, with N idle connections (connected, nothing sent), and
# with N connections each holding a half-sent request head (what a header trickler holds). Prints
# the cost per connection of each. Loopback only; timeouts are raised so nothing is closed while
# measuring. Needs python3 and jcmd.
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
    local heap rss
    heap=$(jcmd "$server" GC.heap_info | grep -o 'used [0-9]*K' | head -n 1 | grep -o '[0-9]*')
    rss=$(grep VmRSS "/proc/$server/status" | grep -o '[0-9]*')
    echo "$heap $rss"
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
info = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True).stdout
heap = int(info.split("used ")[1].split("K")[0])
rss = int([l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1])
print(heap, rss)
for s in held:
    s.close()
PY
}

read -r heap0 rss0 < <(measure)
read -r heap1 rss1 < <(hold "$N")
sleep 3
read -r heap2 rss2 < <(hold "$N" $'GET /api/ping HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow-client/1.0\r\nX-Trickle: aaaa')
echo "connections: $N"
echo "baseline:           heap ${heap0} KiB, RSS ${rss0} KiB"
echo "idle:               heap +$(( (heap1 - heap0) * 1024 / N )) B, RSS +$(( (rss1 - rss0) * 1024 / N )) B per connection"
echo "half-sent head:     heap +$(( (heap2 - heap0) * 1024 / N )) B, RSS +$(( (rss2 - rss0) * 1024 / N )) B per connection"
