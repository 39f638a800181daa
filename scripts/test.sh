#!/usr/bin/env bash
# The one command that installs what the tests need and runs every check and test suite.
# CI runs it through .ci/run with CI=true on a clean clone.
#
# Contract with CI: the LAST line of output is always `tests: N passed, M failed, K skipped`, even
# when a step fails or the script is interrupted, and the exit code is non-zero when any step or
# test failed or when jest ran no tests at all.
#
# Local shortcuts: SKIP_LINT=1 skips format/lint/typecheck (ignored under CI); arguments are passed
# to jest, e.g. `bash scripts/test.sh src/rover` or `bash scripts/test.sh -t deadman`.
# Exports for the test setup files: TEST_POSTGRES_URL, TEST_REDIS_URL, TEST_MQTT_URL, and
# RMC_PG_AVAILABLE=1 or RMC_PG_SKIP_REASON, RMC_REDIS_AVAILABLE=1 or RMC_REDIS_SKIP_REASON,
# RMC_MQTT_AVAILABLE=1 or RMC_MQTT_SKIP_REASON.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/rmc-test.XXXXXX")
jest_json="$work/jest.json"
summary=()
any_failed=0
STEP_NOTE=''

# step <label> <command...>: runs one labelled, timed step and records the outcome for the summary.
# Returns the command's status so the caller decides whether a failure stops the run.
step() {
  local label=$1 start=$EPOCHREALTIME rc=0 result secs
  shift
  STEP_NOTE=''
  printf '\n==> %s\n' "$label"
  "$@" || rc=$?
  secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }')
  if [ "$rc" -eq 0 ]; then
    result="ok${STEP_NOTE:+ ($STEP_NOTE)}"
  else
    result="FAILED (exit $rc)"
    any_failed=1
  fi
  printf '<== %s: %s in %s\n' "$label" "$result" "$secs"
  summary+=("$(printf '  %-16s %7s  %s' "$label" "$secs" "$result")")
  return "$rc"
}

# Runs on every exit path (including set -e aborts and Ctrl-C) so CI always gets its count line.
finish() {
  local rc=$? out summary_rc=0
  trap - EXIT
  printf '\n==== summary ====\n'
  [ "${#summary[@]}" -eq 0 ] || printf '%s\n' "${summary[@]}"
  if [ -n "${RMC_PG_SKIP_REASON:-}" ]; then
    printf '  e2e-postgres: SKIPPED (%s)\n' "$RMC_PG_SKIP_REASON"
  fi
  # Captured so anything the summariser writes to stderr lands above the count line, never below.
  out=$(node scripts/jest-summary.js "$jest_json" 2>&1) || summary_rc=$?
  if [[ "$(printf '%s' "$out" | tail -n 1)" =~ ^tests:\ [0-9]+\ passed,\ [0-9]+\ failed,\ [0-9]+\ skipped$ ]]; then
    printf '%s\n' "$out"
  else
    [ -z "$out" ] || printf '%s\n' "$out"
    echo 'jest-summary did not produce a count; reporting none'
    echo 'tests: 0 passed, 0 failed, 0 skipped'
    summary_rc=1
  fi
  rm -rf "$work"
  if [ "$rc" -ne 0 ] || [ "$any_failed" -ne 0 ] || [ "$summary_rc" -ne 0 ]; then
    exit 1
  fi
  exit 0
}
trap finish EXIT

install_node_modules() {
  rmc_require_node && rmc_ensure_node_modules
}

# Missing tools only fail the run under CI; locally the affected tests report what is missing.
system_packages() {
  rmc_ensure_system_packages && return 0
  rmc_is_ci && return 1
  STEP_NOTE='some tools missing, see warning'
}

services() {
  rmc_ensure_services && return 0
  if rmc_is_ci; then
    echo 'CI=true requires PostgreSQL, Redis and Mosquitto. Start them, or point TEST_POSTGRES_URL/TEST_REDIS_URL/TEST_MQTT_URL at them:' >&2
    # shellcheck disable=SC2016 # printed for the user to run, not expanded here
    echo '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' >&2
    echo '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no' >&2
    echo '  mosquitto -d -c /etc/mosquitto/mosquitto.conf' >&2
    return 1
  fi
  STEP_NOTE='some servers unavailable; their suites are skipped'
}

step install install_node_modules || exit 1
step system-packages system_packages || exit 1
step services services || exit 1

if [ "${SKIP_LINT:-}" = 1 ] && rmc_is_ci; then
  rmc_warn 'SKIP_LINT=1 is ignored under CI'
fi
if [ "${SKIP_LINT:-}" = 1 ] && ! rmc_is_ci; then
  echo 'SKIP_LINT=1: skipping format:check, lint and typecheck'
else
  # Keep going after a failure so one run reports every problem at once.
  step format:check npm run --silent format:check || true
  step lint npm run --silent lint || true
  step typecheck npm run --silent typecheck || true
fi

# The process-level suites spawn the built server (node dist/main.js), as production runs it.
step build npm run --silent build || true
# The rover's firmware must compile for the Uno and fit (flash, and RAM with room for the stack).
step firmware bash firmware/check-compile.sh || true

projects=(unit e2e-sqlite)
if [ "${RMC_PG_AVAILABLE:-}" = 1 ]; then
  projects+=(e2e-postgres)
else
  printf '\ne2e-postgres: SKIPPED (%s)\n' "${RMC_PG_SKIP_REASON:-PostgreSQL unavailable}"
fi
# Human-readable results go to the terminal (stderr); the JSON file is for the count line.
step jest npx jest --selectProjects "${projects[@]}" --ci --json --outputFile="$jest_json" "$@" || true
