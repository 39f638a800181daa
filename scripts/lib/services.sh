# shellcheck shell=bash
# Shared helpers for scripts/test.sh and scripts/start.sh: Node dependencies, the system packages the
# tests drive, and the local PostgreSQL/Redis the e2e suites talk to. Sourced, never executed, so it
# only defines functions; callers own `set -euo pipefail` and decide what is fatal.

rmc_is_ci() {
  case "${CI:-}" in true | 1 | yes) return 0 ;; *) return 1 ;; esac
}

rmc_log() { printf '%s\n' "$*"; }
rmc_warn() { printf 'WARNING: %s\n' "$*" >&2; }

# --- Node dependencies -----------------------------------------------------------------------------

rmc_require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo 'node and npm are required (Node 20.18+): https://nodejs.org/' >&2
    return 1
  fi
}

# npm writes node_modules/.package-lock.json on every install, so a lockfile newer than it means
# someone changed dependencies since the last install. CI always installs from scratch so that a
# stale or hand-patched node_modules can never make a run green.
rmc_ensure_node_modules() {
  local reason=''
  if rmc_is_ci; then
    reason='CI=true'
  elif [ ! -d node_modules ]; then
    reason='node_modules is missing'
  elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
    reason='package-lock.json changed since the last install'
  fi
  if [ -z "$reason" ]; then
    rmc_log 'node_modules is up to date; skipping npm ci'
    return 0
  fi
  rmc_log "npm ci ($reason; better-sqlite3 compiles from source, ~1 min)"
  npm ci --no-audit --no-fund
}

# --- System packages -------------------------------------------------------------------------------

# One line per tool the tests need: "<command or absolute path> <debian package>".
RMC_SYSTEM_PACKAGES=(
  'socat socat' # pty pairs that stand in for the rover's serial port
  'chromium chromium' # headless browser for the operator console's end-to-end tests
  'arduino-builder arduino-builder' # the Arduino toolchain (API.md §7) ...
  '/usr/share/arduino/hardware/arduino/avr/boards.txt arduino-core-avr' # ... its AVR core
  'avrdude avrdude' # ... and the uploader
  'simavr simavr' # the simulated Uno the upload tests flash (tools/simavr-uno) ...
  '/usr/include/simavr/sim_avr.h libsimavr-dev' # ... built against libsimavr
  '/usr/include/libelf.h libelf-dev'
  'avr-gcc gcc-avr' # ... with its bootloader built from Debian's optiboot source
  '/usr/lib/avr/include/avr/io.h avr-libc'
  'gcc gcc'
  '/usr/sbin/mosquitto mosquitto' # the MQTT broker of the fleet's one process-level VDA 5050 test
  'openssl openssl' # a throwaway certificate for the MQTT-over-TLS test
)

# A command on PATH, or a file that exists when the entry names an absolute path.
rmc_have() {
  case $1 in
  /*) [ -e "$1" ] ;;
  *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

rmc_can_apt() {
  command -v apt-get >/dev/null 2>&1 || return 1
  [ "$(id -u)" = 0 ] && return 0
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null
}

rmc_apt_get() {
  if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo -n apt-get "$@"; fi
}

# Installs whatever is missing in one apt transaction. Returns non-zero when something is still
# missing afterwards; the caller decides whether that is fatal (it is under CI).
rmc_ensure_system_packages() {
  local entry cmd pkg missing_cmds=() missing_pkgs=()
  for entry in "${RMC_SYSTEM_PACKAGES[@]}"; do
    read -r cmd pkg <<<"$entry"
    if ! rmc_have "$cmd"; then
      missing_cmds+=("$cmd")
      missing_pkgs+=("$pkg")
    fi
  done
  if [ "${#missing_cmds[@]}" -eq 0 ]; then
    rmc_log "system packages present (${#RMC_SYSTEM_PACKAGES[@]} checked)"
    return 0
  fi
  if rmc_can_apt; then
    rmc_log "installing system packages: ${missing_pkgs[*]}"
    if ! { rmc_apt_get update -qq &&
      DEBIAN_FRONTEND=noninteractive rmc_apt_get install -y -qq "${missing_pkgs[@]}" >/dev/null; }; then
      rmc_warn "apt-get install ${missing_pkgs[*]} failed"
    fi
  fi
  local still=()
  for cmd in "${missing_cmds[@]}"; do
    rmc_have "$cmd" || still+=("$cmd")
  done
  if [ "${#still[@]}" -gt 0 ]; then
    rmc_warn "missing tools: ${still[*]}. Install them (Debian/Ubuntu: apt-get install ${missing_pkgs[*]});" \
      'tests that need them will fail or be skipped.'
    return 1
  fi
}

# --- Backing services ------------------------------------------------------------------------------

# Prints "host port" from a URL such as postgres://user:pw@host:5432/db (IPv6 brackets kept off).
rmc_url_host_port() {
  local url=$1 default_port=$2 rest host port
  rest=${url#*://}
  rest=${rest%%/*}
  rest=${rest##*@}
  if [[ $rest =~ ^\[([^]]*)\](:([0-9]+))?$ ]]; then
    host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]}
  elif [[ $rest =~ ^([^:]*)(:([0-9]+))?$ ]]; then
    host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]}
  fi
  printf '%s %s\n' "${host:-127.0.0.1}" "${port:-$default_port}"
}

# Keeps passwords in test URLs out of logs.
rmc_redact() {
  printf '%s\n' "$1" | sed -E 's#(://[^:@/]*):[^@/]*@#\1:***@#'
}

rmc_is_local_host() {
  case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac
}

# Bash's /dev/tcp is the fallback when the client binaries are not installed.
rmc_tcp_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

rmc_pg_probe() {
  local host port
  read -r host port < <(rmc_url_host_port "$TEST_POSTGRES_URL" 5432)
  if command -v pg_isready >/dev/null 2>&1; then
    # -d takes the whole URL, so user and database are checked too, not just the socket.
    pg_isready -q -t 3 -d "$TEST_POSTGRES_URL" >/dev/null 2>&1
  else
    rmc_tcp_open "$host" "$port"
  fi
}

rmc_redis_probe() {
  local host port
  read -r host port < <(rmc_url_host_port "$TEST_REDIS_URL" 6379)
  if command -v redis-cli >/dev/null 2>&1; then
    timeout 3 redis-cli -u "$TEST_REDIS_URL" ping 2>/dev/null | grep -q PONG
  else
    # Speak just enough RESP to tell Redis from any other listener; NOAUTH still means "up".
    timeout 3 bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "PING\r\n" >&3
      IFS= read -r -t 2 reply <&3 || exit 1
      case "$reply" in +PONG* | -NOAUTH*) exit 0 ;; *) exit 1 ;; esac
    ' "$host" "$port" 2>/dev/null
  fi
}

rmc_pg_start() {
  local host port version
  read -r host port < <(rmc_url_host_port "$TEST_POSTGRES_URL" 5432)
  rmc_is_local_host "$host" || return 1
  command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] || return 1
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  rmc_log "starting PostgreSQL $version (cluster main)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
}

rmc_redis_start() {
  local host port
  read -r host port < <(rmc_url_host_port "$TEST_REDIS_URL" 6379)
  rmc_is_local_host "$host" || return 1
  command -v redis-server >/dev/null 2>&1 || return 1
  rmc_log "starting redis-server on 127.0.0.1:$port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no >/dev/null || true
}

# An MQTT CONNACK that accepts, not just an open port: CONNECT (MQTT 3.1.1, clean session, empty
# client id, anonymous, as the tests connect).
rmc_mqtt_probe() {
  local host port
  read -r host port < <(rmc_url_host_port "$TEST_MQTT_URL" 1883)
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x10\x0c\x00\x04MQTT\x04\x02\x00\x3c\x00\x00" >&3
    reply=$(head -c 4 <&3 | od -An -tx1 | tr -d " \n")
    [ "$reply" = 20020000 ] # CONNACK, return code 0: accepted
  ' "$host" "$port" 2>/dev/null
}

rmc_mqtt_start() {
  local host port
  read -r host port < <(rmc_url_host_port "$TEST_MQTT_URL" 1883)
  rmc_is_local_host "$host" || return 1
  [ -x /usr/sbin/mosquitto ] || return 1
  rmc_log "starting mosquitto on 127.0.0.1:$port"
  if [ "$port" = 1883 ] && [ -f /etc/mosquitto/mosquitto.conf ]; then
    /usr/sbin/mosquitto -d -c /etc/mosquitto/mosquitto.conf >/dev/null 2>&1 || true
  else
    /usr/sbin/mosquitto -d -p "$port" >/dev/null 2>&1 || true
  fi
}

# rmc_wait_for <probe-fn> <seconds>
rmc_wait_for() {
  local probe=$1 deadline=$((SECONDS + $2))
  while ! "$probe"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# rmc_ensure_service <label> <probe-fn> <start-fn> <VAR prefix>
# Exports <PREFIX>_AVAILABLE=1, or <PREFIX>_SKIP_REASON=... so test setup files can skip with a
# reason instead of timing out. Never stops or restarts a server that is already answering.
rmc_ensure_service() {
  local label=$1 probe=$2 start=$3 prefix=$4 url
  url=$(rmc_redact "$5")
  unset "${prefix}_AVAILABLE" "${prefix}_SKIP_REASON"
  if ! "$probe"; then
    local wait=${RMC_SERVICE_WAIT_SECONDS:-15} why
    if "$start"; then
      rmc_wait_for "$probe" "$wait" || why="$label is not reachable at $url (started it, waited ${wait}s)"
    else
      why="$label is not reachable at $url (could not start it from here)"
    fi
    if [ -n "${why:-}" ]; then
      export "${prefix}_SKIP_REASON=$why"
      rmc_warn "$why"
      return 1
    fi
  fi
  export "${prefix}_AVAILABLE=1"
  rmc_log "$label: up at $url"
}

rmc_ensure_services() {
  export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}
  export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379}
  export TEST_MQTT_URL=${TEST_MQTT_URL:-mqtt://127.0.0.1:1883}
  local rc=0
  rmc_ensure_service PostgreSQL rmc_pg_probe rmc_pg_start RMC_PG "$TEST_POSTGRES_URL" || rc=1
  rmc_ensure_service Redis rmc_redis_probe rmc_redis_start RMC_REDIS "$TEST_REDIS_URL" || rc=1
  rmc_ensure_service Mosquitto rmc_mqtt_probe rmc_mqtt_start RMC_MQTT "$TEST_MQTT_URL" || rc=1
  return "$rc"
}
