#!/usr/bin/env python3
"""diff benchmark: `diff` of a one-line change beside one `dry-run --all`, five journeys.

For each size (default 100k and 1m profiles) it uses the data of
shared/bench/gen_data.py (generated once into the cache folder that
segment_bench.py shares), makes a workspace of five journeys (the
dry-run benchmark's engaged_offer with pauses of 1d to 5d, weekly entries
over 30 days, every kind of policy), commits it to a fresh git repository,
changes one line (the third journey's pause, 3d -> 4d), then times, each
run in a fresh process reading the raw files:
  dry-run  `dry-run --all --format json` of the changed workspace
  diff     `diff --format json` against the commit (git archive included)
and prints the medians, peak RSS, and the ratio diff / dry-run (target: at
most 2.2) with the diff's own figures (diverging profiles, messages sent
on each side) so a change in behaviour shows next to the time.

  tests/bench/diff_bench.py [--sizes 100k,1m] [--runs 3] [--journeyctl PATH]

Exit status: 0 when every run succeeded (the target is reported, not
enforced: this is a benchmark, not a test), 1 when a run failed.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import segment_bench  # noqa: E402  (shares data generation and measurement)

REPO = Path(__file__).resolve().parents[2]
WORKSPACE = REPO / "tests" / "bench" / "dry_run_workspace"
FROM = "2026-10-01T00:00:00Z"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@journeyctl.invalid", "-c", "commit.gpgsign=false"]


def workspace_for(data_dir):
    """The five-journey workspace, committed, with its one-line change made."""
    ws = data_dir / "diff_workspace"
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(WORKSPACE, ws)
    journey = (ws / "journeys" / "engaged_offer.yaml").read_text()
    (ws / "journeys" / "engaged_offer.yaml").unlink()
    for n in range(1, 6):
        text = journey.replace("journey: engaged_offer", f"journey: offer_{n}").replace("wait: 3d", f"wait: {n}d")
        (ws / "journeys" / f"offer_{n}.yaml").write_text(text)
    subprocess.run(GIT + ["init", "-q", str(ws)], check=True)
    subprocess.run(GIT + ["-C", str(ws), "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", str(ws), "commit", "-q", "-m", "base"], check=True)
    third = ws / "journeys" / "offer_3.yaml"
    third.write_text(third.read_text().replace("wait: 3d", "wait: 4d"))
    return ws


def bench_size(size, args):
    data = segment_bench.ensure_data(args.cache, size)
    ws = workspace_for(data)
    base = [args.journeyctl, "-C", str(ws), "--now", FROM, "-q"]
    summary = {}

    def parse_dry_run(out, wall):
        report = json.loads(out)
        sent = sum(j["messages"]["sent"] for j in report["journeys"])
        summary["dry_sent"] = sent
        return sent, wall

    def parse_diff(out, wall):
        report = json.loads(out)
        totals = report["totals"]
        summary.update(diverged=totals["diverged"], base_sent=totals["sent"]["base"], head_sent=totals["sent"]["head"])
        return (totals["diverged"], totals["sent"]["head"]), wall

    dry = segment_bench.repeat("dry-run", args.runs, base + ["dry-run", "--all", "--format", "json"], parse_dry_run)
    diff = segment_bench.repeat("diff", args.runs, base + ["diff", "--base", "HEAD", "--format", "json"], parse_diff)
    ratio = diff.median / dry.median
    print(f"{size}: five journeys; dry-run --all sends {summary['dry_sent']}; diff: messages sent "
          f"{summary['base_sent']} -> {summary['head_sent']}, {summary['diverged']} profiles on a different path")
    print(f"  {'':8} {'median':>9} {'peak RSS':>10}   (runs: {args.runs}, after one untimed run)")
    print(f"  {'dry-run':8} {dry.median:8.3f}s {dry.peak:8.0f}MB   times {', '.join(f'{t:.3f}' for t in dry.times)}")
    print(f"  {'diff':8} {diff.median:8.3f}s {diff.peak:8.0f}MB   times {', '.join(f'{t:.3f}' for t in diff.times)}")
    verdict = "within" if ratio <= 2.2 else "NOT within"
    print(f"  diff / dry-run --all = {ratio:.2f}x ({verdict} the 2.2x target); memory {diff.peak / dry.peak:.2f}x")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k, 1m (default both)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per command (after one untimed run)")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("JOURNEYCTL_BENCH_CACHE", "/tmp/journeyctl-bench")))
    ap.add_argument("--journeyctl", default=os.environ.get("JOURNEYCTL", str(REPO / "build" / "cmd" / "journeyctl")))
    args = ap.parse_args()
    try:
        for size in args.sizes.split(","):
            if size not in segment_bench.SIZES:
                ap.error(f"unknown size {size!r} (sizes: {', '.join(segment_bench.SIZES)})")
            bench_size(size, args)
    except segment_bench.Failure as failure:
        print(f"diff_bench: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
