#!/usr/bin/env bash
# HTTP load test of the built service: server pinned to core 0, wrk to core 1, both on loopback.
#
#   bench/load.sh                      # memory store, defaults below
#   RUNS=5 DURATION=20 bench/load.sh   # more and longer measured rounds
#   SERVER_ARGS="--server.tomcat.threads.max=16" bench/load.sh
#   JOURNAL_MODE=off bench/load.sh     # journal mode (default fsync); bench/journal.sh compares them
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java SERVER_ARGS="--spring.threads.virtual.enabled=true" bench/load.sh
#   SCENARIOS="ping count summary lookup100" bench/load.sh   # a subset
#
# Warms the JIT up with every scenario first (on one core Spring needs well over 10 s of load),
# then measures each scenario RUNS times and prints req/s, readings/s, p50 and p99 per round,
# with each scenario's ratio to ping in the same round. Any non-2xx answer or socket error fails
# the run: such a run is not reported.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-9090}
RUNS=${RUNS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SCENARIOS=(${SCENARIOS:-ping create1 create100 latest count summary lookup100})

. bench/server.sh
ensure_wrk
log=$(mktemp)
trap 'kill ${server:-} 2>/dev/null; wait ${server:-} 2>/dev/null; rm -rf "$log" "$log.journal"' EXIT
# The run stores tens of millions of dense readings (about 3 bytes each), past the default
# capacity sized for the costliest readings: raise it rather than measure 507s.
start_server "$log" -Dbright-counter.max-stored-readings=1000000000

phase=0
# Runs one scenario; prints "req_per_s readings_per_s p50_ms p99_ms" or fails on any error.
run() {
    local scenario=$1 seconds=$2 out
    phase=$((phase + 1))
    out=$(PHASE=$phase taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency \
        -s "bench/wrk/$scenario.lua" "http://127.0.0.1:$PORT")
    echo "$out" | awk -v scenario="$scenario" '
        /^RESULT/ {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            if (v["non2xx"] > 0 || v["socket_errors"] > 0) {
                printf "%s: %d non-2xx responses, %d socket errors: run refused\n", scenario, v["non2xx"], v["socket_errors"] > "/dev/stderr"
                exit 1
            }
            rps = v["requests"] / (v["duration_us"] / 1e6)
            # Items a request carries: readings for creates, device summaries for lookups.
            per = (scenario == "create100" || scenario == "lookup100") ? 100 : (scenario == "create1" ? 1 : 0)
            printf "%.0f %.0f %.2f %.2f\n", rps, rps * per, v["p50_us"] / 1000, v["p99_us"] / 1000
            found = 1
        }
        END { if (!found) exit 1 }'
}

# Every read scenario reads the 10,000 devices: store them first rather than rely on create1's pace.
# The seed stops its thread after 10,100 answers, but wrk still waits out -d: keep it short.
run seed 20 >/dev/null
echo "Warming up: ${WARMUP_ROUNDS} rounds of ${WARMUP}s per scenario" >&2
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
    for scenario in "${SCENARIOS[@]}"; do
        # Not reported: a cold server's timeouts on a busy machine do not refuse the run.
        run "$scenario" "$WARMUP" >/dev/null || true
    done
done

printf "%-5s %-10s %12s %14s %9s %9s %9s\n" round scenario "req/s" "items/s" "p50 ms" "p99 ms" "x ping"
for round in $(seq 1 "$RUNS"); do
    ping_rps=
    for scenario in "${SCENARIOS[@]}"; do
        result=$(run "$scenario" "$DURATION")
        read -r rps readings p50 p99 <<<"$result"
        [ -n "$ping_rps" ] || ping_rps=$rps
        ratio=$(awk -v a="$rps" -v b="$ping_rps" 'BEGIN { printf "%.2f", a / b }')
        printf "%-5s %-10s %12s %14s %9s %9s %9s\n" "$round" "$scenario" "$rps" "$readings" "$p50" "$p99" "$ratio"
    done
done
