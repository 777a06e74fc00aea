#!/usr/bin/env bash
# The main job on the bundled example workspace (examples/acme), from a
# fresh Debian 12 machine: install dependencies, build, then validate the
# workspace, count and explain its segments, draw its win-back journey and
# dry-run it over the month after the data's "now" (with one customer's
# timeline), and evaluate the example expressions, all at the fixed instant
# the example data was generated for.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
journeyctl() { ./build/cmd/journeyctl --now 2026-11-01T00:00:00Z "$@"; }
run() { echo "== journeyctl $*" >&2; journeyctl "$@"; }

run -C examples/acme validate
run -C examples/acme segment count lapsed_vip lapsed_vip_anywhere vip
run -C examples/acme segment explain lapsed_vip_anywhere c00000030
run -C examples/acme graph winback --format mermaid
run -C examples/acme dry-run winback
run -C examples/acme dry-run winback --trace c00000153
echo "== journeyctl eval < examples/expressions.txt" >&2
journeyctl eval --var "profile=$(tr -d '\n' < examples/profile.json)" < examples/expressions.txt
