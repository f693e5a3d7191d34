#!/usr/bin/env bash
# Runs the USDT benchmarks side by side and prints one table:
#   JMH DisabledProbeBenchmark, JMH EnabledProbeBenchmark (NOP1, NOP5) with
#   bpftrace attached, and the C sys/sdt.h loop (bench/src/main/c/sdt_loop.c,
#   four variants) with bpftrace attached, its rounds interleaved between the
#   JMH runs so all cases see the same machine weather.
# Usage: bench/run-usdt.sh [--quick] [--verbose]
# See docs/benchmarks-usdt.md.
set -euo pipefail

QUICK=0
VERBOSE=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --verbose|-v) VERBOSE=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

declare -A C_PID=() C_BT=() C_FD=()
cleanup() {
  # Only what this script started, by pid.
  local v
  for v in "${!C_BT[@]}"; do kill -INT "${C_BT[$v]}" 2>/dev/null || true; done
  for v in "${!C_FD[@]}"; do eval "exec ${C_FD[$v]}>&-" 2>/dev/null || true; done
  for v in "${!C_PID[@]}"; do kill "${C_PID[$v]}" 2>/dev/null || true; done
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
# The C reference and its variants (see sdt_loop.c): inline NOP1 is the plain sys/sdt.h probe.
C_VARIANTS=(nop1 nop5 call-nop1 call-nop5)
declare -A C_CFLAGS=([nop1]="" [nop5]="-DSDT_LOOP_NOP5" [call-nop1]="-DSDT_LOOP_CALL" [call-nop5]="-DSDT_LOOP_CALL -DSDT_LOOP_NOP5")
mkdir -p "$BENCH/target"
for v in "${C_VARIANTS[@]}"; do
  bin=$BENCH/target/sdt_loop-$v
  if [ ! -x "$bin" ] || [ "$BENCH/src/main/c/sdt_loop.c" -nt "$bin" ]; then
    log "compiling sdt_loop-$v"
    # shellcheck disable=SC2086 # the flags are words
    gcc -O2 -Wall -Wextra ${C_CFLAGS[$v]} -o "$bin" "$BENCH/src/main/c/sdt_loop.c"
  fi
done

# ---- the machine ------------------------------------------------------------
KERNEL=$(uname -r)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
JDK=$(java -version 2>&1 | head -n 1)
BPFTRACE_VERSION=$(bpftrace --version 2>&1 | head -n 1)
NCPU=$(nproc)

# ---- C loops, each with one bpftrace attached for the whole run -----------------
wait_for() {  # wait_for FILE PATTERN SECONDS WHAT
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  die "timed out after $3 s waiting for $4; $(cat "$WORK"/*/*.err 2>/dev/null | tail -n 5)"
}

c_start() {  # c_start VARIANT BINARY
  local v=$1 bin=$2 dir=$WORK/$1 fd
  mkdir -p "$dir"
  mkfifo "$dir/in"
  "$bin" -n "$C_ITERS" -w 30 <"$dir/in" >"$dir/out" 2>"$dir/sdt.err" &
  C_PID[$v]=$!
  exec {fd}>"$dir/in"   # held open: each line written is a batch of rounds, "q" ends the loop
  C_FD[$v]=$fd
  wait_for "$dir/out" '^pid ' 10 "$v to start"
  # BEGIN runs after every probe is attached, so "ready" means the count is complete from here on.
  bpftrace -p "${C_PID[$v]}" -e "BEGIN { printf(\"ready\\n\"); } usdt:$bin:bench_c:tick { @n = count(); }" \
    >"$dir/bt.out" 2>"$dir/bt.err" &
  C_BT[$v]=$!
  wait_for "$dir/bt.out" '^ready' 30 "bpftrace to attach to $v"
  wait_for "$dir/out" '^attached' 30 "the bench_c:tick semaphore of $v"
}

C_BATCHES=0
c_batch() {  # c_batch [warmup]: one batch of rounds for each C variant in turn
  C_BATCHES=$((C_BATCHES + 1))
  local v i
  for v in "${C_VARIANTS[@]}"; do
    log "C $v: $C_ROUNDS rounds x $C_ITERS fires${1:+ ($1, not counted)}"
    echo "$C_ROUNDS" >&"${C_FD[$v]}"
    for ((i = 0; ; i++)); do
      [ "$(grep -c '^done' "$WORK/$v/out")" -ge "$C_BATCHES" ] && break
      kill -0 "${C_PID[$v]}" 2>/dev/null || die "C $v died: $(cat "$WORK/$v/sdt.err")"
      [ "$i" -lt 1200 ] || die "C $v batch $C_BATCHES did not finish in 120 s"
      sleep 0.1
    done
  done
}

c_stop() {
  local v
  for v in "${C_VARIANTS[@]}"; do
    # Stop bpftrace first so its count covers every fire, then let the loop exit and report its own.
    kill -INT "${C_BT[$v]}"
    wait "${C_BT[$v]}" || true
    unset "C_BT[$v]"
    echo q >&"${C_FD[$v]}"
    eval "exec ${C_FD[$v]}>&-"
    unset "C_FD[$v]"
    wait "${C_PID[$v]}" || true
    unset "C_PID[$v]"
    cp "$WORK/$v/out" "$RES/c-$v-rounds.txt"
    cp "$WORK/$v/bt.out" "$RES/c-$v-bpftrace.txt"
  done
}

for v in "${C_VARIANTS[@]}"; do
  c_start "$v" "$BENCH/target/sdt_loop-$v"
done

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

# The first batch only warms up: right after attaching, rounds run slow for a while.
c_batch warmup
c_batch
jmh disabled '\.DisabledProbeBenchmark\.'
c_batch
jmh enabled-NOP1 '\.EnabledProbeBenchmark\.' -p site=NOP1
c_batch
jmh enabled-NOP5 '\.EnabledProbeBenchmark\.' -p site=NOP5
c_batch

c_stop


# ---- summary ----------------------------------------------------------------
# c_stats VARIANT -> "n median min max detached batch-medians", warmup batch left out.
c_stats() {
  awk '
    function median(a, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    /^round / && batch > 0 { if (/DETACHED/) { det++ } else { all[++n] = $5; cur[++k] = $5 } }
    /^done/ { if (batch > 0 && k > 0) bm = bm sprintf("%s%.1f", (bm == "" ? "" : " "), median(cur, k)); batch++; k = 0 }
    END {
      if (n == 0) { print 0; exit }
      m = median(all, n)
      printf "%d %.3f %.3f %.3f %d %s\n", n, m, all[1], all[n], det, bm
    }' "$RES/c-$1-rounds.txt"
}
declare -A C_STATS=()
for v in "${C_VARIANTS[@]}"; do
  C_STATS[$v]=$(c_stats "$v")
  [ "${C_STATS[$v]%% *}" -gt 0 ] || die "no C $v round ran with the tracer attached; see $RES/c-$v-rounds.txt"
done
read -r _ C_MEDIAN _ <<<"${C_STATS[nop1]}"

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
  for v in "${C_VARIANTS[@]}"; do
    read -r n med _ <<<"${C_STATS[$v]}"
    case "$v" in
      nop1) what="C sdt.h NOP1 enabled" ;;
      nop5) what="C sdt.h NOP5 enabled" ;;
      call-nop1) what="C call-site NOP1 enabled" ;;
      call-nop5) what="C call-site NOP5 enabled" ;;
    esac
    printf '%-36s %12.3f %10s %10.4f\n' "$what (n=$n)" "$med" "" \
      "$(awk -v s="$med" -v c="$C_MEDIAN" 'BEGIN { print s / c }')"
  done
  echo
  echo "C rounds, min / max / median of each batch (ns/op):"
  for v in "${C_VARIANTS[@]}"; do
    read -r _ _ min max det bm <<<"${C_STATS[$v]}"
    printf '  %-10s %s / %s / %s%s\n' "$v" "$min" "$max" "$bm" "$([ "$det" -eq 0 ] || echo "  ($det rounds dropped: tracer not attached)")"
  done
  echo
  echo "count check (bpftrace counted / probe fired, warmup included):"
  for v in "${C_VARIANTS[@]}"; do
    printf '  %-34s %s / %s\n' "C sdt_loop-$v" \
      "$(awk '/^@n:/ { print $2 }' "$RES/c-$v-bpftrace.txt")" "$(awk '/^fires / { print $2 }' "$RES/c-$v-rounds.txt")"
  done
  grep -ho '\[usdt-bench\].*' "$RES"/enabled-*.log | awk '{
    pre = "b_"
    for (i = 3; i <= NF; i++) { if ($i == "fired") pre = "f_"; split($i, kv, "="); if (kv[2] != "") v[pre kv[1]] = kv[2] }
    probe = ($2 == "fireLong") ? "tick_l" : "tick"
    printf "  %-34s %s / %s\n", "java " v["b_site"] " " $2, v["b_" probe], v["f_" probe]
  }'
  echo
  echo "results: $RES"
} | tee "$RES/summary.txt"
