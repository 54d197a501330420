#!/usr/bin/env bash
# History reads over HTTP: one device holding READINGS readings (default 1,000,000, a minute
# apart), then, in the same run, wrk on a page of 1,000 readings (from a random reading on), a
# series of 1,000 buckets over all of it, and the device's summary. Server pinned to core 0, wrk
# to core 1, both on loopback, as bench/load.sh does.
#
#   JAR=target/bright-counter-0.0.1-SNAPSHOT.jar bench/history.sh
#   RUNS=5 DURATION=20 PORT=9310 bench/history.sh
#   SERVER_ARGS="--bright-counter.store=postgres --spring.datasource.url=..." bench/history.sh
#
# Prints req/s, p50 and p99 per read and round, and each read's cost against the summary read of
# the same round: "x summary" is the summary's req/s over the read's (1.00 = as cheap as a
# summary), "p50 x" the ratio of the medians. Any non-2xx answer or socket error fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-9300}
RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
READINGS=${READINGS:-1000000}
BATCH=${BATCH:-10000}
# 2021-01-01T00:00:00Z
FIRST=${FIRST:-1609459200}
DEVICE=${DEVICE:-5d1b2f0c-7a3e-4c61-9f2a-0b6c8d4e1a77}
READS=(summary page series)

. bench/server.sh
ensure_wrk
log=$(mktemp)
trap 'kill ${server:-} 2>/dev/null; wait ${server:-} 2>/dev/null; rm -rf "$log" "$log.journal" "$log.body"' EXIT
start_server "$log" -Dbright-counter.max-stored-readings=1000000000

echo "Loading $READINGS readings of device $DEVICE in batches of $BATCH" >&2
start=$(date +%s)
for ((offset = 0; offset < READINGS; offset += BATCH)); do
    awk -v id="$DEVICE" -v first="$FIRST" -v from="$offset" -v n="$BATCH" -v total="$READINGS" 'BEGIN {
        srand(from + 1)
        printf "{\"id\":\"%s\",\"readings\":[", id
        for (i = from; i < from + n && i < total; i++) {
            printf "%s{\"count\":%d,\"timestamp\":\"%s\"}", (i > from) ? "," : "", 1 + int(rand() * 100),
                strftime("%Y-%m-%dT%H:%M:%SZ", first + 60 * i, 1)
        }
        printf "]}"
    }' >"$log.body"
    status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        --data-binary @"$log.body" "http://127.0.0.1:$PORT/api/device-readings/create")
    [ "$status" = 201 ] || { echo "create answered $status at reading $offset" >&2; exit 1; }
done
stored=$(curl -fs "http://127.0.0.1:$PORT/api/devices/$DEVICE?fields=readings")
echo "Loaded in $(($(date +%s) - start)) s: $stored" >&2
[ "$stored" = "{\"readings\":$READINGS}" ] || { echo "expected $READINGS readings" >&2; exit 1; }

phase=0
# Runs one read; prints "req_per_s p50_ms p99_ms" or fails on any error.
run() {
    local read=$1 seconds=$2 out
    phase=$((phase + 1))
    out=$(PHASE=$phase READ=$read DEVICE=$DEVICE FIRST=$FIRST READINGS=$READINGS taskset -c 1 \
        wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency -s bench/wrk/history.lua "http://127.0.0.1:$PORT")
    echo "$out" | awk -v read="$read" '
        /^RESULT/ {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            if (v["non2xx"] > 0 || v["socket_errors"] > 0) {
                printf "%s: %d non-2xx responses, %d socket errors: run refused\n", read, v["non2xx"], v["socket_errors"] > "/dev/stderr"
                exit 1
            }
            printf "%.0f %.2f %.2f\n", v["requests"] / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p99_us"] / 1000
            found = 1
        }
        END { if (!found) exit 1 }'
}

echo "Warming up: ${WARMUP_ROUNDS} rounds of ${WARMUP}s per read" >&2
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
    for read in "${READS[@]}"; do
        run "$read" "$WARMUP" >/dev/null || true
    done
done

printf "%-5s %-8s %10s %9s %9s %10s %7s\n" round read "req/s" "p50 ms" "p99 ms" "x summary" "p50 x"
for round in $(seq 1 "$RUNS"); do
    base_rps=
    base_p50=
    for read in "${READS[@]}"; do
        read -r rps p50 p99 <<<"$(run "$read" "$DURATION")"
        [ -n "$base_rps" ] || { base_rps=$rps; base_p50=$p50; }
        ratio=$(awk -v a="$base_rps" -v b="$rps" 'BEGIN { printf "%.2f", a / b }')
        p50_ratio=$(awk -v a="$p50" -v b="$base_p50" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
        printf "%-5s %-8s %10s %9s %9s %10s %7s\n" "$round" "$read" "$rps" "$p50" "$p99" "$ratio" "$p50_ratio"
    done
done
