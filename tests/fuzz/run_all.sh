#!/usr/bin/env bash
# Runs every fuzz target of a fuzz build for a bounded time, starting from
# its committed seed corpus (tests/fuzz/corpus/NAME, never written to).
# Usage: run_all.sh BUILD_DIR SECONDS
set -euo pipefail
build=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
status=0
for target in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  seeds="$here/corpus/${name#fuzz_}"
  work=$(mktemp -d)
  echo "fuzz: $name for ${seconds}s (seeds: $seeds)" >&2
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/" "$work" "$seeds" >"$work/log" 2>&1; then
    grep -E "stat::number_of_executed_units|Done" "$work/log" | tail -2 >&2
    echo "fuzz: $name passed" >&2
    rm -rf "$work"
  else
    tail -60 "$work/log" >&2
    echo "fuzz: $name FAILED (crash input and log kept in $work)" >&2
    status=1
  fi
done
exit $status
