#!/usr/bin/env bash
# Site layout study: what one uprobe hit costs depending on the bytes at and
# after the probed instruction (bench/src/main/c/site_layouts.c), under three
# tracer settings, interleaved: bpftrace "{ @n = count(); }", bpftrace "{ }"
# (an empty BPF program: the trap alone) and no tracer (the loop's own cost).
# One process runs every layout; each bpftrace attaches to all probes at once.
# Usage: bench/site-layouts.sh [--quick] [--cycles N] [--rounds K]
#   a cycle = count, empty, none in turn, each attach running 1 warmup
#   rotation (not counted) + K rotations of every layout (100000 hits each).
# Prints median ns/op and the interquartile range per layout and setting, and
# for "{ }" the mean user/system ns per op as the kernel's tick accounting
# splits them (coarse: 4 ms ticks; no PMU needed).
# See docs/benchmarks-usdt.md, "Site layout study".
set -euo pipefail

CYCLES=4
ROUNDS=5
ITERS=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) CYCLES=2; ROUNDS=3 ;;
    --cycles) CYCLES=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "site-layouts.sh: unknown argument: $1 (try --help)" >&2; exit 64 ;;
  esac
  shift
done

die() { echo "site-layouts.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root: bpftrace attaches uprobes"
[ "$(uname -m)" = x86_64 ] || die "x86-64 only"
for tool in gcc bpftrace nm awk mkfifo; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC=$ROOT/bench/src/main/c/site_layouts.c
BIN=$ROOT/bench/target/site_layouts
RES=$ROOT/bench/results/site-layouts-$(date +%Y%m%d-%H%M%S)
mkdir -p "$ROOT/bench/target" "$RES"
if [ ! -x "$BIN" ] || [ "$SRC" -nt "$BIN" ]; then
  gcc -O2 -Wall -Wextra -o "$BIN" "$SRC"
fi
WORK=$(mktemp -d /tmp/hotscope-layouts.XXXXXX)
SL_PID="" BT_PID="" FD=""
cleanup() {
  [ -z "$BT_PID" ] || kill -INT "$BT_PID" 2>/dev/null || true
  [ -z "$FD" ] || eval "exec $FD>&-" 2>/dev/null || true
  [ -z "$SL_PID" ] || kill "$SL_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "== $*" >&2; }

mkfifo "$WORK/in"
"$BIN" -n "$ITERS" <"$WORK/in" >"$RES/rounds.txt" 2>"$WORK/sl.err" &
SL_PID=$!
exec {FD}>"$WORK/in"
DONES=0
cmd() {  # cmd LINE...: send lines, wait for the answer to the last one
  local l i
  for l in "$@"; do echo "$l" >&"$FD"; DONES=$((DONES + 1)); done
  for ((i = 0; ; i++)); do
    [ "$(grep -c '^done' "$RES/rounds.txt")" -ge "$DONES" ] && return 0
    kill -0 "$SL_PID" 2>/dev/null || die "site_layouts died: $(cat "$WORK/sl.err")"
    [ "$i" -lt 3000 ] || die "site_layouts did not answer in 300 s"
    sleep 0.1
  done
}

PROBES=$(nm "$BIN" | awk '$3 ~ /^p_/ { print $3 }')
NPROBES=$(echo "$PROBES" | wc -l)
ATTACH=$(echo "$PROBES" | awk -v b="$BIN" '{ printf "%suprobe:%s:%s", (NR > 1 ? ", " : ""), b, $1 }')
declare -A PROG=([count]='{ @n = count(); }' [empty]='{ }')

attach() {  # attach SETTING
  bpftrace -p "$SL_PID" -e "BEGIN { printf(\"ready\\n\"); } $ATTACH ${PROG[$1]}" \
    >"$WORK/bt.out" 2>"$WORK/bt.err" &
  BT_PID=$!
  local i
  for ((i = 0; i < 600; i++)); do
    grep -q '^ready' "$WORK/bt.out" 2>/dev/null && return 0
    kill -0 "$BT_PID" 2>/dev/null || die "bpftrace failed: $(cat "$WORK/bt.err")"
    sleep 0.1
  done
  die "bpftrace did not attach in 60 s"
}
detach() {  # detach SETTING: stop bpftrace, check its count
  kill -INT "$BT_PID"
  wait "$BT_PID" || true
  BT_PID=""
  if [ "$1" = count ]; then
    local got want=$(((ROUNDS + 1) * ITERS * NPROBES))
    got=$(awk '/^@n:/ { print $2 }' "$WORK/bt.out")
    echo "count $got / $want" >>"$RES/counts.txt"
    [ "$got" = "$want" ] || log "WARNING: bpftrace counted $got hits, expected $want"
  fi
}

log "$NPROBES probed layouts, $CYCLES cycles x (count, empty, none) x $ROUNDS rotations"
for ((c = 1; c <= CYCLES; c++)); do
  for s in count empty none; do
    log "cycle $c: $s"
    [ "$s" = none ] || attach "$s"
    cmd "t $s-warmup" "r 1" "t $s" "r $ROUNDS"
    [ "$c$s" != 1count ] || cmd b  # the site bytes while traced: cc = int3, e8 = call into the trampoline
    [ "$s" = none ] || detach "$s"
  done
done
echo q >&"$FD"
wait "$SL_PID" || true
SL_PID=""

{
  echo "site layouts  $(date -Iseconds)  kernel $(uname -r)  $(bpftrace --version | head -n 1)"
  echo "cpu: $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo) ($(nproc) cpus)"
  echo "$CYCLES cycles x $ROUNDS rotations x $ITERS hits; ns/op median [p25-p75] per tracer setting"
  echo
  awk '
    function sortn(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
    function q(a, n, p,   x, i) { x = 1 + (n - 1) * p; i = int(x); return (i >= n) ? a[n] : a[i] + (x - i) * (a[i + 1] - a[i]) }
    /^layouts / { for (i = 2; i <= NF; i++) order[++nl] = $i }
    /^round / && $2 !~ /warmup/ { k = $3 SUBSEP $2; v[k, ++n[k]] = $5 }
    /^round / && $2 == "empty" { us[$3] += $7; sy[$3] += $9; nu[$3]++ }
    /^bytes / { b = $3; for (i = 4; i <= 8; i++) b = b " " $i; bytes[$2] = b }
    END {
      printf "%-12s %-18s %-18s %-9s %-11s %s\n", "layout", "count()", "{ }", "none", "{ } usr/sys", "bytes traced"
      for (l = 1; l <= nl; l++) {
        line = sprintf("%-12s", order[l])
        split("count empty none", ss, " ")
        for (s = 1; s <= 3; s++) {
          k = order[l] SUBSEP ss[s]; m = n[k]
          for (i = 1; i <= m; i++) a[i] = v[k, i]
          sortn(a, m)
          cell = (m == 0) ? "-" : (ss[s] == "none") ? sprintf("%.1f", q(a, m, .5)) : sprintf("%.0f [%.0f-%.0f]", q(a, m, .5), q(a, m, .25), q(a, m, .75))
          line = line sprintf(" %-" (s < 3 ? 18 : 9) "s", cell)
        }
        us_sy = nu[order[l]] ? sprintf("%.0f/%.0f", us[order[l]] / nu[order[l]], sy[order[l]] / nu[order[l]]) : "-"
        print line sprintf(" %-11s ", us_sy) bytes[order[l]]
      }
    }' "$RES/rounds.txt"
  echo
  cat "$RES/counts.txt"
  echo "results: $RES"
} | tee "$RES/summary.txt"
