#!/usr/bin/env bash
# Times `journeyctl validate` (a whole process: discovery, loading, every
# check) on the example workspace plus 1,000 generated journey files, and
# on the example alone, as the median of RUNS runs. Prints figures; never
# fails on speed.
# Usage: tests/bench/validate_bench.sh [JOURNEYCTL] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
journeyctl=$(realpath "${1:-$here/../../build/cmd/journeyctl}")
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/../../examples/acme" "$work/small"
cp -r "$here/../../examples/acme" "$work/large"
for i in $(seq 0 999); do
  cat > "$work/large/journeys/generated_$i.yaml" <<YAML
journey: generated_$i
entry:
  segment: vip
  schedule: "0 9 * * MON"
exit_on: [unsubscribe]
steps:
  - id: welcome
    send: winback_email
  - id: pause
    wait: 1d
  - id: check
    branch:
      - when: profile.age > $((i % 90)) && inSegment("vip")
        goto: offer
      - else: done
  - id: offer
    wait_for: { event: purchase, where: event.properties.amount > 10, timeout: 3d, on_timeout: done }
  - id: thanks
    update: { last_seen_at: now }
  - id: done
    exit: true
YAML
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local dir=$1
  "$journeyctl" -C "$dir" --now 2026-11-01T00:00:00Z validate >/dev/null  # warm the page cache
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$journeyctl" -C "$dir" --now 2026-11-01T00:00:00Z validate >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | median
}
peak_kb=$( { /usr/bin/time -f %M "$journeyctl" -C "$work/large" --now 2026-11-01T00:00:00Z validate >/dev/null; } 2>&1 | tail -1)
echo "validate, example workspace:                  $(measure "$work/small") ms (median of $runs)"
echo "validate, example + 1,000 journey files:      $(measure "$work/large") ms (median of $runs), peak $((peak_kb / 1024)) MB"
"$journeyctl" -C "$work/large" --now 2026-11-01T00:00:00Z validate | tail -1
