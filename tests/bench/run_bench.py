#!/usr/bin/env python3
"""`journeyctl run` with many profiles in flight, beside `dry-run` of the journey.

For each size (default 100k and 1m profiles) it writes a workspace whose
journey lets everyone in at once and parks each profile on one of ten
waits (1 to 10 days, by a split), then:
  enter    `run --since T --until T`: every profile enters and is stored
           (the state database then holds SIZE instances in flight);
  run      `run --until T+1d` from a copy of that state: the 10% whose
           wait ends are due, the rest untouched (timed, the state copy
           restored before each run, outside the timing);
  dry-run  `dry-run in_flight --from T --until T+1d`: the same journey
           over the same day, every profile entering and the due tenth
           moving on, in memory;
with `--sends`, the due profiles' last step is a send to a local nginx
answering 202 (needs nginx-light), else an `update`. Runs interleave
(run, dry-run, run, ...) so a change of machine load hits both; it prints
the medians, the ratio run / dry-run (target: at most 2) and the peak RSS
of each (from /usr/bin/time -v).

  tests/bench/run_bench.py JOURNEYCTL [--sizes 100k,1m] [--runs 3] [--sends]

Not a test: figures vary with the machine; do not run while building.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import send_bench  # noqa: E402  (nginx)

FROM = "2026-11-02T00:00:00Z"
NEXT_DAY = "2026-11-03T00:00:00Z"


def size_of(text):
    return int(text[:-1]) * (1000 if text.endswith("k") else 1_000_000) if text[-1] in "km" else int(text)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def workspace(folder, profiles, port):
    root = os.path.join(folder, f"ws{profiles}")
    channel = f"""channels:
  hook:
    provider: webhook
    url: http://127.0.0.1:{port}/hook
    to: profile.id
""" if port else ""
    write(os.path.join(root, "journeyctl.yaml"), f"""workspace: run-bench
data:
  profiles:
    file: data/profiles.csv
    key: id
  events:
    file: data/events.jsonl
    key: id
    type: type
    time: ts
{channel}""")
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    with open(os.path.join(root, "data", "profiles.csv"), "w") as f:
        f.write("id,score\n")
        for i in range(profiles):
            f.write(f"p{i},{i % 97}\n")
    with open(os.path.join(root, "data", "events.jsonl"), "w") as f:
        for i in range(0, profiles, 10):
            f.write(f'{{"id": "p{i}", "type": "visit", "ts": "2026-10-{1 + i % 28:02d}T10:00:00Z"}}\n')
    write(os.path.join(root, "segments", "everyone.yaml"), "segment: everyone\nwhere: \"true\"\n")
    arms = "".join(f"      - {{ weight: 10, goto: wait{d} }}\n" for d in range(1, 11))
    waits = "".join(f"  - id: wait{d}\n    wait: {d}d\n    goto: finish\n" for d in range(1, 11))
    finish = "    send: ping\n" if port else "    update: { done: \"true\" }\n"
    if port:
        write(os.path.join(root, "templates", "ping.yaml"),
              "template: ping\nchannel: hook\nbody: '{\"profile\": \"{{profile.id}}\"}'\n")
    write(os.path.join(root, "journeys", "in_flight.yaml"), f"""journey: in_flight
status: active
entry:
  segment: everyone
reentry: never
timeout: 30d
steps:
  - id: spread
    split:
{arms}{waits}  - id: finish
{finish}""")
    return root


def timed(command):
    """(wall seconds, peak RSS MB, stdout) of one run under /usr/bin/time -v."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return wall, rss, result.stdout


def bench(binary, profiles, runs, port):
    folder = tempfile.mkdtemp(prefix="run-bench-")
    root = workspace(folder, profiles, port)
    base = [binary, "-C", root, "--now", FROM, "-q"]
    state = os.path.join(root, ".journeyctl", "state.db")
    enter_wall, enter_rss, _ = timed(base + ["run", "--since", FROM, "--until", FROM])
    saved = state + ".saved"
    shutil.copyfile(state, saved)
    run_times, dry_times, run_rss, dry_rss = [], [], 0.0, 0.0
    for _ in range(runs):
        shutil.copyfile(saved, state)
        wall, rss, _ = timed(base + ["run", "--until", NEXT_DAY])
        run_times.append(wall)
        run_rss = max(run_rss, rss)
        wall, rss, _ = timed(base + ["dry-run", "in_flight", "--from", FROM, "--until", NEXT_DAY, "--format", "json"])
        dry_times.append(wall)
        dry_rss = max(dry_rss, rss)
    shutil.rmtree(folder, ignore_errors=True)
    run_median, dry_median = statistics.median(run_times), statistics.median(dry_times)
    print(f"{profiles:>9} profiles  enter {enter_wall:7.2f} s ({enter_rss:6.0f} MB)  "
          f"run (10% due) {run_median:6.2f} s ({run_rss:6.0f} MB)  "
          f"dry-run {dry_median:6.2f} s ({dry_rss:6.0f} MB)  run/dry-run {run_median / dry_median:5.2f}x")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journeyctl")
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sends", action="store_true", help="the due profiles send to a local nginx")
    args = parser.parse_args()
    binary = os.path.abspath(args.journeyctl)
    port, stop = None, None
    if args.sends:
        send_bench.ensure_tools()
        nginx_folder = tempfile.mkdtemp(prefix="run-bench-nginx-")
        port, stop = send_bench.start_nginx(nginx_folder)
    try:
        print(f"run benchmark, medians of {args.runs} runs, {'with sends' if args.sends else 'no sends'}")
        for size in args.sizes.split(","):
            bench(binary, size_of(size), args.runs, port)
    finally:
        if stop:
            stop()


if __name__ == "__main__":
    main()
