#!/usr/bin/env bash
# Installs the real peers of the delivery contract tests with npm:
# Stoplight Prism (serves the providers' OpenAPI specs and validates every
# request against them) and MailDev (an SMTP server with a REST API to read
# back what arrived), at the versions shared/peers/README.md pins for
# Node 20 (Prism 5.16 needs Node 24; MailDev 3.0.0 needs Node 20).
#
#   install_peers.sh [FOLDER]
#
# FOLDER defaults to $JOURNEYCTL_PEERS_DIR, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/journeyctl-peers: outside the checkout,
# so that every clone and build tree shares one install. An install already
# there at these versions is reused without asking npm. Several callers at
# once (ctest -j) take turns on a lock. Prints the folder (and nothing else)
# on stdout; its node_modules/.bin holds prism and maildev. npm's output
# goes to FOLDER/install.log. Exits 1 when node/npm are missing or too old,
# or when npm fails (offline), with the reason on stderr.
set -euo pipefail

prism_version=5.14.2
maildev_version=3.0.0
stamp_text="@stoplight/prism-cli@$prism_version maildev@$maildev_version"

folder=${1:-${JOURNEYCTL_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/journeyctl-peers}}

fail() {
  echo "install_peers: $*" >&2
  exit 1
}

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
  fail "node and npm are not installed (scripts/install-deps.sh installs them)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "MailDev $maildev_version needs Node.js 20 or newer; this is $(node --version)"

mkdir -p "$folder"
folder=$(cd "$folder" && pwd)

# The stamp is written after npm succeeded and both packages answered with
# their versions, so an interrupted install is never taken for a whole one.
installed() {
  [ -f "$folder/installed" ] && [ "$(cat "$folder/installed")" = "$stamp_text" ] &&
    [ -x "$folder/node_modules/.bin/prism" ] && [ -x "$folder/node_modules/.bin/maildev" ]
}

exec 9>"$folder/.lock"
flock 9
if ! installed; then
  echo "install_peers: installing $stamp_text into $folder (about 15 s)" >&2
  rm -rf "$folder/node_modules" "$folder/installed" "$folder/package.json" "$folder/package-lock.json"
  # A package.json of its own keeps npm from walking up to a parent's.
  printf '{"name": "journeyctl-peers", "private": true}\n' >"$folder/package.json"
  if ! (cd "$folder" && npm install --no-audit --no-fund --loglevel=error \
          "@stoplight/prism-cli@$prism_version" "maildev@$maildev_version") >"$folder/install.log" 2>&1; then
    tail -n 20 "$folder/install.log" >&2
    fail "npm could not install the peers (offline?); see $folder/install.log"
  fi
  prism_found=$(node -p 'require(process.argv[1]).version' "$folder/node_modules/@stoplight/prism-cli/package.json")
  maildev_found=$(node -p 'require(process.argv[1]).version' "$folder/node_modules/maildev/package.json")
  [ "$prism_found" = "$prism_version" ] || fail "npm installed Prism $prism_found, not $prism_version"
  [ "$maildev_found" = "$maildev_version" ] || fail "npm installed MailDev $maildev_found, not $maildev_version"
  printf '%s\n' "$stamp_text" >"$folder/installed"
fi
flock -u 9
echo "$folder"
