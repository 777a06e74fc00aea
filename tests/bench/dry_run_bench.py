#!/usr/bin/env python3
"""Dry-run benchmark: a 30-day dry-run of a scheduled journey beside `segment count` of its entry segment.

For each size (default 100k and 1m profiles) it uses the data of
shared/bench/gen_data.py (generated once into the cache folder that
segment_bench.py shares), copies tests/bench/dry_run_workspace next to it,
then times, each run in a fresh process reading the raw files:
  count    `segment count email_engaged` (the journey's entry segment)
  dry-run  `dry-run engaged_offer --format json` from 2026-10-01 for the
           journey's 30-day timeout: weekly entry (Mondays 09:00 Paris),
           a send, two waits, a branch on events, a split, consent,
           frequency caps and quiet hours
and prints the medians, peak RSS (from /usr/bin/time), the ratio
dry-run / count (target: at most 3) and the dry-run's own figures
(entries, messages sent) so a change in behaviour shows next to the time.

  tests/bench/dry_run_bench.py [--sizes 100k,1m] [--runs 5] [--journeyctl PATH]

Exit status: 0 when every run succeeded (the target is reported, not
enforced: this is a benchmark, not a test), 1 when a run failed.
"""
import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import segment_bench  # noqa: E402  (shares data generation and measurement)

REPO = Path(__file__).resolve().parents[2]
WORKSPACE = REPO / "tests" / "bench" / "dry_run_workspace"
FROM = "2026-10-01T00:00:00Z"
SEGMENT = "email_engaged"
JOURNEY = "engaged_offer"


def workspace_for(data_dir):
    ws = data_dir / "dry_run_workspace"
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(WORKSPACE, ws)
    return ws


def bench_size(size, args):
    data = segment_bench.ensure_data(args.cache, size)
    ws = workspace_for(data)
    base = [args.journeyctl, "-C", str(ws), "--now", FROM, "-q"]
    count = segment_bench.repeat("count", args.runs, base + ["segment", "count", SEGMENT],
                                 lambda out, wall: (int(out.split()[-1]), wall))
    summary = {}

    def parse_dry_run(out, wall):
        report = json.loads(out)
        summary.update(entries=report["entries"], sent=report["messages"]["sent"],
                       occurrences=len(report["occurrences"]), waiting=report["waiting"])
        return (report["entries"], report["messages"]["sent"]), wall

    dry = segment_bench.repeat("dry-run", args.runs, base + ["dry-run", JOURNEY, "--format", "json"], parse_dry_run)
    ratio = dry.median / count.median
    print(f"{size}: {count.count} in {SEGMENT} (all events), dry-run: {summary['entries']} entries over "
          f"{summary['occurrences']} occurrences, {summary['sent']} messages sent, {summary['waiting']} still inside")
    print(f"  {'':8} {'median':>9} {'peak RSS':>10}   (runs: {args.runs}, after one untimed run)")
    print(f"  {'count':8} {count.median:8.3f}s {count.peak:8.0f}MB   times {', '.join(f'{t:.3f}' for t in count.times)}")
    print(f"  {'dry-run':8} {dry.median:8.3f}s {dry.peak:8.0f}MB   times {', '.join(f'{t:.3f}' for t in dry.times)}")
    verdict = "within" if ratio <= 3 else "NOT within"
    print(f"  dry-run / count = {ratio:.2f}x ({verdict} the 3x target); memory {dry.peak / count.peak:.2f}x")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k, 1m (default both)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (after one untimed run)")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("JOURNEYCTL_BENCH_CACHE", "/tmp/journeyctl-bench")))
    ap.add_argument("--journeyctl", default=os.environ.get("JOURNEYCTL", str(REPO / "build" / "cmd" / "journeyctl")))
    args = ap.parse_args()
    try:
        for size in args.sizes.split(","):
            if size not in segment_bench.SIZES:
                ap.error(f"unknown size {size!r} (sizes: {', '.join(segment_bench.SIZES)})")
            bench_size(size, args)
    except segment_bench.Failure as failure:
        print(f"dry_run_bench: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
