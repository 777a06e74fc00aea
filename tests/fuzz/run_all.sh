#!/usr/bin/env bash
# Runs every fuzz target of a fuzz build for a bounded time, JOBS targets at
# a time (default: one per core), each from its committed seed corpus
# (tests/fuzz/corpus/NAME, never written to). Each target writes only to its
# own log, so that targets running side by side do not mix their output; a
# target's result is printed when it ends, with the end of its log if it
# failed. Exits 1 if any target failed (or if the build has none).
# Usage: run_all.sh BUILD_DIR SECONDS [JOBS]
set -euo pipefail
build=$1
seconds=$2
jobs=${3:-$(nproc)}
here=$(cd "$(dirname "$0")" && pwd)

# fuzz_one TARGET SEEDS WORK: fuzzes into the scratch corpus WORK (new
# inputs, crash artifacts and the log all stay there).
fuzz_one() {
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$1" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$3/" "$3" "$2" >"$3/log" 2>&1
}

declare -A name_of work_of
status=0
running=0

# finish_one: waits for whichever target ends next and reports it.
finish_one() {
  local pid rc=0
  wait -n -p pid || rc=$?
  running=$((running - 1))
  local name=${name_of[$pid]} work=${work_of[$pid]}
  if [ "$rc" -eq 0 ]; then
    grep -E "stat::number_of_executed_units|Done" "$work/log" | tail -2 >&2
    echo "fuzz: $name passed" >&2
    rm -rf "$work"
  else
    echo "---- fuzz: $name, last 60 lines of $work/log ----" >&2
    tail -60 "$work/log" >&2
    echo "fuzz: $name FAILED (exit $rc; crash input and log kept in $work)" >&2
    status=1
  fi
}

started=0
for target in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  if [ "$running" -ge "$jobs" ]; then finish_one; fi
  name=$(basename "$target")
  seeds="$here/corpus/${name#fuzz_}"
  work=$(mktemp -d)
  echo "fuzz: $name for ${seconds}s (seeds: $seeds)" >&2
  fuzz_one "$target" "$seeds" "$work" &
  name_of[$!]=$name
  work_of[$!]=$work
  running=$((running + 1))
  started=$((started + 1))
done
while [ "$running" -gt 0 ]; do finish_one; done

if [ "$started" -eq 0 ]; then
  echo "fuzz: no fuzz targets in $build/tests/fuzz (configure with -DJOURNEYCTL_BUILD_FUZZ=ON)" >&2
  exit 1
fi
exit $status
