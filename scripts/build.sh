#!/usr/bin/env bash
# Configures and builds journeyctl in ./build (release with debug info).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${JOURNEYCTL_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"
