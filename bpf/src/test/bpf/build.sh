#!/usr/bin/env bash
# Compiles the test-only BPF programs here into OUT (the test classpath), like src/main/bpf/build.sh
# does for the shipped ones, with the shipped headers on the include path.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
main="$src/../../main/bpf"
out="${1:?usage: build.sh OUTPUT_DIR}"
mkdir -p "$out"
command -v clang >/dev/null 2>&1 || { echo "hotscope bpf test build: clang is missing" >&2; exit 1; }
# usdt.bpf.h includes <linux/errno.h>, whose <asm/errno.h> lives in the multiarch directory.
multiarch=()
for dir in "/usr/include/$(uname -m)-linux-gnu" /usr/include/x86_64-linux-gnu; do
  if [ -d "$dir/asm" ]; then multiarch=(-idirafter "$dir"); break; fi
done
# Programs in subdirectories (one per test package, e.g. unwind/) land next to the others in OUT.
shopt -s nullglob
for c in "$src"/*.bpf.c "$src"/*/*.bpf.c; do
  obj="$out/$(basename "${c%.c}").o"
  if [ ! -f "$obj" ] || [ -n "$(find "$src" "$main" -newer "$obj" -name '*.[ch]' -print -quit)" ]; then
    clang -target bpf -g -O2 -D__TARGET_ARCH_x86 -Wall -Werror -I"$(dirname "$c")" -I"$src" -I"$main" "${multiarch[@]}" -c "$c" -o "$obj"
    llvm-strip -g "$obj" 2>/dev/null || true
  fi
done
