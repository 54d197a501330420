#!/usr/bin/env bash
# Start time of the built jar with and without application class-data sharing, the same steps the
# image takes (Spring Boot's "Class Data Sharing"): extract the jar, one training run that stops
# once the context is refreshed and writes the archive, then start with the archive.
#
#   bench/cds-start.sh              # 5 starts of each, alternating, median of Spring's start time
#   RUNS=9 PORT=9610 bench/cds-start.sh
#
# Prints, per start, Spring's "process running for" figure (JVM start to application ready, wall
# clock) and the CPU time the JVM had used by then (user + system, all threads: steadier than wall
# clock on a shared machine), then the medians and their ratios. The journal is off so every start
# does the same work.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-9610}
RUNS=${RUNS:-5}

# JAR=path measures a jar built earlier instead of building one.
if [ -z "${JAR:-}" ]; then
    ./mvnw -q -DskipTests package
fi
jar=${JAR:-$(ls target/bright-counter-*.jar | head -n 1)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app="$work/app/$(basename "$jar")"
args=(--server.port="$PORT" --management.server.port=0 --bright-counter.journal.mode=off)

java -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$app" "${args[@]}" \
    >"$work/training.log" 2>&1

ticks=$(getconf CLK_TCK)
started=0

# start_once [JVM flag...]: starts the extracted application, prints "wall_seconds cpu_seconds".
start_once() {
    local log pid seconds="" cpu
    started=$((started + 1))
    log="$work/run-$started.log"
    java "$@" -jar "$app" "${args[@]}" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 1200); do
        seconds=$(sed -n 's/.*Started .* (process running for \([0-9.]*\)).*/\1/p' "$log")
        [ -n "$seconds" ] && break
        sleep 0.05
    done
    cpu=$(awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$pid/stat")
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    [ -n "$seconds" ] || { cat "$log" >&2; exit 1; }
    echo "$seconds $cpu"
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

plain=()
cds=()
for i in $(seq 1 "$RUNS"); do
    plain+=("$(start_once)")
    cds+=("$(start_once -XX:SharedArchiveFile="$work/app.jsa")")
    echo "run $i: without CDS ${plain[-1]}, with CDS ${cds[-1]} (wall s, cpu s)"
done
for column in 1 2; do
    without=$(printf '%s\n' "${plain[@]}" | cut -d' ' -f"$column" | median)
    with=$(printf '%s\n' "${cds[@]}" | cut -d' ' -f"$column" | median)
    label=$([ "$column" = 1 ] && echo "wall-clock start" || echo "CPU time to start")
    echo "median $label: without CDS ${without} s, with CDS ${with} s, ratio $(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.2f", a / b }')"
done
