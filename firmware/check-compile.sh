#!/usr/bin/env bash
# Compiles firmware/rover for the Uno with whichever Arduino toolchain is on PATH (arduino-cli
# first, as the server's compile endpoint does, else Debian's arduino-builder), prints the flash
# and RAM figures, and fails when:
#   - neither toolchain exists, or the compile fails;
#   - the compiler warns about the sketch itself (the Arduino core's own warnings are not ours);
#   - global variables take RAM_LIMIT_PCT (default 75) % of RAM or more, leaving too little stack.
#
# Environment: FQBN (default arduino:avr:uno), RAM_LIMIT_PCT, ARDUINO_HARDWARE_DIR (default
# /usr/share/arduino/hardware), ARDUINO_BUILDER_DIR (default /usr/share/arduino-builder).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sketch_dir="$script_dir/rover"
sketch="$sketch_dir/rover.ino"
fqbn="${FQBN:-arduino:avr:uno}"
ram_limit_pct="${RAM_LIMIT_PCT:-75}"
hardware_dir="${ARDUINO_HARDWARE_DIR:-/usr/share/arduino/hardware}"
builder_dir="${ARDUINO_BUILDER_DIR:-/usr/share/arduino-builder}"

fail() {
  echo "check-compile: $*" >&2
  exit 1
}

[[ -f "$sketch" ]] || fail "sketch not found: $sketch"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/compile.log"

if command -v arduino-cli >/dev/null 2>&1; then
  tool=arduino-cli
  args=(compile --fqbn "$fqbn" --warnings all --build-path "$work/build" "$sketch_dir")
  echo "check-compile: arduino-cli ${args[*]}"
  if ! arduino-cli "${args[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    fail "compile failed with arduino-cli (is the core installed? arduino-cli core install ${fqbn%:*})"
  fi
elif command -v arduino-builder >/dev/null 2>&1; then
  tool=arduino-builder
  [[ -d "$hardware_dir/arduino/avr" ]] ||
    fail "no AVR core under $hardware_dir (apt-get install arduino-core-avr)"
  [[ -f "$builder_dir/platform.txt" ]] || fail "no $builder_dir/platform.txt (apt-get install arduino-builder)"
  mkdir -p "$work/build" # arduino-builder refuses a build path that does not exist
  # gcc-avr 5.4's C++ headers lack DECIMAL_DIG, which the Debian core's headers use.
  args=(
    -hardware "$hardware_dir" -hardware "$builder_dir" -tools "$builder_dir"
    -fqbn "$fqbn" -prefs=compiler.cpp.extra_flags=-DDECIMAL_DIG=__DECIMAL_DIG__
    -build-path "$work/build" -warnings all -logger machine "$sketch"
  )
  echo "check-compile: arduino-builder ${args[*]}"
  if ! arduino-builder "${args[@]}" >"$log" 2>&1; then
    grep -v '^===info ||| Progress' "$log" >&2 || true
    fail "compile failed with arduino-builder"
  fi
else
  fail "neither arduino-cli nor arduino-builder is on PATH (Debian: apt-get install arduino-builder arduino-core-avr)"
fi

# The builder's machine logger prints a template and its values: "... {0} bytes ({2}%%) ... ||| [a b c]".
size_lines="$(awk -F' \\|\\|\\| ' '
  /^===info \|\|\| (Sketch uses|Global variables use)/ {
    text = $2; values = $3; gsub(/[][]/, "", values); n = split(values, v, " ")
    for (i = 1; i <= n; i++) gsub("\\{" (i - 1) "\\}", v[i], text)
    gsub(/%%/, "%", text); print text; next
  }
  /^(Sketch uses|Global variables use)/ { print }
' "$log")"
[[ -n "$size_lines" ]] || {
  cat "$log" >&2
  fail "$tool printed no size lines"
}
echo "$size_lines"

sketch_warnings="$(grep -E "rover\.ino(\.cpp)?:[0-9]+(:[0-9]+)?: warning:" "$log" || true)"
if [[ -n "$sketch_warnings" ]]; then
  echo "$sketch_warnings" >&2
  fail "the sketch compiles with warnings"
fi

read -r ram_used ram_max < <(sed -nE 's/^Global variables use ([0-9]+) bytes.*Maximum is ([0-9]+) bytes.*/\1 \2/p' <<<"$size_lines")
[[ -n "${ram_used:-}" && -n "${ram_max:-}" ]] || fail "could not read the RAM figures"
if ((ram_used * 100 >= ram_max * ram_limit_pct)); then
  fail "global variables use $ram_used of $ram_max bytes: at or above the ${ram_limit_pct} % limit"
fi
echo "check-compile: OK ($tool, $fqbn)"
