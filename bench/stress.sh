#!/usr/bin/env bash
# Overload and soak tests on loopback, bounded in time; they stop by themselves.
#
#   bench/stress.sh overload     # 512 connections as fast as they go, 60 s
#   bench/stress.sh soak         # 10 minutes at a steady, lower rate (DELAY_MS between requests),
#                                # cycling over DISTINCT (2,000,000) readings so the data stops growing
#   SERVER_ARGS="--bright-counter.store=postgres --spring.datasource.url=..." bench/stress.sh soak
#   CLIENT=java bench/stress.sh overload   # bench/client/OverloadClient.java instead of wrk: creates
#                                # only, p50/p99 of the answered (2xx) and the shed (503) requests apart
#   WARMUP=40 bench/stress.sh overload     # first the same load for 40 s, not measured: the figures
#                                # are then those of a warm server (wrk only)
#
# Every request stores one new reading of count 1 and the script counts the 201s; the last 10 s
# send pings only, so every create gets its answer read. At the end it adds up the cumulative
# counts of all 10,000 devices through the API: with nothing lost and nothing counted twice, the
# sum equals the acknowledged requests exactly (a request that timed out on the client side may
# still have been stored; the script reports how many there were).
# A 503 (the service shedding load, with Retry-After) is an answer, not an error: the script counts
# those apart ("shed"); "errors" are the other non-2xx answers, which must be 0. A shed create was
# never stored, so the exact-totals check holds with shedding too.
# Every 10 s it prints the server's resident memory and its heap after the last GC.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-soak}
PORT=${PORT:-9090}
case "$MODE" in
    overload) CONNECTIONS=${CONNECTIONS:-512}; SECONDS_TO_RUN=${DURATION:-60}; DELAY_MS=${DELAY_MS:-0}
        DISTINCT=${DISTINCT:-0} ;;
    soak) CONNECTIONS=${CONNECTIONS:-32}; SECONDS_TO_RUN=${DURATION:-600}; DELAY_MS=${DELAY_MS:-1}
        DISTINCT=${DISTINCT:-2000000} ;;
    *) echo "usage: $0 overload|soak" >&2; exit 2 ;;
esac

. bench/server.sh
ensure_wrk
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null; wait ${server:-} 2>/dev/null; rm -rf "$work"' EXIT
start_server "$work/server.log" -Xlog:gc:file="$work/gc.log"

heap_after_gc() {
    grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | tail -n 1 | sed -E 's/.*->([0-9]+)M/\1/'
}
monitor() {
    local start=$SECONDS
    while kill -0 "$server" 2>/dev/null; do
        printf "t=%4ds rss=%sMB heap_after_gc=%sMB\n" $((SECONDS - start)) \
            "$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server/status")" "$(heap_after_gc)"
        sleep 10
    done
}
monitor &
monitor_pid=$!

phase=$((RANDOM % 20))
warm_acked=0
if [ "${WARMUP:-0}" -gt 0 ] && [ "${CLIENT:-wrk}" = wrk ]; then
    # A fresh JVM on one core serves a fraction of its rate for its first 20 to 40 s under this
    # load (compiling, Serial GC sizing its heap): these figures say what a cold start costs, the
    # measured run after them what the service sustains. Same connections, new readings (its own
    # phase), the last 5 s pings so that every create gets its answer; its 201s join the totals.
    echo "warming up: $CONNECTIONS connections for ${WARMUP}s, not measured"
    warm=$(PHASE=$(((phase + 1) % 20)) CREATE_SECONDS=$((WARMUP - 5)) taskset -c 1 wrk -t1 -c"$CONNECTIONS" \
        -d"${WARMUP}s" --timeout 30s --latency -s bench/wrk/acked.lua "http://127.0.0.1:$PORT")
    echo "$warm" | grep -E "Requests/sec|50%|99%|ACKED" | sed 's/^/  warm-up: /'
    warm_acked=$(echo "$warm" | sed -nE 's/^ACKED acked=([0-9]+).*/\1/p')
fi

echo "$MODE: $CONNECTIONS connections for ${SECONDS_TO_RUN}s, ${DELAY_MS} ms between a connection's requests"
urls="$work/urls.txt"
if [ "${CLIENT:-wrk}" = java ]; then
    # Creates only, every connection finishing its last request; latencies kept apart for the
    # answered requests and the shed ones (wrk's percentiles mix the two).
    result=$(taskset -c 1 "${JAVA:-java}" bench/client/OverloadClient.java "$PORT" "$CONNECTIONS" "$SECONDS_TO_RUN" "$urls")
else
    result=$(PHASE=$phase DELAY_MS=$DELAY_MS DISTINCT=$DISTINCT CREATE_SECONDS=$((SECONDS_TO_RUN - 10)) URLS_FILE=$urls BASE_URL="http://127.0.0.1:$PORT" taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" \
        --timeout 30s --latency -s bench/wrk/acked.lua "http://127.0.0.1:$PORT")
fi
kill $monitor_pid 2>/dev/null || true
echo "$result" | grep -E "Requests/sec|Latency  |LATENCY|50%|99%|Socket errors|socket errors|Non-2xx|RESULT|ACKED"

acked=$(echo "$result" | sed -nE 's/^ACKED acked=([0-9]+).*/\1/p')
refused=$(echo "$result" | sed -nE 's/^ACKED acked=[0-9]+ refused=([0-9]+).*/\1/p')
shed=$(echo "$result" | sed -nE 's/^ACKED .* shed=([0-9]+).*/\1/p')
# Cycling over DISTINCT readings, the acknowledged distinct readings are the first DISTINCT requests.
expected=$((acked + warm_acked))
if [ "$DISTINCT" -gt 0 ] && [ "$acked" -gt "$DISTINCT" ] && [ "$refused" = 0 ] && [ "$shed" = 0 ]; then
    expected=$((DISTINCT + warm_acked))
fi
timeouts=$(echo "$result" | sed -nE 's/.*timeout ([0-9]+).*/\1/p')
stored=$(curl -s -K "$urls" | grep -oE '"cumulative_count":[0-9]+' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }')
echo "acknowledged=$acked (warm-up $warm_acked more; distinct readings $expected) shed_503=$shed errors_other_than_503=$refused stored=$stored client_timeouts=${timeouts:-0}"
echo "heap after last GC: $(heap_after_gc)MB; server errors logged: $(grep -c ' ERROR ' "$work/server.log" || true)"
if [ "$stored" = "$expected" ]; then
    echo "EXACT: every acknowledged reading is stored, nothing else is"
else
    echo "MISMATCH: stored $stored, acknowledged $expected"
    exit 1
fi
if [ "${refused:-0}" != 0 ]; then
    echo "ERRORS: $refused answers other than 2xx and 503"
    exit 1
fi
