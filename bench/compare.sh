#!/usr/bin/env bash
# A/B load comparison in one run: this tree's build against the build of an earlier commit, both
# started on core 0 (wrk on core 1), rounds interleaved A B A B so that a shared machine's drift
# hits both alike. Prints req/s, p99 and the ratio this/base per round.
#
#   bench/compare.sh 3e5e8c9 create1     # create with the feedback headers vs the commit before them
#   RUNS=6 DURATION=10 bench/compare.sh <commit> <scenario>
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_REV=$1
SCENARIO=${2:-create1}
PORT=${PORT:-9090}
BASE_PORT=$((PORT + 1))
RUNS=${RUNS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}

. bench/server.sh
ensure_wrk
base_dir=$(mktemp -d)
log=$(mktemp)
base_log=$(mktemp)
trap 'kill ${server:-} ${base_server:-} 2>/dev/null; wait ${server:-} ${base_server:-} 2>/dev/null; rm -rf "$base_dir" "$log" "$base_log" "$log.journal" "$base_log.journal"' EXIT
git archive "$BASE_REV" | tar -x -C "$base_dir"
(cd "$base_dir" && ./mvnw -q -o -DskipTests package)
base_jar=$(ls "$base_dir"/target/bright-counter-*.jar | head -n 1)

PORT=$BASE_PORT JAR=$base_jar start_server "$base_log" -Dbright-counter.max-stored-readings=1000000000
base_server=$server
start_server "$log" -Dbright-counter.max-stored-readings=1000000000

phase=0
# run PORT SECONDS: prints "req_per_s p99_ms" or fails on any error.
run() {
    phase=$((phase + 1))
    PHASE=$phase taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${2}s" --latency -s "bench/wrk/$SCENARIO.lua" \
        "http://127.0.0.1:$1" | awk '
        /^RESULT/ {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            if (v["non2xx"] > 0 || v["socket_errors"] > 0) {
                printf "%d non-2xx responses, %d socket errors: run refused\n", v["non2xx"], v["socket_errors"] > "/dev/stderr"
                exit 1
            }
            printf "%.0f %.2f\n", v["requests"] / (v["duration_us"] / 1e6), v["p99_us"] / 1000
            found = 1
        }
        END { if (!found) exit 1 }'
}

# Warm-up rounds are not reported: a cold server's timeouts there do not refuse the run.
echo "Warming up both: ${WARMUP_ROUNDS} rounds of ${WARMUP}s" >&2
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
    run "$PORT" "$WARMUP" >/dev/null || true
    run "$BASE_PORT" "$WARMUP" >/dev/null || true
done

printf "%-5s %-10s %12s %9s %12s %9s %9s\n" round scenario "this req/s" "p99 ms" "base req/s" "p99 ms" "ratio"
for round in $(seq 1 "$RUNS"); do
    # Alternate which build goes first, so neither always runs on a warmer or cooler machine.
    if [ $((round % 2)) = 1 ]; then
        read -r rps p99 <<<"$(run "$PORT" "$DURATION")"
        read -r base_rps base_p99 <<<"$(run "$BASE_PORT" "$DURATION")"
    else
        read -r base_rps base_p99 <<<"$(run "$BASE_PORT" "$DURATION")"
        read -r rps p99 <<<"$(run "$PORT" "$DURATION")"
    fi
    ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.3f", a / b }')
    printf "%-5s %-10s %12s %9s %12s %9s %9s\n" "$round" "$SCENARIO" "$rps" "$p99" "$base_rps" "$base_p99" "$ratio"
done
