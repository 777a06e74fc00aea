#!/usr/bin/env bash
# Validates every example workspace's files against `journeyctl schema KIND`
# with a real JSON Schema validator (ajv-cli, draft 2020-12), and checks
# that the schemas reject a few broken files, so they cannot pass by
# accepting everything.
#   check_schemas.sh JOURNEYCTL EXAMPLES_DIR NPM_PREFIX
# ajv-cli, ajv-formats and yaml (for YAML to JSON) are installed once under
# NPM_PREFIX (in the build tree). Exits 125 (skipped) when npm is missing or
# cannot reach its registry.
set -euo pipefail
journeyctl=$1 examples=$2 prefix=$3

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "skipped: node and npm are not installed (scripts/install-deps.sh installs them)"
  exit 125
fi
if [ ! -x "$prefix/node_modules/.bin/ajv" ] || [ ! -d "$prefix/node_modules/ajv-formats" ] ||
   [ ! -d "$prefix/node_modules/yaml" ]; then
  mkdir -p "$prefix"
  if ! npm install --no-audit --no-fund --silent --prefix "$prefix" ajv-cli@5.0.0 ajv-formats@3.0.1 yaml@2 \
       >"$prefix/install.log" 2>&1; then
    echo "skipped: npm could not install ajv-cli (offline?); see $prefix/install.log"
    exit 125
  fi
fi
ajv=("$prefix/node_modules/.bin/ajv" validate --spec=draft2020 -c ajv-formats --errors=text)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kind in workspace journey segment template; do
  "$journeyctl" schema "$kind" >"$work/$kind.schema.json"
done
"$journeyctl" schema >"$work/all.schema.json"

# YAML to JSON (YAML 1.2 core schema, as editors read it), one file each,
# listed as "KIND JSON_PATH" lines.
NODE_PATH="$prefix/node_modules" node - "$examples" "$work" >"$work/list" <<'JS'
const fs = require("fs"), path = require("path"), YAML = require("yaml");
const [examples, out] = process.argv.slice(2);
const kinds = { journeys: "journey", segments: "segment", templates: "template" };
let n = 0;
function convert(kind, file) {
  const target = path.join(out, `${n++}-${path.basename(file, ".yaml")}.json`);
  fs.writeFileSync(target, JSON.stringify(YAML.parse(fs.readFileSync(file, "utf8"))));
  console.log(`${kind} ${target} ${file}`);
}
for (const ws of fs.readdirSync(examples).sort()) {
  const root = path.join(examples, ws);
  if (!fs.existsSync(path.join(root, "journeyctl.yaml"))) continue;
  convert("workspace", path.join(root, "journeyctl.yaml"));
  for (const [dir, kind] of Object.entries(kinds)) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const f of fs.readdirSync(path.join(root, dir)).sort()) {
      if (f.endsWith(".yaml") || f.endsWith(".yml")) convert(kind, path.join(root, dir, f));
    }
  }
}
JS

failures=0 checked=0
while read -r kind json source; do
  checked=$((checked + 1))
  for schema in "$work/$kind.schema.json" "$work/all.schema.json"; do
    if ! output=$("${ajv[@]}" -s "$schema" -d "$json" 2>&1); then
      echo "FAIL: $source does not match $(basename "$schema"):"
      echo "$output"
      failures=$((failures + 1))
    elif grep -q "strict mode" <<<"$output"; then
      echo "FAIL: $(basename "$schema") is not strict-mode clean:"
      echo "$output"
      failures=$((failures + 1))
    fi
  done
done <"$work/list"

# Files the loader rejects must fail the schema too: "KIND|JSON|why".
rejected=(
  'journey|{"journey":"j","entry":{"segment":"s"},"steps":[{"id":"a","send":"t","wait":"3d"}]}|a step with two actions'
  'journey|{"journey":"j","entry":{"segment":"s"},"steps":[{"id":"a"}]}|a step with no action'
  'journey|{"journey":"j","entry":{"segment":"s","event":"e"},"steps":[{"id":"a","exit":true}]}|both kinds of entry'
  'journey|{"journey":"j","entry":{"segment":"s"},"steps":[{"id":"a","wait":"3 days"}]}|a bad duration'
  'journey|{"journey":"j","entry":{"segment":"s"},"stepz":[]}|an unknown key'
  'journey|{"journey":"J","entry":{"segment":"s"},"steps":[{"id":"a","exit":true}]}|a bad name'
  'journey|{"journey":"j","entry":{"segment":"s"},"steps":[{"id":"a","split":[{"weight":0,"goto":"a"}]}]}|a zero weight'
  'journey|{"journey":"j","entry":{"segment":"s"},"steps":[{"id":"a","branch":[{"when":"true"}]}]}|a case without goto'
  'segment|{"segment":"s"}|a segment without where'
  'template|{"template":"t","channel":"email","html":"x","html_file":"x.html"}|html and html_file'
  'workspace|{"workspace":"w","channels":{"sms":{"provider":"twilio","account_sid":"x"}}}|twilio without auth_token'
  'workspace|{"workspace":"w","channels":{"e":{"provider":"sendgrid","api_key":"k","account_sid":"x"}}}|another provider'"'"'s setting'
  'workspace|{"workspace":"w","policies":{"quiet_hours":{"start":"25:00","end":"08:00"}}}|a bad time of day'
  'workspace|{"workspace":"w","channels":{"e":{"provider":"sendgrid","api_key":"k","base_url":"smtp://h:25"}}}|an API provider with an smtp:// base_url'
  'workspace|{"workspace":"w","channels":{"m":{"provider":"smtp","base_url":"http://h:25"}}}|smtp with an http:// base_url'
  'workspace|{"workspace":"w","channels":{"e":{"provider":"sendgrid","api_key":"k","list_unsubscribe":{"link":"x"}}}}|an unknown list_unsubscribe key'
)
# One row of a table: the schema must refuse (rejected) or pass (accepted)
# the JSON; the validator's words are shown for a refusal that was wrong.
expect() {
  local verdict=$1 row=$2 kind json why output
  IFS='|' read -r kind json why <<<"$row"
  checked=$((checked + 1))
  printf '%s\n' "$json" >"$work/row.json"
  if output=$("${ajv[@]}" -s "$work/$kind.schema.json" -d "$work/row.json" 2>&1); then
    [ "$verdict" = accepted ] && return
    echo "FAIL: the $kind schema accepts $why: $json"
  else
    [ "$verdict" = rejected ] && return
    echo "FAIL: the $kind schema refuses $why: $json"
    echo "$output"
  fi
  failures=$((failures + 1))
}
for row in "${rejected[@]}"; do expect rejected "$row"; done

# Files the loader reads must pass, beyond what the examples show.
accepted=(
  'workspace|{"workspace":"w","channels":{"m":{"provider":"smtp","base_url":"smtps://127.0.0.1:1465"}}}|smtp with an smtps:// base_url and no host'
  'workspace|{"workspace":"w","channels":{"e":{"provider":"sendgrid","api_key":"k","list_unsubscribe":{"url":"https://a.example/u/{{profile.id}}","mailto":"u@a.example"}}}}|list_unsubscribe'
)
for row in "${accepted[@]}"; do expect accepted "$row"; done

echo "checked $checked files: $failures problems"
[ "$failures" -eq 0 ]
