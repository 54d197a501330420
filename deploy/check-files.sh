#!/usr/bin/env bash
# Checks every deployment file the way the tool that reads it would, without running anything:
#   - compose files: a YAML parser that refuses duplicate keys (as Compose v2 does) and the Compose
#     specification's JSON schema, for every docker-compose*.yml;
#   - Kubernetes manifests (deploy/kubernetes/): strict YAML and the Kubernetes API schema of each kind;
#   - Grafana dashboards: JSON; the monitoring YAML files: strict YAML;
#   - Prometheus configuration and alert rules: promtool (monitoring/test-alerts.sh).
# Needs node and npm (the validators are npm packages pinned in deploy/checks/package-lock.json) and
# promtool (Debian's prometheus package); CI=true installs what is missing with apt-get.
#   usage: deploy/check-files.sh
set -euo pipefail
cd "$(dirname "$0")/.."

install_missing() {
    local missing=()
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    command -v promtool >/dev/null || missing+=(prometheus)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "${CI:-false}" != true ]; then
        echo "deploy/check-files.sh needs: ${missing[*]} (apt-get install ${missing[*]})" >&2
        exit 1
    fi
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_missing

# npm ci only when the lock file changed since the last install: re-runs take no network.
(
    cd deploy/checks
    if ! [ node_modules/.installed -nt package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
        touch node_modules/.installed
    fi
)
node deploy/checks/validate.mjs .
BRIGHT_COUNTER_TEST_REQUIRE_PROMTOOL=true bash monitoring/test-alerts.sh
