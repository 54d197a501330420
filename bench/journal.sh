#!/usr/bin/env bash
# The journal modes side by side: create1 and create100 against three servers, off, write and
# fsync, measured back to back in every round so that their ratios come from the same moment of
# a noisy machine. Then bytes per reading on disk, and recovery speed: the fsync server is killed
# with SIGKILL and restarted (replaying its journal), then stopped gracefully and restarted
# (reading the snapshot written at the stop).
#
#   bench/journal.sh
#   RUNS=3 DURATION=15 bench/journal.sh
#
# Each line also gives the server's processor time per request, user and kernel microseconds
# ("us/req u+s", from /proc), so that a mode's cost shows where it goes.
#
# Servers are pinned to core 0, wrk to core 1, 32 connections, as in bench/load.sh. Ports
# BASE_PORT to BASE_PORT+5 (API and management port per mode).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_PORT=${BASE_PORT:-9110}
RUNS=${RUNS:-2}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
MODES=(off write fsync)
SCENARIOS=(create1 create100)

. bench/server.sh
ensure_wrk
work=$(mktemp -d)
declare -A pid port
cleanup() {
    for mode in "${MODES[@]}"; do
        [ -n "${pid[$mode]:-}" ] && kill -9 "${pid[$mode]}" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

./mvnw -q -DskipTests package
jar=$(ls target/bright-counter-*.jar | head -n 1)

# launch MODE LOG: starts the server of one mode on its journal directory, waits until it answers.
launch() {
    local mode=$1 log=$2 p=${port[$1]}
    mkdir -p "$work/$mode"
    # Snapshots only at a graceful stop, so that the kill below leaves a pure journal to replay.
    # shellcheck disable=SC2086
    taskset -c 0 java ${JAVA_OPTS:-} -jar "$jar" --server.port="$p" --management.server.port=$((p + 1)) \
        --bright-counter.max-stored-readings=1000000000 --bright-counter.journal.mode="$mode" \
        --bright-counter.journal.dir="$work/$mode" --bright-counter.journal.snapshot-after=1TB ${SERVER_ARGS:-} \
        >"$log" 2>&1 &
    pid[$mode]=$!
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$p/api/ping" >/dev/null 2>&1 && return
        sleep 1
    done
    cat "$log" >&2
    exit 1
}

phase=0
# measure MODE SCENARIO SECONDS: prints "req_per_s readings_per_s p50_ms p99_ms" or fails on any error.
measure() {
    local mode=$1 scenario=$2 seconds=$3 out
    phase=$((phase + 1))
    out=$(PHASE=$phase taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency \
        -s "bench/wrk/$scenario.lua" "http://127.0.0.1:${port[$mode]}")
    echo "$out" | awk -v scenario="$scenario" '
        /^RESULT/ {
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            if (v["non2xx"] > 0 || v["socket_errors"] > 0) {
                printf "%s: %d non-2xx responses, %d socket errors: run refused\n", scenario, v["non2xx"], v["socket_errors"] > "/dev/stderr"
                exit 1
            }
            rps = v["requests"] / (v["duration_us"] / 1e6)
            per = (scenario == "create100") ? 100 : 1
            printf "%.0f %.0f %.2f %.2f\n", rps, rps * per, v["p50_us"] / 1000, v["p99_us"] / 1000
            found = 1
        }
        END { if (!found) exit 1 }'
}

# flushes MODE: prints "records flushes" so far, from the journal's group commit meters (0 0 for off).
flushes() {
    curl -fs "http://127.0.0.1:$((${port[$1]} + 1))/actuator/prometheus" | awk '
        /^bright_counter_journal_flush_records_sum / { r = $2 }
        /^bright_counter_journal_flush_records_count / { c = $2 }
        END { printf "%d %d\n", r, c }'
}

# cpu MODE: prints "user system" clock ticks the server of MODE has used so far.
cpu() {
    awk '{ print $14, $15 }' "/proc/${pid[$1]}/stat"
}
ticks=$(getconf CLK_TCK)

stored() {
    curl -fs "http://127.0.0.1:$((${port[$1]} + 1))/actuator/prometheus" | awk '/^bright_counter_readings_stored / { printf "%d\n", $2 }'
}

i=0
for mode in "${MODES[@]}"; do
    port[$mode]=$((BASE_PORT + 2 * i))
    i=$((i + 1))
    launch "$mode" "$work/$mode.log"
done

echo "Warming up: ${WARMUP_ROUNDS} rounds of ${WARMUP}s per scenario and mode" >&2
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
    for scenario in "${SCENARIOS[@]}"; do
        for mode in "${MODES[@]}"; do
            measure "$mode" "$scenario" "$WARMUP" >/dev/null
        done
    done
done

printf "%-5s %-10s %-6s %12s %14s %9s %9s %8s %10s %12s\n" round scenario mode "req/s" "readings/s" "p50 ms" "p99 ms" "x off" "rec/flush" \
    "us/req u+s"
for round in $(seq 1 "$RUNS"); do
    for scenario in "${SCENARIOS[@]}"; do
        off_rps=
        for mode in "${MODES[@]}"; do
            read -r records0 flushes0 <<<"$(flushes "$mode")"
            read -r user0 system0 <<<"$(cpu "$mode")"
            read -r rps readings p50 p99 <<<"$(measure "$mode" "$scenario" "$DURATION")"
            read -r user1 system1 <<<"$(cpu "$mode")"
            read -r records1 flushes1 <<<"$(flushes "$mode")"
            [ -n "$off_rps" ] || off_rps=$rps
            ratio=$(awk -v a="$rps" -v b="$off_rps" 'BEGIN { printf "%.2f", a / b }')
            per=$(awk -v r=$((records1 - records0)) -v f=$((flushes1 - flushes0)) 'BEGIN { if (f > 0) printf "%.1f", r / f; else print "-" }')
            # The server's processor time per request, in user space and in the kernel: where
            # a mode's cost goes (the kernel's share grows with fdatasync and with threads
            # put to sleep and woken for the flush).
            used=$(awk -v u=$((user1 - user0)) -v s=$((system1 - system0)) -v hz="$ticks" -v n="$rps" -v d="$DURATION" \
                'BEGIN { r = n * d; printf "%.0f+%.0f", u / hz * 1e6 / r, s / hz * 1e6 / r }')
            printf "%-5s %-10s %-6s %12s %14s %9s %9s %8s %10s %12s\n" "$round" "$scenario" "$mode" "$rps" "$readings" "$p50" "$p99" "$ratio" "$per" "$used"
        done
    done
done

echo
for mode in write fsync; do
    readings=$(stored "$mode")
    bytes=$(du -sb "$work/$mode" | awk '{ print $1 }')
    printf "journal %-6s %d readings in %d bytes: %.2f bytes a reading\n" "$mode" "$readings" "$bytes" \
        "$(awk -v a="$bytes" -v b="$readings" 'BEGIN { print a / b }')"
done

# Recovery: SIGKILL leaves the journal alone; a graceful stop leaves one snapshot and an empty segment.
kill -9 "${pid[fsync]}"
wait "${pid[fsync]}" 2>/dev/null || true
kill -9 "${pid[off]}" "${pid[write]}" 2>/dev/null || true
launch fsync "$work/replay.log"
grep -o 'Recovered .*' "$work/replay.log" | sed 's/^/from journal:  /'
kill "${pid[fsync]}"
wait "${pid[fsync]}" 2>/dev/null || true
grep -o 'Snapshot (shutdown).*' "$work/replay.log" | sed 's/^/snapshot:      /'
ls -l "$work/fsync" | awk '/snap/ { print "snapshot file: " $5 " bytes" }'
launch fsync "$work/snapshot.log"
grep -o 'Recovered .*' "$work/snapshot.log" | sed 's/^/from snapshot: /'
