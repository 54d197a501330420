# Shared by the load scripts (sourced, not run): wrk installed, the jar built, and the service
# started on core 0 and answering pings.

# Installs wrk from Debian's packages when it is missing and we may.
ensure_wrk() {
    command -v wrk >/dev/null && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is needed: apt-get install wrk" >&2
        exit 1
    fi
}

# start_server LOG [ARG...]: builds the jar (or takes $JAR as built), starts it pinned to core 0 with $JAVA, $JAVA_OPTS, the
# given arguments and $SERVER_ARGS on $PORT, sets $server to its pid, and waits until it answers.
# The in-memory store journals in $JOURNAL_MODE (default fsync, the service's default) to LOG.journal,
# a directory of its own: a run never reads another run's readings, nor writes into ./data.
start_server() {
    local log=$1
    shift
    local jar=${JAR:-}
    if [ -z "$jar" ]; then
        ./mvnw -q -DskipTests package
        jar=$(ls target/bright-counter-*.jar | head -n 1)
    fi
    # shellcheck disable=SC2086
    taskset -c 0 "${JAVA:-java}" ${JAVA_OPTS:-} "$@" -jar "$jar" --server.port="$PORT" --management.server.port=0 \
        --bright-counter.journal.mode="${JOURNAL_MODE:-fsync}" --bright-counter.journal.dir="$log.journal" \
        ${SERVER_ARGS:-} >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 60); do
        curl -fs "http://127.0.0.1:$PORT/api/ping" >/dev/null 2>&1 && return
        sleep 1
    done
    cat "$log" >&2
    exit 1
}
