#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of journeyctl from
# Debian 12's archive. Safe to run again: apt-get skips what is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  libcli11-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  catch2 nlohmann-json3-dev libsimdjson-dev libsqlite3-dev sqlite3
  libhowardhinnant-date-dev tzdata libre2-dev libxxhash-dev libbenchmark-dev libssl-dev
  libcurl4-openssl-dev python3-jwt
  libcpp-httplib-dev clang libclang-rt-14-dev llvm groff-base man-db time ccache
  postgresql openssh-server
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# postgresql: the server the SQL differential test starts a throwaway
# cluster of (tests/e2e/differential/run_peer.py). openssh-server: the
# sshd that the file channel's SFTP tests start on a loopback port
# (tests/delivery/file_send_test.py); its service is never started here.
# Node.js and npm (ajv-cli for the schema test, DuckDB for the benchmark
# and the SQL differential test):
# some machines carry a Node.js build that bundles npm and conflicts with
# Debian's npm package, so ask apt only when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-deps: all packages present" >&2
