#!/usr/bin/env bash
# What hotscope costs a real service, next to JFR and async-profiler: an embedded-Jetty service
# (file I/O, contended locks, allocation) in a fresh JVM per run, loaded by wrk on loopback, in six
# configurations (none, jfr, async-profiler, hotscope, hotscope-probe, hotscope-worst), interleaved
# round by round; medians and ranges as ratios to the no-agent runs, with CPU time and RSS.
# The last line: "hotscope default: throughput -X.X%, p99 +Y.Y%".
# Usage: sudo bench/run-overhead.sh [--quick] [--docs docs/PERFORMANCE.md] [runner options, --help]
#        (about 22 min with the defaults: 5 rounds x 6 configurations x (15 s warm-up + 20 s);
#         --quick: 1 round of none and hotscope, under a minute)
# See docs/PERFORMANCE.md.
set -euo pipefail

die() { echo "run-overhead.sh: $*" >&2; exit 1; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

for a in "$@"; do
  case "$a" in
    -h|--help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      echo
      [ -f "$ROOT/bench/target/benchmarks.jar" ] \
        && exec java -cp "$ROOT/bench/target/benchmarks.jar" dev.hotscope.bench.overhead.OverheadBench --help
      exit 0 ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "must run as root: hotscope's BPF features need it (try: sudo $0 $*)"
for tool in java mvn taskset; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (bin/setup installs what hotscope needs)"
done
if ! command -v wrk >/dev/null 2>&1; then
  echo "run-overhead.sh: installing wrk (apt-get install wrk)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -q --no-install-recommends wrk >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends wrk >/dev/null 2>&1; }; } \
    || die "wrk is missing and apt-get could not install it: install the Debian package wrk"
fi

# Always: a few seconds when nothing changed, and never a stale agent or service.
echo "run-overhead.sh: building dist/hotscope.jar and bench/target/overhead-service.jar" >&2
(cd "$ROOT" && mvn -q -B -ntp -DskipTests -pl bench,javaagent -am package) || die "build failed (see above)"

# exec: Ctrl-C and SIGTERM reach the runner, whose shutdown hook kills the JVM and wrk it started;
# the service also ends by itself when the runner's pipe to it closes.
exec java -cp "$ROOT/bench/target/benchmarks.jar" dev.hotscope.bench.overhead.OverheadBench \
  --root "$ROOT" --command "sudo bench/run-overhead.sh" "$@"
