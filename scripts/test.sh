#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: install
# dependencies, then
#   1. build with warnings as errors and run every test (unit, e2e, docs);
#   2. build again with AddressSanitizer + UndefinedBehaviorSanitizer and
#      run every test again;
#   3. build the libFuzzer targets with clang and run each for a bounded
#      time from its committed seed corpus.
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
# ccache turns the three builds' repeated work into cache hits across runs
# and clones: paths are hashed relative to the clone's parent folder, so a
# fresh clone elsewhere reuses what an earlier one compiled.
export CCACHE_BASEDIR="$(cd .. && pwd)" CCACHE_NOHASHDIR=1
launcher=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache

echo "== 1/3 build and test" >&2
# The benchmarks are built here (not run) so that they keep compiling.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJOURNEYCTL_WERROR=ON \
  -DJOURNEYCTL_BUILD_BENCH=ON $launcher >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

echo "== 2/3 AddressSanitizer + UndefinedBehaviorSanitizer" >&2
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DJOURNEYCTL_SANITIZE=ON -DJOURNEYCTL_BUILD_BENCH=OFF $launcher >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure

echo "== 3/3 fuzz targets, ${fuzz_seconds}s each" >&2
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJOURNEYCTL_BUILD_FUZZ=ON \
  -DJOURNEYCTL_BUILD_TESTS=ON -DJOURNEYCTL_BUILD_BENCH=OFF $launcher >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_targets
bash tests/fuzz/run_all.sh build-fuzz "$fuzz_seconds"
