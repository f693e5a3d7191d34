#!/usr/bin/env bash
# Compiles every *.bpf.c here into a CO-RE object under OUT (the jar's resources), once, at build
# time: the built jar needs libbpf and kernel BTF on the target host, never a compiler.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUTPUT_DIR}"
mkdir -p "$out"
if ! command -v clang >/dev/null 2>&1; then
  echo "hotscope bpf build: clang is missing: install clang and libbpf-dev (bin/setup does it as root)" >&2
  exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "hotscope bpf build: libbpf headers are missing: install libbpf-dev (bin/setup does it as root)" >&2
  exit 1
fi
for c in "$src"/*.bpf.c; do
  obj="$out/$(basename "${c%.c}").o"
  if [ ! -f "$obj" ] || [ -n "$(find "$src" -newer "$obj" -name '*.[ch]' -print -quit)" ]; then
    clang -target bpf -g -O2 -D__TARGET_ARCH_x86 -Wall -Werror -I"$src" -c "$c" -o "$obj"
    # DWARF is not needed at run time; BTF (kept by -g) is what CO-RE uses.
    llvm-strip -g "$obj" 2>/dev/null || true
  fi
done
