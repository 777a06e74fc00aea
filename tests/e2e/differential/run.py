#!/usr/bin/env python3
"""Differential test of `segment sql` against the evaluator, in SQLite.

For each segment of the workspace (or those named), the members that
`journeyctl segment export --format csv` selects must equal, exactly, the
keys that the SQL of `journeyctl segment sql --dialect sqlite` selects when
the real sqlite3 runs it over the database that `journeyctl data export`
wrote. Everything runs at one fixed instant (--now). run_peer.py does the
same in DuckDB and PostgreSQL.

The cached pass: in a copy of the workspace, `segment export` with the data
cache, first writing it and then reading it (the cache file must be left
as the first run wrote it), must select exactly what the oracle (run with
--no-cache) selects.

usage: run.py JOURNEYCTL WORKSPACE [SEGMENT...]
exit:  0 equal; 1 a difference (printed); 125 skipped (no sqlite3 CLI, or a
       command this test needs is not in this build yet).
"""
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from common import NO_SQL_FORM, SKIP, Skip, evaluator_members, export_database, report, run, segment_names, segment_sql  # noqa: E402


def cached_members(binary, workspace, scratch, name):
    """The keys `segment export NAME` selects with the data cache: a list of
    (pass, keys, problem), the cold pass that writes the cache and the warm
    one that must read it, in a copy of the workspace."""
    copy = os.path.join(scratch, "cached")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns(".journeyctl"))
    cache_folder = os.path.join(copy, ".journeyctl", "cache")
    passes = []
    cold = evaluator_members(binary, copy, name, cache=True)
    files = sorted(os.listdir(cache_folder)) if os.path.isdir(cache_folder) else []
    written = {f: os.stat(os.path.join(cache_folder, f)).st_mtime_ns for f in files}
    passes.append(("cold", cold, None if len(files) == 1 else f"the cold pass left {files} in {cache_folder}"))
    warm = evaluator_members(binary, copy, name, cache=True)
    after = {f: os.stat(os.path.join(cache_folder, f)).st_mtime_ns for f in os.listdir(cache_folder)}
    passes.append(("warm", warm, None if after == written else "the warm pass rewrote the cache"))
    return passes


def sql_members(binary, workspace, database, name):
    """The keys sqlite3 selects and the SQL; (None, why) for a segment
    with no SQLite form."""
    sql, why = segment_sql(binary, workspace, name, "sqlite")
    if sql is None:
        return None, why
    answer = run(["sqlite3", "-batch", "-bail", "-noheader", "-list", database], input=sql)
    if answer.returncode != 0:
        raise RuntimeError(f"sqlite3 rejected the SQL of {name}: {answer.stderr}\n{sql}")
    return set(line for line in answer.stdout.split("\n") if line), sql


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, workspace = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or segment_names(workspace)
    if shutil.which("sqlite3") is None:
        print("skipped: no sqlite3 command-line shell", file=sys.stderr)
        return SKIP
    try:
        with tempfile.TemporaryDirectory(prefix="journeyctl-diff-") as scratch:
            database = os.path.join(scratch, "data.db")
            export_database(binary, workspace, database)
            failures = 0
            for name in names:
                expected = evaluator_members(binary, workspace, name)
                actual, sql = sql_members(binary, workspace, database, name)
                gap = name in NO_SQL_FORM["sqlite"]
                if actual is None or gap:
                    print(f"gap  {name}: {sql}" if actual is None and gap else
                          f"FAIL {name}: no SQL form in sqlite: {sql}" if actual is None else
                          f"FAIL {name}: listed as having no SQL form in sqlite, but it compiles")
                    failures += 0 if actual is None and gap else 1
                    continue
                failures += 0 if report(name, expected, actual, sql) else 1
            for name in names:
                expected = evaluator_members(binary, workspace, name)
                for label, keys, problem in cached_members(binary, workspace, scratch, name):
                    if problem:
                        print(f"FAIL {name} ({label} cache pass): {problem}")
                        failures += 1
                    elif not report(f"{name} ({label} cache pass)", expected, keys, "(segment export with the cache)"):
                        failures += 1
            return 1 if failures else 0
    except Skip as skip:
        print(f"skipped: {skip}", file=sys.stderr)
        return SKIP


if __name__ == "__main__":
    sys.exit(main())
