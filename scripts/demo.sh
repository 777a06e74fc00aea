#!/usr/bin/env bash
# The main job on the bundled example, from a fresh Debian 12 machine:
# install dependencies, build, then evaluate the example expressions
# (examples/expressions.txt, one a line) at a fixed instant.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
echo "== journeyctl eval < examples/expressions.txt" >&2
./build/cmd/journeyctl --now 2026-11-01T00:00:00Z eval \
  --var "$(cat examples/profile.json | tr -d '\n' | sed 's/^/profile=/')" < examples/expressions.txt
