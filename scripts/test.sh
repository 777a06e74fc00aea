#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: install
# dependencies, then
#   1. build with g++ and warnings as errors (the benchmarks too, built but
#      not run) and run every test (unit, e2e, docs);
#   2. build one clang tree with AddressSanitizer + UndefinedBehaviorSanitizer
#      (every finding fatal) and libFuzzer's instrumentation, run every test
#      in it again, then run the libFuzzer targets from it, one per core at a
#      time, each for a bounded time from its committed seed corpus.
# One tree serves the sanitized tests and the fuzzing because the fuzz build
# needs the sanitizers anyway: a separate ASan tree compiled everything a
# third time.
# FUZZ_SECONDS (default 60) bounds each fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The contract tests' peers (Prism, MailDev) from npm, into a cache folder
# outside the checkout; here a failed install fails the run, and the tests
# fail rather than skip without them.
bash tests/peers/install_peers.sh >/dev/null
export JOURNEYCTL_REQUIRE_PEERS=1
jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-60}
# ccache turns the two builds' repeated work into cache hits across runs
# and clones: paths are hashed relative to the clone's parent folder, so a
# fresh clone elsewhere reuses what an earlier one compiled.
export CCACHE_BASEDIR="$(cd .. && pwd)" CCACHE_NOHASHDIR=1
launcher=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache

echo "== 1/2 build and test" >&2
# The benchmarks are built here (not run) so that they keep compiling.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJOURNEYCTL_WERROR=ON \
  -DJOURNEYCTL_BUILD_BENCH=ON $launcher >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

echo "== 2/2 clang, AddressSanitizer + UndefinedBehaviorSanitizer: every test, then fuzz targets ${fuzz_seconds}s each" >&2
# -O1: the sanitizers' usual level, fast enough to run the tests and fuzz.
CXX=clang++ cmake -S . -B build-clang -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DJOURNEYCTL_SANITIZE=ON -DJOURNEYCTL_BUILD_FUZZ=ON -DJOURNEYCTL_BUILD_BENCH=OFF $launcher >/dev/null
cmake --build build-clang -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-clang -j"$jobs" --output-on-failure
bash tests/fuzz/run_all.sh build-clang "$fuzz_seconds" "$jobs"
