#!/usr/bin/env bash
# Runs the BPF consumer-side benchmarks side by side and prints one table:
#   (a) ring buffer: the BPF producer alone, a pre-filled ring drained by the Java
#       consumer (both handler kinds) and by libbpf's C consumer on the same ring
#       (Java/C ratio), and live producer + consumer pipelines;
#   (b) syscall tracer: getppid() with no tracer, the tracer on another process,
#       raw-tracepoint floor, the tracer on this process, and with a record per call,
#       the modes interleaved (off, traced, other, rawtp, off, traced, ...);
#   (c) symbolizer: warm frames per second on real addresses of the JVM.
# Usage: bench/run-bpf.sh [--quick] [--verbose]   (as root; about 4 min, --quick about 1)
#        bench/run-bpf.sh --summary bench/results/bpf-STAMP   (the table again)
# See docs/benchmarks-bpf.md.
set -euo pipefail

QUICK=0
VERBOSE=0
SUMMARY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --verbose|-v) VERBOSE=1 ;;
    --summary) SUMMARY=${2:?--summary needs a results directory}; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-bpf.sh: unknown argument: $1 (try --help)" >&2; exit 64 ;;
  esac
  shift
done

die() { echo "run-bpf.sh: $*" >&2; exit 1; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
log() { echo "== $*" >&2; }

if [ -z "$SUMMARY" ]; then
[ "$(id -u)" -eq 0 ] || die "must run as root: the benchmarks load BPF programs (try: sudo $0 $*)"

missing=()
for tool in java mvn gcc clang awk sort; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if command -v gcc >/dev/null 2>&1 && ! echo '#include <bpf/libbpf.h>' | gcc -E -x c - >/dev/null 2>&1; then
  missing+=("bpf/libbpf.h (apt-get install libbpf-dev)")
fi
[ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]}"

JAR=$BENCH/target/benchmarks.jar
STAMP=$(date +%Y%m%d-%H%M%S)
RES=$BENCH/results/bpf-$STAMP
mkdir -p "$RES"

# ---- what runs ---------------------------------------------------------------
if [ "$QUICK" -eq 1 ]; then
  RING_OPTS=(-f 1 -wi 1 -w 500ms -i 3 -r 500ms)
  LIVE_OPTS=(-f 1 -wi 1 -w 500ms -i 3 -r 500ms)
  SYS_OPTS=(-f 1 -wi 1 -w 500ms -i 3 -r 500ms)
  SYM_OPTS=(-f 1 -wi 1 -w 500ms -i 3 -r 500ms)
  RECORD_BYTES=16
  DRAIN_CONSUMERS=slice,offset,libbpf
  LIVE_CONSUMERS=offset,libbpf
  LIVE_BURSTS=256
  QUIET_BURSTS=256
  SYS_CYCLES=2
else
  RING_OPTS=(-f 1 -wi 2 -w 1s -i 5 -r 1s)
  LIVE_OPTS=(-f 1 -wi 2 -w 1s -i 4 -r 1s)
  SYS_OPTS=(-f 1 -wi 2 -w 500ms -i 3 -r 1s)
  SYM_OPTS=(-f 1 -wi 2 -w 1s -i 4 -r 1s)
  RECORD_BYTES=16,64
  DRAIN_CONSUMERS=slice,offset,walk,libbpf
  LIVE_CONSUMERS=slice,offset,libbpf
  LIVE_BURSTS=16,256
  QUIET_BURSTS=16,256
  SYS_CYCLES=3
fi
# A, B, C, D, A, B, C, D, ...: each mode in its own fork, in turn, so drift hits all alike.
SYS_MODES=""
for ((c = 0; c < SYS_CYCLES; c++)); do SYS_MODES+="${SYS_MODES:+,}off,traced,other,rawtp"; done
SYS_MODES+=",records"   # once: it is far slower, its difference needs no precision

# ---- build ---------------------------------------------------------------------
# Always (a few seconds when nothing changed): a jar built without -am would carry stale bpf
# classes and test programs from ~/.m2. -pl bench -am: only the modules the benchmarks need; bpf's
# tests are compiled (bench uses its test jar and test programs) but not run.
log "building benchmarks.jar"
(cd "$ROOT" && mvn -q -DskipTests -pl bench -am package) || die "build failed (see above)"
LIB=$BENCH/target/libhsringbench.so
if [ ! -f "$LIB" ] || [ "$BENCH/src/main/c/ringbuf_consume.c" -nt "$LIB" ]; then
  log "compiling libhsringbench.so"
  gcc -O2 -Wall -Wextra -shared -fPIC -o "$LIB" "$BENCH/src/main/c/ringbuf_consume.c" -lbpf
fi

# ---- the machine ---------------------------------------------------------------
KERNEL=$(uname -r)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
JDK=$(java -version 2>&1 | head -n 1)
LIBBPF=$( (ls /usr/lib/*/libbpf.so.*.* /usr/lib64/libbpf.so.*.* /usr/local/lib*/libbpf.so.*.* 2>/dev/null || true) | sed 's#.*/##' | sort -V | tail -n 1)
NCPU=$(nproc)
SRSO=$(cat /sys/devices/system/cpu/vulnerabilities/spec_rstack_overflow 2>/dev/null || echo "n/a")

jmh() {  # jmh NAME REGEX [JMH args]
  local name=$1 regex=$2
  shift 2
  log "JMH $name"
  local status=0
  local cmd=(java -jar "$JAR" "$regex" "$@" -jvmArgsAppend "-Dhotscope.bench.native=$BENCH/target"
             -foe true -rf csv -rff "$RES/$name.csv")
  if [ "$VERBOSE" -eq 1 ]; then
    "${cmd[@]}" 2>&1 | tee "$RES/$name.log" || status=$?
  else
    "${cmd[@]}" >"$RES/$name.log" 2>&1 || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$RES/$name.log" >&2
    die "JMH $name failed (exit $status); full log: $RES/$name.log"
  fi
}

START=$(date +%s)
jmh ring 'RingBuffer(Fill|Drain)Benchmark' "${RING_OPTS[@]}" -p recordBytes=$RECORD_BYTES -p consumer=$DRAIN_CONSUMERS
jmh syscall 'SyscallCostBenchmark' "${SYS_OPTS[@]}" -p mode=$SYS_MODES
jmh live 'RingBufferLiveBenchmark' "${LIVE_OPTS[@]}" -p producer=blaster -p consumer=$LIVE_CONSUMERS -p burst=$LIVE_BURSTS
jmh live-quiet 'RingBufferLiveBenchmark' "${LIVE_OPTS[@]}" -p producer=quiet -p consumer=offset,libbpf -p burst=$QUIET_BURSTS
jmh symbolizer 'SymbolizerBenchmark' "${SYM_OPTS[@]}"
ELAPSED=$(( $(date +%s) - START ))
{
  echo "when:     $(date -Iseconds)$([ "$QUICK" -eq 1 ] && echo '  (--quick)')  ${ELAPSED}s of JMH"
  echo "kernel:   $KERNEL"
  echo "cpu:      $CPU ($NCPU cpus; SRSO: $SRSO)"
  echo "jdk:      $JDK"
  echo "libbpf:   ${LIBBPF:-?}"
} >"$RES/machine.txt"
else
  RES=$(cd "$SUMMARY" && pwd) || die "no results directory $SUMMARY"
  [ -f "$RES/machine.txt" ] || die "$RES has no machine.txt: not a run-bpf.sh results directory"
fi

# ---- summary --------------------------------------------------------------------
# JMH CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: x",...
# -> one line per result: name score error params(k=v;...)
rows() {
  awk -F, '
    { sub(/\r$/, "") }
    NR == 1 { for (i = 8; i <= NF; i++) { h = $i; gsub(/"|Param: /, "", h); param[i] = h }; next }
    {
      for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
      b = $1; sub(/.*\.bpf\./, "", b)
      p = ""
      for (i = 8; i <= NF; i++) if ($i != "") p = p (p == "" ? "" : ";") param[i] "=" $i
      print b, $5, $6, (p == "" ? "-" : p)
    }' "$1"
}
rows "$RES/ring.csv" >"$RES/ring.rows"
cat "$RES/live.csv" >"$RES/live-all.csv"
tail -n +2 "$RES/live-quiet.csv" >>"$RES/live-all.csv" 2>/dev/null || true
rows "$RES/live-all.csv" >"$RES/live.rows"
rows "$RES/syscall.csv" >"$RES/syscall.rows"
rows "$RES/symbolizer.csv" >"$RES/symbolizer.rows"

score() {  # score FILE BENCHMARK PARAMS -> score of the first match
  awk -v b="$2" -v p="$3" '$1 == b && $4 == p { print $2; exit }' "$1"
}
err() {
  awk -v b="$2" -v p="$3" '$1 == b && $4 == p { print $3; exit }' "$1"
}
mps() { awk -v s="$1" 'BEGIN { if (s == "") print "n/a"; else printf "%.2f", s / 1e6 }'; }
nsper() { awk -v s="$1" 'BEGIN { if (s == "" || s == 0) print "n/a"; else printf "%.1f", 1e9 / s }'; }
pm() { awk -v s="$1" -v e="$2" 'BEGIN { if (s == "" || e == "" || e == "NaN" || s == 0) print "n/a"; else printf "%.0f%%", 100 * e / s }'; }
param_values() {  # param_values ROWS NAME -> the values of a parameter, in first-seen order
  awk -v k="$2" '{ n = split($4, kv, ";"); for (i = 1; i <= n; i++) { split(kv[i], x, "="); if (x[1] == k && !seen[x[2]]++) printf "%s ", x[2] } }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

{
  echo
  echo "hotscope BPF benchmarks"
  cat "$RES/machine.txt"
  echo
  echo "(a) ring buffer, records of N payload bytes (+8 header); pre-filled: 131072 records per drain"
  printf '%-44s %12s %8s %9s %10s\n' "case" "M rec/s" "+-" "ns/rec" "x libbpf"
  printf '%-44s %12s %8s %9s %10s\n' "--------------------------------------------" "------------" "--------" "---------" "----------"
  read -r -a sizes <<<"$(param_values "$RES/ring.rows" recordBytes)"
  for n in "${sizes[@]}"; do
    c=$(score "$RES/ring.rows" RingBufferDrainBenchmark.drain "consumer=libbpf;recordBytes=$n")
    s=$(score "$RES/ring.rows" RingBufferFillBenchmark.fill "recordBytes=$n")
    printf '%-44s %12s %8s %9s %10s\n' "BPF producer alone (fill), $n B" "$(mps "$s")" \
      "$(pm "$s" "$(err "$RES/ring.rows" RingBufferFillBenchmark.fill "recordBytes=$n")")" "$(nsper "$s")" "$(ratio "$s" "$c")"
    for k in slice offset walk libbpf; do
      case "$k" in
        slice) what="Java drain, Handler (slice/record)" ;;
        offset) what="Java drain, RecordHandler (in place)" ;;
        walk) what="Java walk only, handler counts" ;;
        libbpf) what="libbpf ring_buffer__consume (C)" ;;
      esac
      s=$(score "$RES/ring.rows" RingBufferDrainBenchmark.drain "consumer=$k;recordBytes=$n")
      [ -n "$s" ] || continue
      printf '%-44s %12s %8s %9s %10s\n' "$what, $n B" "$(mps "$s")" \
        "$(pm "$s" "$(err "$RES/ring.rows" RingBufferDrainBenchmark.drain "consumer=$k;recordBytes=$n")")" "$(nsper "$s")" "$(ratio "$s" "$c")"
    done
  done
  echo
  echo "    live: one thread makes syscalls, each writes BURST 64 B records; one thread consumes and decodes;"
  echo "    blaster = kernel wakeups + epoll consumer, quiet = no wakeups + busy-polling consumer;"
  echo "    dropped = share of records the ring had no room for (kernel counters, warmup included)"
  printf '%-44s %12s %8s %9s\n' "case" "M rec/s" "+-" "dropped"
  printf '%-44s %12s %8s %9s\n' "--------------------------------------------" "------------" "--------" "---------"
  read -r -a bursts <<<"$(param_values "$RES/live.rows" burst)"
  read -r -a consumers <<<"$(param_values "$RES/live.rows" consumer)"
  for w in blaster quiet; do
  for b in "${bursts[@]}"; do
    for k in "${consumers[@]}"; do
      p="burst=$b;consumer=$k;producer=$w"
      s=$(score "$RES/live.rows" RingBufferLiveBenchmark.live:records "$p")
      [ -n "$s" ] || continue
      drop=$(cat "$RES/live.log" "$RES/live-quiet.log" 2>/dev/null | { grep -o "\[ring-live\] producer=$w consumer=$k burst=$b .*" | awk '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (v["sent"] + v["dropped"] > 0) printf "%.0f%%", 100 * v["dropped"] / (v["sent"] + v["dropped"]) }' || true; })
      printf '%-44s %12s %8s %9s\n' "live $w, burst $b, consumer $k" "$(mps "$s")" \
        "$(pm "$s" "$(err "$RES/live.rows" RingBufferLiveBenchmark.live:records "$p")")" "${drop:-n/a}"
    done
  done
  done
  echo
  echo "(b) getppid() through jnr-ffi, ns/op: median of the forks (each fork's score in brackets)"
  printf '%-44s %9s %9s  %s\n' "mode" "ns/op" "+ns" "forks"
  printf '%-44s %9s %9s  %s\n' "--------------------------------------------" "---------" "---------" "-----"
  med() {  # median of the scores of one mode
    awk -v m="mode=$1" '$4 == m { print $2 }' "$RES/syscall.rows" | sort -g | awk '
      { a[++n] = $1 } END { if (n == 0) exit; print (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }'
  }
  OFF=$(med off)
  for m in off other rawtp traced records; do
    case "$m" in
      off) what="no tracer" ;;
      other) what="tracer on another (idle) process" ;;
      rawtp) what="raw_tp pair, tgid compare only (floor)" ;;
      traced) what="tracer on this process, no records" ;;
      records) what="tracer on this process, record per call" ;;
    esac
    v=$(med "$m")
    [ -n "$v" ] || continue
    forks=$(awk -v m="mode=$m" '$4 == m { printf "%s%.0f", (n++ ? " " : ""), $2 }' "$RES/syscall.rows")
    printf '%-44s %9.1f %9s  [%s]\n' "$what" "$v" \
      "$(awk -v v="$v" -v o="$OFF" 'BEGIN { if ("'"$m"'" == "off") print "-"; else printf "%+.1f", v - o }')" "$forks"
  done
  grep -ho '\[syscall-bench\] mode=records .*' "$RES/syscall.log" | sed 's/^\[syscall-bench\]/    records mode counts:/' || true
  echo
  echo "(c) Symbolizer.symbolizeReturnAddress, warm (libjvm, libc, JIT thirds)"
  printf '%-44s %12s %8s %9s\n' "case" "M frames/s" "+-" "ns/frame"
  printf '%-44s %12s %8s %9s\n' "--------------------------------------------" "------------" "--------" "---------"
  for a in 1024 65536; do
    s=$(score "$RES/symbolizer.rows" SymbolizerBenchmark.symbolizeReturnAddress "addresses=$a")
    [ -n "$s" ] || continue
    printf '%-44s %12s %8s %9s\n' "$a distinct addresses$([ "$a" = 1024 ] && echo ' (cache hits)' || echo ' (cache misses)')" \
      "$(mps "$s")" "$(pm "$s" "$(err "$RES/symbolizer.rows" SymbolizerBenchmark.symbolizeReturnAddress "addresses=$a")")" "$(nsper "$s")"
  done
  echo
  echo "checks:"
  cat "$RES/ring.log" "$RES/live.log" "$RES/live-quiet.log" "$RES/symbolizer.log" 2>/dev/null \
    | grep -o '\[\(ring-bench\|ring-live\|symbolizer-bench\)\].*' | sed 's/^/  /' || true
  echo
  echo "results: $RES"
} | tee "$RES/summary.txt"
