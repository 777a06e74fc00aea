#!/usr/bin/env python3
"""The data cache through the real binary, on a copy of the differential
workspace: what `data inspect` says of it, when it is used and when not,
and that the answers are the same with it as with --no-cache.

  cold, then warm            written (no cache yet), then fresh
  --no-cache                 off, and nothing written
  same bytes, new mtime      fresh
  one byte changed at the end (same size)   written: data/events.jsonl changed
  a declared type changed    written: the settings changed
  cache truncated            warning on stderr, rebuilt, same answer; -q silences it
  another format version     warning, rebuilt
  four processes at once     all right, the cache fresh after
  data cache clear           written again on the next load

usage: check_data_cache.py JOURNEYCTL WORKSPACE
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

NOW = "2026-11-01T00:00:00Z"
SEGMENTS = ["lapsed_vip", "events_property_compare", "events_nested_property", "timestamps", "has_fields"]


def run(binary, workspace, *args):
    result = subprocess.run([binary, "-C", workspace, "--now", NOW, "--color", "never", *args],
                            capture_output=True, text=True, env={"PATH": os.environ.get("PATH", "")})
    return result


def cache_state(binary, workspace, *flags):
    result = run(binary, workspace, *flags, "data", "inspect", "--format", "json")
    if result.returncode != 0:
        raise SystemExit(f"data inspect failed: {result.stderr}")
    return json.loads(result.stdout)["cache"], result.stderr


def answers(binary, workspace, *flags):
    """Each segment's export, the counts, and stderr (rejected rows, cache warnings)."""
    out = {}
    errors = []
    for name in SEGMENTS:
        result = run(binary, workspace, *flags, "segment", "export", name, "--format", "csv")
        if result.returncode != 0:
            raise SystemExit(f"segment export {name} failed: {result.stderr}")
        out[name] = result.stdout
        errors.append(result.stderr)
    return out, "".join(errors)


def cache_files(workspace):
    folder = os.path.join(workspace, ".journeyctl", "cache")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def main():
    binary, source = sys.argv[1], sys.argv[2]
    problems = []

    def check(condition, what):
        if not condition:
            problems.append(what)
            print(f"FAIL {what}")
        else:
            print(f"ok   {what}")

    with tempfile.TemporaryDirectory(prefix="journeyctl-cache-") as scratch:
        ws = os.path.join(scratch, "workspace")
        shutil.copytree(source, ws, ignore=shutil.ignore_patterns(".journeyctl"))
        oracle, _ = answers(binary, ws, "--no-cache")
        check(cache_files(ws) == [], "--no-cache writes no cache")
        state, _ = cache_state(binary, ws, "--no-cache")
        check(state == {"state": "off"}, f"--no-cache: inspect says off ({state})")

        state, _ = cache_state(binary, ws)
        check(state["state"] == "written" and state["why"] == "no cache yet", f"cold: written ({state})")
        state, _ = cache_state(binary, ws)
        check(state["state"] == "fresh" and state["fresh"], f"warm: fresh ({state})")
        cached, _ = answers(binary, ws)
        check(cached == oracle, "segment exports from the cache equal --no-cache's")

        events = os.path.join(ws, "data", "events.jsonl")
        stat = os.stat(events)
        os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns + 3_600_000_000_000))
        state, _ = cache_state(binary, ws)
        check(state["state"] == "fresh", f"same bytes, new mtime: fresh ({state})")

        with open(events, "rb") as handle:
            data = bytearray(handle.read())
        stat = os.stat(events)
        at = data.rindex(b'"', 0, len(data) - 2)  # inside the last line's last string
        data[at - 1] = ord("Z") if data[at - 1] != ord("Z") else ord("Y")
        with open(events, "wb") as handle:
            handle.write(data)
        os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        state, _ = cache_state(binary, ws)
        check(state["state"] == "written" and state["why"] == "data/events.jsonl changed",
              f"one byte changed at the end, same size and mtime: written ({state})")
        oracle, _ = answers(binary, ws, "--no-cache")
        cached, _ = answers(binary, ws)
        check(cached == oracle, "after the change, the cache's answers equal --no-cache's")

        config = os.path.join(ws, "journeyctl.yaml")
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(text.replace("score: double", "score: string"))
        state, _ = cache_state(binary, ws)
        check(state["state"] == "written" and state["why"] == "the data settings in journeyctl.yaml changed",
              f"a declared type changed: written ({state})")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(text)
        cache_state(binary, ws)

        cache = os.path.join(ws, ".journeyctl", "cache", cache_files(ws)[0])
        os.truncate(cache, os.path.getsize(cache) // 2)
        cached, errors = answers(binary, ws)
        check("is damaged" in errors and "rebuilt" in errors, "a truncated cache: a warning on stderr")
        check(cached == oracle, "a truncated cache: the same answers")
        cache_state(binary, ws)  # every field again, after the exports' few
        state, _ = cache_state(binary, ws)
        check(state["state"] == "fresh", f"a truncated cache: rebuilt, then fresh ({state})")
        os.truncate(cache, 100)
        quiet = run(binary, ws, "-q", "segment", "count", "lapsed_vip")
        check(quiet.returncode == 0 and quiet.stderr == "", "-q silences the warning")

        with open(cache, "r+b") as handle:
            handle.seek(8)
            handle.write(b"\x63\x00\x00\x00")
        result = run(binary, ws, "segment", "count", "lapsed_vip")
        check("of another format version" in result.stderr, "another format version: a warning on stderr")
        cache_state(binary, ws)
        state, _ = cache_state(binary, ws)
        check(state["state"] == "fresh", f"another format version: rebuilt, then fresh ({state})")

        cleared = run(binary, ws, "data", "cache", "clear")
        check(cleared.returncode == 0 and cleared.stdout.startswith("removed 1 data cache file"),
              f"data cache clear: {cleared.stdout.strip()}")
        check(cache_files(ws) == [], "data cache clear leaves no cache file")
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            racing = list(pool.map(lambda _: run(binary, ws, "segment", "export", "lapsed_vip", "--format", "csv"),
                                   range(4)))
        check(all(r.returncode == 0 and r.stdout == oracle["lapsed_vip"] for r in racing),
              "four processes building the cache at once all give the right answer")
        check(len(cache_files(ws)) == 1, f"one cache file after the race ({cache_files(ws)})")
        cache = os.path.join(ws, ".journeyctl", "cache", cache_files(ws)[0])
        written = os.stat(cache).st_mtime_ns
        again = run(binary, ws, "segment", "export", "lapsed_vip", "--format", "csv")
        check(again.stdout == oracle["lapsed_vip"] and os.stat(cache).st_mtime_ns == written,
              "after the race, the cache is fresh (read, not rewritten)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
