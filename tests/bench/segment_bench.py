#!/usr/bin/env python3
"""Segment count benchmark: journeyctl against DuckDB and sqlite3, side by side.

For each size (default 100k and 1m profiles) it generates the data once with
shared/bench/gen_data.py (kept in a cache folder), then times, each run in a
fresh process, the tools interleaved run by run (journeyctl, DuckDB,
journeyctl, DuckDB, ...) so that a change of load hits them alike:
  cold        journeyctl `segment count lapsed_vip` --no-cache (parsing the
              raw files) vs DuckDB querying the raw files
              (shared/bench/duckdb_segment.mjs DIR 2, @duckdb/node-api: the
              milliseconds it prints, DuckDB's own query time, and the wall
              time of the node process)
  first run   journeyctl with an empty data cache: parses and writes it
              (the overhead of writing, against cold)
  warm        journeyctl with a fresh data cache vs DuckDB querying its own
              database file built from the same files (duckdb_native.mjs;
              building it is not timed)
  10 segments journeyctl counting the workspace's ten segments at once, cold
              and warm
  sqlite3     import of both files by sqlite3 itself, then the query (not
              interleaved; --sqlite-runs 0 skips it)
  floor       `cat` of both files (they are in the page cache)
and prints the counts (which must be equal), the medians, the ratios and the
peak RSS of each (from /usr/bin/time), then the targets of issue #15: warm
<= 1.0x DuckDB native at 1M, cold <= 0.7x DuckDB raw, first run <= 1.15x cold.

  tests/bench/segment_bench.py [--sizes 100k,1m] [--runs 5] [--journeyctl PATH]

Exit status: 0 when the counts agree (the targets are reported, not enforced:
this is a benchmark, not a test), 1 when they differ or a tool fails.
Needs python3, node + npm (DuckDB is installed with npm into the cache
folder on first use), sqlite3 and /usr/bin/time (Debian `time`). Say what
else ran on the machine (uptime) with the figures.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# gen_data.py and duckdb_segment.mjs live in the project's shared folder,
# next to the repository (or inside it); --shared-bench names another place.
SHARED_BENCH = next((p for p in (REPO / "shared" / "bench", REPO.parent / "shared" / "bench")
                     if (p / "gen_data.py").is_file()), REPO.parent / "shared" / "bench")
WORKSPACE = REPO / "tests" / "bench" / "workspace"
NOW = "2026-11-01T00:00:00Z"  # the data's reference instant (shared/bench/README.md)
SEGMENT = "lapsed_vip"
SIZES = {"100k": 100_000, "1m": 1_000_000}

# The reference segment in SQLite's SQL, over tables imported by sqlite3:
# profiles from the CSV (every column text), events as one JSON text column
# per line, then split with ->> (times are RFC 3339 UTC, so they compare as text).
SQLITE_SCRIPT = """.bail on
.import --csv {dir}/profiles.csv profiles
CREATE TABLE events_raw(j TEXT);
.mode list
.separator "\\t" "\\n"
.import {dir}/events.jsonl events_raw
CREATE TABLE events AS SELECT j->>'$.customer_id' AS customer_id, j->>'$.event' AS event, j->>'$.ts' AS ts
  FROM events_raw;
DROP TABLE events_raw;
SELECT count(*) FROM profiles p JOIN (
  SELECT customer_id,
    sum(event = 'purchase' AND ts >= strftime('%Y-%m-%dT%H:%M:%SZ', '{now}', '-90 days')) AS p90,
    sum(event = 'purchase' AND ts >= strftime('%Y-%m-%dT%H:%M:%SZ', '{now}', '-14 days')) AS p14
  FROM events GROUP BY customer_id) a USING (customer_id)
WHERE p.tier IN ('gold', 'platinum') AND p.country IN ('FR', 'DE', 'ES') AND p.email_opt_in = 'true'
  AND p.age <> '' AND CAST(p.age AS INTEGER) BETWEEN 25 AND 54 AND a.p90 >= 2 AND a.p14 = 0;
"""


class Failure(Exception):
    pass


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_data(cache, size):
    """The generated files for one size; generated (atomically) when absent."""
    out = cache / size
    if (out / "profiles.csv").is_file() and (out / "events.jsonl").is_file():
        return out
    partial = cache / (size + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    log(f"generating {SIZES[size]} profiles into {out} (about {SIZES[size] // 10_000} s)")
    subprocess.run([sys.executable, str(SHARED_BENCH / "gen_data.py"), str(partial), "--profiles", str(SIZES[size])], check=True)
    partial.rename(out)
    return out


def ensure_workspace(data_dir, name="workspace"):
    """tests/bench/workspace copied next to the data (its paths are ../*)."""
    ws = data_dir / name
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(WORKSPACE, ws)
    return ws


def ensure_duckdb(cache):
    """A scratch npm folder with @duckdb/node-api, duckdb_segment.mjs and
    duckdb_native.mjs (scripts run from there to find the module)."""
    folder = cache / "duckdb-node"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "node_modules" / "@duckdb" / "node-api").is_dir():
        log(f"installing @duckdb/node-api into {folder}")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "@duckdb/node-api"], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL)
    shutil.copy(SHARED_BENCH / "duckdb_segment.mjs", folder / "duckdb_segment.mjs")
    shutil.copy(Path(__file__).resolve().parent / "duckdb_native.mjs", folder / "duckdb_native.mjs")
    return folder / "duckdb_segment.mjs"


def ensure_duckdb_database(data, native_script):
    """DuckDB's own database file of the data (built once; not timed)."""
    database = data / "duckdb-native.db"
    if not database.is_file():
        log(f"building {database}")
        partial = data / "duckdb-native.db.partial"
        partial.unlink(missing_ok=True)
        subprocess.run(["node", str(native_script), "build", str(data), str(partial)], check=True,
                       stdout=subprocess.DEVNULL)
        partial.rename(database)
    return database


def measure(argv, stdin_path=None, discard=False):
    """One run in a fresh process: (stdout, wall seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as report:
        stdin = open(stdin_path) if stdin_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + argv, stdin=stdin,
                                  stdout=subprocess.DEVNULL if discard else subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
            wall = time.perf_counter() - start
        finally:
            if stdin_path:
                stdin.close()
        if done.returncode != 0:
            raise Failure(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
        peak_kb = int(report.read().strip().splitlines()[-1])
    return done.stdout, wall, peak_kb / 1024


class Result:
    def __init__(self, tool, count):
        self.tool, self.count = tool, count
        self.times, self.peaks = [], []

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def peak(self):
        return max(self.peaks) if self.peaks else None


class Tool:
    """One timed command: argv, parse(stdout, wall) -> (count, seconds), and
    `before`, run untimed before each run (emptying the data cache)."""

    def __init__(self, name, argv, parse, before=None, discard=False):
        self.name, self.argv, self.parse, self.before, self.discard = name, argv, parse, before, discard
        self.result = None


def interleaved(runs, tools):
    """Each tool once untimed, then `runs` rounds of every tool in turn, so
    that a change of the machine's load hits all of them alike."""
    for tool in tools:
        if tool.before:
            tool.before()
        measure(tool.argv, discard=tool.discard)
    for _ in range(runs):
        for tool in tools:
            if tool.before:
                tool.before()
            out, wall, peak = measure(tool.argv, discard=tool.discard)
            count, seconds = tool.parse(out, wall)
            if tool.result is None:
                tool.result = Result(tool.name, count)
            elif count != tool.result.count:
                raise Failure(f"{tool.name}: the count changed between runs ({tool.result.count} then {count})")
            tool.result.times.append(seconds)
            tool.result.peaks.append(peak)
    return [tool.result for tool in tools]


def repeat(tool, runs, argv, parse, stdin_path=None, warmup=True, discard=False):
    """Runs argv `runs` times (after one untimed run); parse(stdout, wall) -> (count, seconds)."""
    if warmup:
        measure(argv, stdin_path, discard)
    result = None
    for _ in range(runs):
        out, wall, peak = measure(argv, stdin_path, discard)
        count, seconds = parse(out, wall)
        if result is None:
            result = Result(tool, count)
        elif count != result.count:
            raise Failure(f"{tool}: the count changed between runs ({result.count} then {count})")
        result.times.append(seconds)
        result.peaks.append(peak)
    return result


def journeyctl_count(binary, ws, names, cache=True):
    return [binary, "-C", str(ws), "--now", NOW, "-q", *([] if cache else ["--no-cache"]), "segment", "count", *names]


def journeyctl_counts(out):
    counts = {}
    for line in out.splitlines():
        name, _, count = line.rpartition(" ")
        counts[name.strip()] = int(count)
    return counts


def parse_journeyctl(out, wall):
    return journeyctl_counts(out)[SEGMENT], wall


def parse_journeyctl_all(out, wall):
    return tuple(sorted(journeyctl_counts(out).items())), wall


def duckdb_parser(walls):
    """Parses "count N ms M" (DuckDB's own query time); keeps the node process's wall time."""
    def parse(out, wall):
        m = re.search(r"count (\d+) ms (\d+)", out)
        if not m:
            raise Failure(f"duckdb printed {out!r}")
        walls.append(wall)
        return int(m.group(1)), int(m.group(2)) / 1000
    return parse


def node_process(name, query, walls):
    """The node process's wall times of a DuckDB tool, as a row of their own."""
    row = Result(name, query.count)
    row.times, row.peaks = walls[-len(query.times):], query.peaks
    return row


def bench_size(size, args, binary, duckdb_script):
    data = ensure_data(args.cache, size)
    ws = ensure_workspace(data)
    native_script = duckdb_script.parent / "duckdb_native.mjs"
    database = ensure_duckdb_database(data, native_script)
    subprocess.run(["cat", str(data / "profiles.csv"), str(data / "events.jsonl")], stdout=subprocess.DEVNULL,
                   check=True)  # into the page cache
    names = sorted(p.stem for p in (ws / "segments").glob("*.yaml"))
    # The first-run rows empty the cache of a workspace of their own, so
    # that the warm rows keep theirs.
    ws_first = ensure_workspace(data, "workspace-first-run")
    clear = [binary, "-C", str(ws_first), "data", "cache", "clear"]

    def empty_cache():
        subprocess.run(clear, check=True, stdout=subprocess.DEVNULL)

    raw_walls, native_walls = [], []
    threads = args.duckdb_threads
    tools = [
        Tool("journeyctl cold (--no-cache)", journeyctl_count(binary, ws, [SEGMENT], cache=False), parse_journeyctl),
        Tool(f"duckdb raw files ({threads} thr)", ["node", str(duckdb_script), str(data), str(threads)],
             duckdb_parser(raw_walls)),
        Tool("journeyctl first run (writes)", journeyctl_count(binary, ws_first, [SEGMENT]), parse_journeyctl,
             before=empty_cache),
        Tool("journeyctl warm (cache)", journeyctl_count(binary, ws, [SEGMENT]), parse_journeyctl),
        Tool(f"duckdb native db ({threads} thr)", ["node", str(native_script), "query", str(database), str(threads)],
             duckdb_parser(native_walls)),
        Tool(f"journeyctl {len(names)} segments cold", journeyctl_count(binary, ws, names, cache=False),
             parse_journeyctl_all),
        Tool(f"journeyctl {len(names)} segments warm", journeyctl_count(binary, ws, names), parse_journeyctl_all),
        Tool("floor: cat the files", ["cat", str(data / "profiles.csv"), str(data / "events.jsonl")],
             lambda out, wall: (None, wall), discard=True),
    ]
    log(f"[{size}] {len(tools)} tools interleaved, {args.runs} rounds")
    cold, raw, first, warm, native, many_cold, many_warm, floor = interleaved(args.runs, tools)
    rows = [cold, raw, node_process("duckdb raw: node process", raw, raw_walls), first, warm, native,
            node_process("duckdb native: node process", native, native_walls)]

    if args.sqlite_runs > 0:
        log(f"[{size}] sqlite3")
        script = args.cache / f"sqlite-{size}.sql"
        script.write_text(SQLITE_SCRIPT.format(dir=data, now=NOW))
        rows.append(repeat("sqlite3 import + query", args.sqlite_runs, ["sqlite3", ":memory:"],
                           lambda out, wall: (int(out.strip().splitlines()[-1]), wall), stdin_path=script,
                           warmup=False))
    rows.append(floor)
    if many_cold.count != many_warm.count:
        raise Failure(f"ten segments: counts differ with and without the cache: {many_cold.count} {many_warm.count}")
    return rows, {"cold": cold, "raw": raw, "first": first, "warm": warm, "native": native,
                  "many_cold": many_cold, "many_warm": many_warm}


def main():
    global SHARED_BENCH
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k, 1m (default both)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per tool (after one untimed run)")
    ap.add_argument("--sqlite-runs", type=int, default=None, help="timed sqlite3 runs (default --runs; 0 skips)")
    ap.add_argument("--duckdb-threads", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("JOURNEYCTL_BENCH_CACHE", "/tmp/journeyctl-bench")))
    ap.add_argument("--journeyctl", default=os.environ.get("JOURNEYCTL", str(REPO / "build" / "cmd" / "journeyctl")))
    ap.add_argument("--shared-bench", type=Path, default=None,
                    help=f"folder with gen_data.py and duckdb_segment.mjs (default {SHARED_BENCH})")
    args = ap.parse_args()
    if args.shared_bench is not None:
        SHARED_BENCH = args.shared_bench
    for needed in ("gen_data.py", "duckdb_segment.mjs"):
        if not (SHARED_BENCH / needed).is_file():
            ap.error(f"no {needed} in {SHARED_BENCH} (pass --shared-bench)")
    if args.sqlite_runs is None:
        args.sqlite_runs = args.runs
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    for s in sizes:
        if s not in SIZES:
            ap.error(f"unknown size {s!r} (one of {', '.join(SIZES)})")
    binary = shutil.which(args.journeyctl) or args.journeyctl
    if not os.access(binary, os.X_OK):
        ap.error(f"no journeyctl binary at {binary} (build it, or pass --journeyctl)")
    if not os.access("/usr/bin/time", os.X_OK):
        ap.error("/usr/bin/time is missing (Debian package `time`; scripts/install-deps.sh installs it)")
    args.cache.mkdir(parents=True, exist_ok=True)

    load_before = os.getloadavg()[0]
    ok = True
    lines = [f"{'size':<5} {'tool':<34} {'count':>7} {'median s':>9} {'vs cold':>7} {'peak MB':>8}"]
    summary = []
    try:
        duckdb_script = ensure_duckdb(args.cache)
        for size in sizes:
            rows, r = bench_size(size, args, binary, duckdb_script)
            cold = r["cold"]
            counts = {row.count for row in rows if row.count is not None}
            for row in rows + [r["many_cold"], r["many_warm"]]:
                count = "" if row.count is None or isinstance(row.count, tuple) else str(row.count)
                lines.append(f"{size:<5} {row.tool:<34} {count:>7} {row.median:>9.3f} {row.median / cold.median:>7.2f} "
                             f"{row.peak:>8.1f}")
            if len(counts) != 1:
                ok = False
                summary.append(f"{size}: COUNTS DIFFER: " + ", ".join(f"{row.tool}={row.count}" for row in rows))
            raw_wall = statistics.median(rows[2].times)
            native_wall = statistics.median(rows[6].times)
            summary.append(f"{size}: cold / duckdb raw = {cold.median / r['raw'].median:.2f} of its query time, "
                           f"{cold.median / raw_wall:.2f} of its process (target <= 0.7)")
            summary.append(f"{size}: warm / duckdb native = {r['warm'].median / r['native'].median:.2f} of its query "
                           f"time, {r['warm'].median / native_wall:.2f} of its process (target <= 1.0, moonshot 0.5)")
            summary.append(f"{size}: first run / cold = {r['first'].median / cold.median:.2f} (target <= 1.15)")
            summary.append(f"{size}: 10 segments / 1 segment: cold {r['many_cold'].median / cold.median:.2f}, warm "
                           f"{r['many_warm'].median / r['warm'].median:.2f}; warm / cold "
                           f"{r['many_warm'].median / r['many_cold'].median:.2f}; peak MB journeyctl cold "
                           f"{cold.peak:.0f}, warm {r['warm'].peak:.0f}, duckdb raw {r['raw'].peak:.0f}, "
                           f"native {r['native'].peak:.0f}")
    except (Failure, subprocess.CalledProcessError) as e:
        ok = False
        summary.append(f"FAILED: {e}")
    print(f"median of {args.runs} interleaved runs (sqlite3: {args.sqlite_runs}), each a fresh process; "
          f"1-min load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f}; "
          "'vs cold' = median / journeyctl cold's")
    print("\n".join(lines))
    print("\n".join(summary))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
