#!/usr/bin/env bash
# Runs the USDT benchmarks side by side and prints one table:
#   JMH DisabledProbeBenchmark, JMH EnabledProbeBenchmark (NOP1, NOP5) with
#   bpftrace attached, and the C sys/sdt.h loop (bench/src/main/c/sdt_loop.c)
#   with bpftrace attached, its rounds interleaved between the JMH runs so
#   all cases see the same machine weather.
# Usage: bench/run-usdt.sh [--quick] [--verbose]
# See docs/benchmarks-usdt.md.
set -euo pipefail

QUICK=0
VERBOSE=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --verbose|-v) VERBOSE=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-usdt.sh: unknown argument: $arg (try --help)" >&2; exit 64 ;;
  esac
done

die() { echo "run-usdt.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root: bpftrace attaches uprobes (try: sudo $0 $*)"

missing=()
for tool in java mvn gcc bpftrace awk sort mkfifo; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
# sys/sdt.h comes from systemtap-sdt-dev; ask the compiler rather than guess the include path.
if command -v gcc >/dev/null 2>&1 && ! echo '#include <sys/sdt.h>' | gcc -E -x c - >/dev/null 2>&1; then
  missing+=("sys/sdt.h (apt-get install systemtap-sdt-dev)")
fi
[ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]}"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
JAR=$BENCH/target/benchmarks.jar
SDT=$BENCH/target/sdt_loop
STAMP=$(date +%Y%m%d-%H%M%S)
RES=$BENCH/results/$STAMP
mkdir -p "$RES"
WORK=$(mktemp -d /tmp/hotscope-bench.XXXXXX)

if [ "$QUICK" -eq 1 ]; then
  JMH_OPTS=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms)
  C_ROUNDS=3
else
  JMH_OPTS=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
  C_ROUNDS=5
fi
# ~0.1 s per round with a uprobe at ~500 ns: long enough to swamp clock_gettime, short enough to repeat.
C_ITERS=200000

SDT_PID=""
BT_PID=""
cleanup() {
  # Only what this script started, by pid.
  [ -n "$BT_PID" ] && kill -INT "$BT_PID" 2>/dev/null || true
  exec 7>&- 2>/dev/null || true
  [ -n "$SDT_PID" ] && kill "$SDT_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "== $*" >&2; }

# ---- build ------------------------------------------------------------------
if [ ! -f "$JAR" ] || [ -n "$(find "$BENCH/src/main/java" "$BENCH/pom.xml" "$ROOT/usdt/src/main" "$ROOT/usdt/pom.xml" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  log "building benchmarks.jar"
  # -pl bench -am: only the modules the benchmarks need, so work in progress elsewhere cannot break the run.
  (cd "$ROOT" && mvn -q -DskipTests -pl bench -am package)
fi
if [ ! -x "$SDT" ] || [ "$BENCH/src/main/c/sdt_loop.c" -nt "$SDT" ]; then
  log "compiling sdt_loop"
  mkdir -p "$(dirname "$SDT")"
  gcc -O2 -Wall -Wextra -o "$SDT" "$BENCH/src/main/c/sdt_loop.c"
fi

# ---- the machine ------------------------------------------------------------
KERNEL=$(uname -r)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
JDK=$(java -version 2>&1 | head -n 1)
BPFTRACE_VERSION=$(bpftrace --version 2>&1 | head -n 1)
NCPU=$(nproc)

# ---- C loop with one bpftrace attached for the whole run ------------------------
mkfifo "$WORK/sdt.in"
"$SDT" -n "$C_ITERS" -w 30 <"$WORK/sdt.in" >"$WORK/sdt.out" 2>"$WORK/sdt.err" &
SDT_PID=$!
exec 7>"$WORK/sdt.in"   # held open: each line written is a batch of rounds, closing it ends the loop

wait_for() {  # wait_for FILE PATTERN SECONDS WHAT
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  die "timed out after $3 s waiting for $4; $(cat "$WORK"/*.err 2>/dev/null | tail -n 5)"
}

wait_for "$WORK/sdt.out" '^pid ' 10 "sdt_loop to start"
# BEGIN runs after every probe is attached, so "ready" means the counts are complete from here on.
bpftrace -p "$SDT_PID" -e "BEGIN { printf(\"ready\\n\"); } usdt:$SDT:bench_c:tick { @n = count(); }" \
  >"$WORK/bt.out" 2>"$WORK/bt.err" &
BT_PID=$!
wait_for "$WORK/bt.out" '^ready' 30 "bpftrace to attach to sdt_loop"
wait_for "$WORK/sdt.out" '^attached' 30 "the bench_c:tick semaphore"

C_BATCHES=0
c_batch() {
  C_BATCHES=$((C_BATCHES + 1))
  log "C sdt_loop: $C_ROUNDS rounds x $C_ITERS fires (batch $C_BATCHES)"
  echo "$C_ROUNDS" >&7
  local i
  for ((i = 0; i < 1200; i++)); do
    [ "$(grep -c '^done' "$WORK/sdt.out")" -ge "$C_BATCHES" ] && return 0
    kill -0 "$SDT_PID" 2>/dev/null || die "sdt_loop died: $(cat "$WORK/sdt.err")"
    sleep 0.1
  done
  die "C batch $C_BATCHES did not finish in 120 s"
}

jmh() {  # jmh NAME REGEX [extra JMH args]
  local name=$1 regex=$2
  shift 2
  log "JMH $name"
  local status=0
  if [ "$VERBOSE" -eq 1 ]; then
    java -jar "$JAR" "$regex" "${JMH_OPTS[@]}" -foe true -rf json -rff "$RES/$name.json" "$@" 2>&1 | tee "$RES/$name.log" || status=$?
  else
    java -jar "$JAR" "$regex" "${JMH_OPTS[@]}" -foe true -rf json -rff "$RES/$name.json" "$@" >"$RES/$name.log" 2>&1 || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$RES/$name.log" >&2
    die "JMH $name failed (exit $status); full log: $RES/$name.log"
  fi
}

c_batch
jmh disabled '\.DisabledProbeBenchmark\.'
c_batch
jmh enabled-NOP1 '\.EnabledProbeBenchmark\.' -p site=NOP1
c_batch
jmh enabled-NOP5 '\.EnabledProbeBenchmark\.' -p site=NOP5
c_batch

# Stop bpftrace first so its count covers every fire, then let sdt_loop exit and report its own.
kill -INT "$BT_PID"
wait "$BT_PID" || true
BT_PID=""
exec 7>&-
wait "$SDT_PID" || true
SDT_PID=""
cp "$WORK/sdt.out" "$RES/c-rounds.txt"
cp "$WORK/bt.out" "$RES/c-bpftrace.txt"

# ---- summary ----------------------------------------------------------------
grep '^round ' "$RES/c-rounds.txt" | grep -v DETACHED | awk '{ print $5 }' | sort -g >"$WORK/c.sorted"
C_N=$(wc -l <"$WORK/c.sorted")
[ "$C_N" -gt 0 ] || die "no C round ran with the tracer attached; see $RES/c-rounds.txt"
C_MEDIAN=$(awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' "$WORK/c.sorted")
C_MIN=$(head -n 1 "$WORK/c.sorted")
C_MAX=$(tail -n 1 "$WORK/c.sorted")
C_DETACHED=$(grep -c DETACHED "$RES/c-rounds.txt" || true)
C_BATCH_MEDIANS=$(awk '/^round /{ v[++n] = $5 } /^done/{ for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  printf "%s%.1f", sep, (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; sep = " "; n = 0 }' "$RES/c-rounds.txt")

# One line per JMH result: benchmark site score error.
jmh_rows() {
  awk '
    /"benchmark" :/  { b = $3; gsub(/[",]/, "", b); sub(/.*\.usdt\./, "", b); site = "" }
    /"site" :/       { site = $3; gsub(/[",]/, "", site) }
    /"primaryMetric"/ { pm = 1 }
    pm && /"score" :/      { s = $3; gsub(/[",]/, "", s) }
    pm && /"scoreError" :/ { e = $3; gsub(/[",]/, "", e); print b, (site == "" ? "-" : site), s, e; pm = 0 }
  ' "$@"
}
jmh_rows "$RES/disabled.json" "$RES/enabled-NOP1.json" "$RES/enabled-NOP5.json" >"$WORK/jmh.rows"

label() {
  case "$1" in
    DisabledProbeBenchmark.baseline)       echo "java baseline: empty inlined call" ;;
    DisabledProbeBenchmark.baselineCall)   echo "java baseline: empty real call" ;;
    DisabledProbeBenchmark.guardedFire)    echo "java disabled, guarded fire" ;;
    DisabledProbeBenchmark.unguardedFire)  echo "java disabled, unguarded fire" ;;
    EnabledProbeBenchmark.fireLong)        echo "java enabled $2 fire(long)" ;;
    EnabledProbeBenchmark.fireLongString)  echo "java enabled $2 fire(long,String)" ;;
    *) echo "$1 $2" ;;
  esac
}

{
  echo
  echo "hotscope USDT benchmarks  $(date -Iseconds)$([ "$QUICK" -eq 1 ] && echo '  (--quick)')"
  echo "kernel:   $KERNEL"
  echo "cpu:      $CPU ($NCPU cpus)"
  echo "jdk:      $JDK"
  echo "tracer:   $BPFTRACE_VERSION"
  echo "jmh:      ${JMH_OPTS[*]}"
  echo
  printf '%-36s %12s %10s %10s\n' "case" "ns/op" "+-" "x C probe"
  printf '%-36s %12s %10s %10s\n' "------------------------------------" "------------" "----------" "----------"
  while read -r bench site score err; do
    printf '%-36s %12.3f %10s %10.4f\n' "$(label "$bench" "$site")" "$score" \
      "$(awk -v e="$err" 'BEGIN { if (e == "NaN") print "n/a"; else printf "%.3f", e }')" \
      "$(awk -v s="$score" -v c="$C_MEDIAN" 'BEGIN { print s / c }')"
  done <"$WORK/jmh.rows"
  printf '%-36s %12.3f %10s %10.4f\n' "C sdt.h enabled (median of $C_N)" "$C_MEDIAN" "" 1
  echo
  echo "C rounds: min $C_MIN  max $C_MAX  batch medians $C_BATCH_MEDIANS ns/op"
  [ "$C_DETACHED" -eq 0 ] || echo "C rounds dropped because the tracer was not attached: $C_DETACHED"
  echo
  echo "count check (bpftrace counted / probe fired, warmup included):"
  C_COUNT=$(awk '/^@n:/ { print $2 }' "$RES/c-bpftrace.txt")
  C_FIRES=$(awk '/^fires / { print $2 }' "$RES/c-rounds.txt")
  printf '  %-34s %s / %s\n' "C sdt_loop" "${C_COUNT:-?}" "${C_FIRES:-?}"
  grep -h '^\[usdt-bench\]' "$RES"/enabled-*.log | awk '{
    pre = "b_"
    for (i = 3; i <= NF; i++) { if ($i == "fired") pre = "f_"; split($i, kv, "="); if (kv[2] != "") v[pre kv[1]] = kv[2] }
    probe = ($2 == "fireLong") ? "tick_l" : "tick"
    printf "  %-34s %s / %s\n", "java " v["b_site"] " " $2, v["b_" probe], v["f_" probe]
  }'
  echo
  echo "results: $RES"
} | tee "$RES/summary.txt"
