#!/usr/bin/env bash
# Checks the compose Prometheus's configuration and alert rules with promtool, then runs the rules'
# unit tests (alerts-test.yml). ./mvnw verify runs this script.
#
# promtool comes with Debian's `prometheus` package (.ci/run installs it). Without it the checks
# are skipped with a message, except when BRIGHT_COUNTER_TEST_REQUIRE_PROMTOOL=true (set by CI),
# where a missing promtool fails the build.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null; then
    if [ "${BRIGHT_COUNTER_TEST_REQUIRE_PROMTOOL:-false}" = true ]; then
        echo "promtool is required (BRIGHT_COUNTER_TEST_REQUIRE_PROMTOOL=true) but not installed: apt-get install prometheus" >&2
        exit 1
    fi
    echo "SKIPPED monitoring checks: promtool not installed (apt-get install prometheus to run them)"
    exit 0
fi
promtool check config prometheus.yml
promtool check rules alerts.yml
promtool test rules alerts-test.yml
