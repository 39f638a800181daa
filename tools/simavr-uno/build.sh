#!/usr/bin/env bash
# Builds the simulated Arduino Uno into tools/simavr-uno/build/:
#   simavr-uno              the harness (harness.c on libsimavr), with gcc
#   optiboot_atmega328.hex  the Uno's bootloader, from Debian's own optiboot.c, with gcc-avr
# Each is rebuilt only when its source (or this script) is newer. Prints the harness's path on
# stdout; exits 3, naming the Debian packages to install, when it cannot build.
#
# Why build Optiboot: Debian's prebuilt optiboot_atmega328.hex (arduino-core-avr 1.8.7) came out of
# gcc-avr 5.4 at 532 bytes, too big for the 512-byte boot section: it runs past the end of the
# 32 KiB flash and its .version word overwrites one of its instructions, so it cannot run (see
# load_bootloader() in harness.c). The same source, defines and link addresses with a few size
# flags make 500 bytes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
self="$here/$(basename "${BASH_SOURCE[0]}")"
src="$here/harness.c"
out_dir="$here/build"
out="$out_dir/simavr-uno"
optiboot_src_dir="${OPTIBOOT_SRC_DIR:-/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot}"
optiboot_src="$optiboot_src_dir/optiboot.c"
optiboot_hex="$out_dir/optiboot_atmega328.hex"

missing() {
  echo "simavr-uno: cannot build: $1." >&2
  echo "simavr-uno: install the Debian packages: apt-get install $2" >&2
  exit 3
}
harness_packages="simavr libsimavr-dev libelf-dev gcc"
optiboot_packages="gcc-avr avr-libc arduino-core-avr"

# "$1 is newer than every other argument" (and exists)
up_to_date() {
  local target="$1" dep
  shift
  [[ -s "$target" ]] || return 1
  for dep in "$@"; do [[ "$target" -nt "$dep" ]] || return 1; done
}

mkdir -p "$out_dir"
tmp_files=()
cleanup() { rm -f "${tmp_files[@]+"${tmp_files[@]}"}"; }
trap cleanup EXIT

# --- the harness -----------------------------------------------------------------------------
build_harness() {
  command -v gcc >/dev/null 2>&1 || missing "gcc is not installed" "$harness_packages"
  local simavr_cflags simavr_libs
  if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists simavr 2>/dev/null; then
    read -r -a simavr_cflags <<<"$(pkg-config --cflags simavr)"
    read -r -a simavr_libs <<<"$(pkg-config --libs simavr)"
  else
    simavr_cflags=(-I/usr/include/simavr)
    simavr_libs=(-lsimavr)
  fi
  # uart_pty.h is in the parts directory (simavrparts.pc would add it, but it also requires
  # OpenGL's gl.pc, which a headless machine may not have).
  local include_dirs=(/usr/include/simavr /usr/include/simavr/parts) flag
  for flag in "${simavr_cflags[@]}"; do
    if [[ "$flag" == -I* ]]; then include_dirs+=("${flag#-I}"); fi
  done
  have_header() {
    local dir
    for dir in "${include_dirs[@]}"; do [[ -f "$dir/$1" ]] && return 0; done
    return 1
  }
  have_header sim_avr.h || missing "the libsimavr headers (sim_avr.h) are not installed" "$harness_packages"
  have_header uart_pty.h || missing "libsimavr's parts/uart_pty.h is not installed" "$harness_packages"

  local tmp="$out.tmp.$$" log="$out_dir/build.log"
  tmp_files+=("$tmp")
  local common=(-std=gnu11 -O2 -g -Wall -Wextra -o "$tmp" "$src" "${simavr_cflags[@]}"
    -I/usr/include/simavr/parts)
  # libsimavrparts statically: only uart_pty.o is pulled in, whereas the shared libsimavrparts.so
  # drags in libGL for its other (OpenGL) parts. Then the shared one; then -lelf spelled out
  # (needed when libsimavr itself resolves to the static archive).
  if gcc "${common[@]}" -l:libsimavrparts.a "${simavr_libs[@]}" -lpthread -lutil >"$log" 2>&1 ||
    gcc "${common[@]}" -lsimavrparts "${simavr_libs[@]}" -lpthread -lutil >>"$log" 2>&1 ||
    gcc "${common[@]}" -l:libsimavrparts.a -lsimavr -lelf -lpthread -lutil >>"$log" 2>&1; then
    mv -f "$tmp" "$out"
  else
    cat "$log" >&2
    missing "gcc could not compile or link harness.c against libsimavr (log above, also in $log)" \
      "$harness_packages"
  fi
}

# --- Optiboot for the ATmega328P at 16 MHz, 115200 baud (as on an Uno) ------------------------
build_optiboot() {
  command -v avr-gcc >/dev/null 2>&1 || missing "avr-gcc is not installed (for Optiboot)" "$optiboot_packages"
  [[ -f "$optiboot_src" ]] || missing "$optiboot_src is missing" "$optiboot_packages"
  local elf="$out_dir/optiboot_atmega328.elf.tmp.$$" hex="$optiboot_hex.tmp.$$"
  local log="$out_dir/optiboot.log"
  tmp_files+=("$elf" "$hex")
  # The Makefile's `atmega328` target (OPTIMIZE, CFLAGS, LDSECTIONS, LDFLAGS), plus the size flags
  # from -mrelax on.
  if ! avr-gcc -g -Wall -Os -fno-inline-small-functions -fno-split-wide-types -mshort-calls \
    -mrelax -fno-caller-saves -fno-tree-scev-cprop -fno-jump-tables -fno-move-loop-invariants \
    -mmcu=atmega328p -DF_CPU=16000000L -DLED_START_FLASHES=3 -DBAUD_RATE=115200 \
    -I"$optiboot_src_dir" \
    -Wl,--section-start=.text=0x7e00 -Wl,--section-start=.version=0x7ffe \
    -Wl,--relax -Wl,--gc-sections -nostartfiles -nostdlib \
    -o "$elf" "$optiboot_src" >"$log" 2>&1; then
    cat "$log" >&2
    missing "avr-gcc could not compile $optiboot_src (log above, also in $log)" "$optiboot_packages"
  fi
  # Code must end before the .version word at 0x7ffe (0x7e00 + 510 bytes).
  local text_size
  text_size="$(avr-size -A "$elf" | awk '$1 == ".text" { print $2 }')"
  if [[ -z "$text_size" || "$text_size" -gt 510 ]]; then
    echo "simavr-uno: Optiboot compiled to ${text_size:-?} bytes, more than the 510 that fit" \
      "before its .version word; this avr-gcc cannot build it small enough." >&2
    exit 3
  fi
  avr-objcopy -j .text -j .data -j .version --set-section-flags .version=alloc,load -O ihex \
    "$elf" "$hex"
  mv -f "$hex" "$optiboot_hex"
}

up_to_date "$out" "$src" "$self" || build_harness
up_to_date "$optiboot_hex" "$optiboot_src" "$self" || build_optiboot
echo "$out"
