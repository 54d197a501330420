#!/usr/bin/env bash
# The container tier: builds the image from a clean export of the committed tree and runs it the way
# docker-compose.yml does (read-only root, /data volume, no capabilities, user 10001), checking it
# from outside:
#   ping; a create and its totals; the user the service runs as; readiness through the image's own
#   HEALTHCHECK command; counts kept across a restart and across a SIGKILL; a SIGTERM that still
#   answers a create whose body is arriving; the class-data sharing archive in use (classes loaded
#   from it, start time with and without it); then `podman-compose up` on docker-compose.yml with
#   the same outside checks, counts kept across `down` and `up`, and `down -v`.
# The container engine is podman (`../shared/tools/container-base.sh` installs it and stand-ins for
# the base images where no registry serves them); podman-compose comes from Debian.
#   usage: deploy/container-checks.sh [--worktree]   (--worktree: build the working tree as it is)
# Every container, volume and temporary file it makes is removed on exit, so it can run again.
set -euo pipefail
cd "$(dirname "$0")/.."

image=bright-counter:checks
prefix=bright-counter-checks
api_port=${CHECKS_API_PORT:-19000}
management_port=${CHECKS_MANAGEMENT_PORT:-19001}
# Generous: a loaded two-core machine starts the JVM slowly, and a restart includes a 5 s drain.
start_timeout=${CHECKS_START_TIMEOUT:-180}
container_base=${CONTAINER_BASE:-../shared/tools/container-base.sh}
# podman builds OCI images unless told otherwise, and the OCI format has no HEALTHCHECK.
export BUILDAH_FORMAT=docker

work=$(mktemp -d)
started=$(date +%s)
log() { printf '[container-checks %4ds] %s\n' $(($(date +%s) - started)) "$*"; }
fail() {
    printf '[container-checks] FAILED: %s\n' "$*" >&2
    exit 1
}

cleanup() {
    local status=$?
    if [ $status -ne 0 ]; then
        for name in $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^$prefix" || true); do
            echo "--- last log lines of $name ---" >&2
            podman logs --tail 40 "$name" >&2 2>&1 || true
        done
    fi
    podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^$prefix" | xargs -r podman rm -f -v -t 0 >/dev/null 2>&1 || true
    if [ -f docker-compose.yml ] && command -v podman-compose >/dev/null; then
        podman-compose -p "$prefix" -f docker-compose.yml down -v >/dev/null 2>&1 || true
    fi
    podman volume ls --format '{{.Name}}' 2>/dev/null | grep "^$prefix" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT

# --- the engine -----------------------------------------------------------------------------------
[ -f "$container_base" ] || fail "$container_base not found (set CONTAINER_BASE to the script that installs podman)"
bash "$container_base"
if ! command -v podman-compose >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman-compose >/dev/null
fi
command -v curl >/dev/null || fail "curl is needed"
# Leftovers of an interrupted run.
cleanup_leftovers() {
    podman ps -a --format '{{.Names}}' | grep "^$prefix" | xargs -r podman rm -f -v -t 0 >/dev/null || true
    podman-compose -p "$prefix" -f docker-compose.yml down -v >/dev/null 2>&1 || true
    podman volume ls --format '{{.Name}}' | grep "^$prefix" | xargs -r podman volume rm -f >/dev/null || true
}
cleanup_leftovers

# --- helpers --------------------------------------------------------------------------------------
# Without systemd podman cannot put the HEALTHCHECK on a timer and says so at every start and stop;
# the checks run the command themselves (podman healthcheck run), so that noise is dropped.
podman() {
    command podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2)
}
device=$(cat /proc/sys/kernel/random/uuid)
# Version 4, variant 8: what the contract accepts.
device=${device:0:14}4${device:15:4}8${device:20}

http() { # http METHOD URL [curl args...]: prints "STATUS BODY"
    local method=$1 url=$2
    shift 2
    curl -sS -o "$work/body" -w '%{http_code}' -X "$method" --max-time 60 "$@" "$url" >"$work/status" || echo -n 000 >"$work/status"
    echo "$(cat "$work/status") $(cat "$work/body" 2>/dev/null)"
}

expect() { # expect WHAT EXPECTED ACTUAL
    [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
    log "ok: $1"
}

wait_ready() { # wait_ready MANAGEMENT_PORT CONTAINER: polls readiness until 200
    local deadline=$(($(date +%s) + start_timeout))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$1/actuator/health/readiness" || true)" = 200 ]; do
        if [ "$(podman inspect --format '{{.State.Running}}' "$2" 2>/dev/null)" != true ]; then
            fail "$2 stopped before it was ready (exit code $(podman inspect --format '{{.State.ExitCode}}' "$2" 2>/dev/null))"
        fi
        [ "$(date +%s)" -lt "$deadline" ] || fail "$2 not ready on port $1 within ${start_timeout}s"
        sleep 0.5
    done
}

wait_stopped() { # wait_stopped CONTAINER SECONDS
    local deadline=$(($(date +%s) + $2))
    while [ "$(podman inspect --format '{{.State.Running}}' "$1")" = true ]; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "$1 still running ${2}s after the stop"
        sleep 0.5
    done
}

create() { # create API_PORT SECONDS...: one reading per given second of 2024-01-01T00:00
    local readings=() second
    for second in "${@:2}"; do
        readings+=("{\"count\": 1, \"timestamp\": \"2024-01-01T00:00:$(printf %02d "$second")Z\"}")
    done
    local IFS=,
    http POST "http://127.0.0.1:$1/api/device-readings/create" -H 'Content-Type: application/json' \
        -d "{\"id\": \"$device\", \"readings\": [${readings[*]}]}"
}

count() { # count API_PORT: the device's cumulative count
    http GET "http://127.0.0.1:$1/api/device-readings/$device/cumulative-count"
}

check_running_service() { # check_running_service CONTAINER API_PORT MANAGEMENT_PORT
    local name=$1 api=$2 management=$3
    expect "ping" '200 {"status":"ok"}' "$(http GET "http://127.0.0.1:$api/api/ping")"
    expect "the service runs as user 10001" 10001 "$(podman exec "$name" awk '/^Uid:/ {print $2}' /proc/1/status)"
    expect "the root file system is read-only" refused \
        "$(podman exec "$name" sh -c 'touch /app/written 2>/dev/null && echo written || echo refused')"
    expect "no capabilities" 0000000000000000 "$(podman exec "$name" awk '/^CapEff:/ {print $2}' /proc/1/status)"
    podman healthcheck run "$name" >/dev/null 2>&1 || fail "the image's HEALTHCHECK command reports $name unhealthy while readiness answers 200"
    log "ok: the image's HEALTHCHECK command reports ready"
}

# --- the image ------------------------------------------------------------------------------------
if [ "${1:-}" = --worktree ]; then
    context=.
    log "building the working tree as it is"
else
    # Only what is committed: a file the build needs but nobody committed fails here as in CI.
    context=$work/context
    mkdir -p "$context"
    git archive HEAD | tar -x -C "$context"
    log "building a clean export of $(git rev-parse --short HEAD)"
fi
build_started=$(date +%s)
podman build --network host -t "$image" "$context" >"$work/build.log" 2>&1 || {
    tail -n 60 "$work/build.log" >&2
    fail "podman build failed (the last lines of its output are above)"
}
build_seconds=$(($(date +%s) - build_started))
size_mb=$(($(podman image inspect --format '{{.Size}}' "$image") / 1000000))
log "image built in ${build_seconds}s, ${size_mb} MB"
podman image inspect --format '{{.Config.Healthcheck}}' "$image" | grep -q actuator/health/readiness \
    || fail "the image has no HEALTHCHECK (built in the OCI format?)"

# --- the image, run as compose runs it ------------------------------------------------------------
name=$prefix-service
volume=$prefix-data
run_service() {
    podman run -d --name "$name" --read-only --tmpfs /tmp --cap-drop ALL \
        --security-opt no-new-privileges --memory 1g --stop-timeout 40 \
        -v "$volume:/data" -e MANAGEMENT_SERVER_ADDRESS=0.0.0.0 \
        -p "127.0.0.1:$api_port:9000" -p "127.0.0.1:$management_port:9001" "$image" >/dev/null
}
run_service
wait_ready "$management_port" "$name"
log "started: $(podman logs "$name" 2>&1 | grep -o 'Started .* in .*' | head -n 1)"
check_running_service "$name" "$api_port" "$management_port"
expect "create" '201 {"status":"ok"}' "$(create "$api_port" 1 2 3)"
expect "its total" '200 {"cumulative_count":3}' "$(count "$api_port")"

podman restart "$name" >/dev/null
wait_ready "$management_port" "$name"
expect "counts kept across a restart" '200 {"cumulative_count":3}' "$(count "$api_port")"

expect "create before SIGKILL" '201 {"status":"ok"}' "$(create "$api_port" 4)"
podman kill --signal KILL "$name" >/dev/null
wait_stopped "$name" 30
podman start "$name" >/dev/null
wait_ready "$management_port" "$name"
expect "counts kept across a SIGKILL" '200 {"cumulative_count":4}' "$(count "$api_port")"

# SIGTERM while a create's body is still arriving (one reading a second, within the 10 s silence
# and 30 s body limits): the drain answers it, and it is kept.
{
    printf '{"id": "%s", "readings": [' "$device"
    for second in 10 11 12 13 14 15 16 17; do
        printf '{"count": 1, "timestamp": "2024-01-01T00:00:%sZ"},' "$second"
        sleep 1
    done
    printf '{"count": 1, "timestamp": "2024-01-01T00:00:18Z"}]}'
} | curl -sS -o "$work/slow-body" -w '%{http_code}' --max-time 60 -T - -X POST \
    -H 'Content-Type: application/json' "http://127.0.0.1:$api_port/api/device-readings/create" \
    >"$work/slow-status" 2>"$work/slow-error" &
slow=$!
sleep 2
kill -0 $slow 2>/dev/null || fail "the slow create ended before the stop: $(cat "$work/slow-status" "$work/slow-error")"
stop_started=$(date +%s)
podman stop -t 40 "$name" >/dev/null &
stopping=$!
wait $slow || true
expect "a create in flight during SIGTERM is answered" '201 {"status":"ok"}' \
    "$(cat "$work/slow-status") $(tr -d ' ' <"$work/slow-body")"
wait $stopping || fail "podman stop failed"
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
[ "$exit_code" != 137 ] || fail "the service did not stop within the 40 s grace period and was killed"
log "ok: stopped on SIGTERM in $(($(date +%s) - stop_started))s, exit code $exit_code"
podman start "$name" >/dev/null
wait_ready "$management_port" "$name"
expect "the create answered during the drain is kept" '200 {"cumulative_count":13}' "$(count "$api_port")"
podman rm -f -v -t 0 "$name" >/dev/null
podman volume rm -f "$volume" >/dev/null

# --- class-data sharing ---------------------------------------------------------------------------
# In use: the classes loaded from the archive's top (dynamic) layer. An archive that no longer
# matches the jar is silently ignored by the JVM, so this is the only proof it helps.
podman run --rm --read-only --tmpfs /tmp --cap-drop ALL -e BRIGHT_COUNTER_JOURNAL_MODE=off \
    -e JAVA_TOOL_OPTIONS='-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dspring.context.exit=onRefresh -Xlog:class+load=info' \
    "$image" >"$work/class-load.log" 2>&1 || true
from_archive=$(grep -c 'source: shared objects file (top)' "$work/class-load.log" || true)
[ "$from_archive" -gt 1000 ] || fail "the CDS archive is not used: $from_archive classes loaded from it"
log "ok: CDS archive in use, $from_archive classes loaded from it"

start_seconds() { # start_seconds [ENTRYPOINT ARGS...]: the service's own start time, from its log
    local run=$prefix-start
    podman run -d --name "$run" --read-only --tmpfs /tmp --cap-drop ALL --memory 1g \
        -e BRIGHT_COUNTER_JOURNAL_MODE=off "$@" >/dev/null
    local deadline=$(($(date +%s) + start_timeout))
    until podman logs "$run" 2>&1 | grep -q 'Started .* (process running for'; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "$run did not start within ${start_timeout}s"
        sleep 0.5
    done
    podman logs "$run" 2>&1 | sed -n 's/.*(process running for \([0-9.]*\)).*/\1/p' | head -n 1
    podman rm -f -v -t 0 "$run" >/dev/null
}
with_cds=()
without_cds=()
for _ in 1 2; do
    with_cds+=("$(start_seconds "$image")")
    without_cds+=("$(start_seconds --entrypoint java "$image" -jar application.jar)")
done
log "start time (JVM start to ready, s) with the CDS archive: ${with_cds[*]}; without it: ${without_cds[*]}"

# --- compose --------------------------------------------------------------------------------------
# docker-compose.yml as it is, on the image just built (compose would build the same tree).
compose=(podman-compose -p "$prefix" -f docker-compose.yml)
for port in 9000 9001; do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "port $port is taken: docker-compose.yml publishes it"
done
podman tag "$image" bright-counter:latest
"${compose[@]}" up -d >"$work/compose.log" 2>&1 || {
    cat "$work/compose.log" >&2
    fail "podman-compose up failed"
}
service=$(podman ps --format '{{.Names}}' | grep "^${prefix}_bright-counter" | head -n 1)
[ -n "$service" ] || fail "podman-compose up started no bright-counter container"
wait_ready 9001 "$service"
check_running_service "$service" 9000 9001
expect "compose: read-only root, the named volume on /data, 1 GiB limit" "true ${prefix}_bright-counter-data 1073741824" \
    "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}} {{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}} {{.HostConfig.Memory}}' "$service")"
expect "compose: create" '201 {"status":"ok"}' "$(create 9000 30 31)"
expect "compose: its total" '200 {"cumulative_count":2}' "$(count 9000)"
"${compose[@]}" down >/dev/null 2>&1 || fail "podman-compose down failed"
"${compose[@]}" up -d >/dev/null 2>&1 || fail "podman-compose up (again) failed"
service=$(podman ps --format '{{.Names}}' | grep "^${prefix}_bright-counter" | head -n 1)
wait_ready 9001 "$service"
expect "compose: counts kept across down and up" '200 {"cumulative_count":2}' "$(count 9000)"
"${compose[@]}" down -v >/dev/null 2>&1 || fail "podman-compose down -v failed"

log "all container checks passed (image ${size_mb} MB, built in ${build_seconds}s)"
