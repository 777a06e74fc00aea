#!/usr/bin/env python3
"""Differential test of `segment sql` against the evaluator.

For each segment of the workspace (or those named), the members that
`journeyctl segment export --format csv` selects must equal, exactly, the
keys that the SQL of `journeyctl segment sql --dialect sqlite` selects when
the real sqlite3 runs it over the database that `journeyctl data export`
wrote. Everything runs at one fixed instant (--now).

usage: run.py JOURNEYCTL WORKSPACE [SEGMENT...]
exit:  0 equal; 1 a difference (printed); 125 skipped (no sqlite3 CLI, or a
       command this test needs is not in this build yet).
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

NOW = "2026-11-01T00:00:00Z"
SKIP = 125


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", **kwargs)


def journeyctl(binary, workspace, *args):
    return run([binary, "-C", workspace, "--now", NOW, "--color", "never", *args])


def missing_command(result):
    """A build without the command answers with a usage error naming it."""
    text = result.stderr.lower()
    return result.returncode == 2 and ("did you mean" in text or "unknown" in text or "extraneous" in text
                                       or "not expected" in text or "unexpected" in text)


def segment_names(workspace):
    folder = os.path.join(workspace, "segments")
    return sorted(name[:-5] for name in os.listdir(folder) if name.endswith(".yaml"))


def evaluator_members(binary, workspace, name):
    result = journeyctl(binary, workspace, "segment", "export", name, "--format", "csv")
    if missing_command(result):
        return None, "segment export is not in this build: " + result.stderr.strip()
    if result.returncode != 0:
        raise RuntimeError(f"segment export {name} failed ({result.returncode}): {result.stderr}")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    if not rows:
        return set(), None
    header = rows[0]
    column = header.index("customer_id") if "customer_id" in header else 0
    return {row[column] for row in rows[1:] if row}, None


def sql_members(binary, workspace, database, name):
    result = journeyctl(binary, workspace, "segment", "sql", name, "--dialect", "sqlite")
    if missing_command(result):
        return None, None, "segment sql is not in this build: " + result.stderr.strip()
    if result.returncode != 0:
        raise RuntimeError(f"segment sql {name} failed ({result.returncode}): {result.stderr}")
    sql = result.stdout
    answer = run(["sqlite3", "-batch", "-bail", "-noheader", "-list", database], input=sql)
    if answer.returncode != 0:
        raise RuntimeError(f"sqlite3 rejected the SQL of {name}: {answer.stderr}\n{sql}")
    return set(line for line in answer.stdout.split("\n") if line), sql, None


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, workspace = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or segment_names(workspace)
    if shutil.which("sqlite3") is None:
        print("skipped: no sqlite3 command-line shell", file=sys.stderr)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="journeyctl-diff-") as scratch:
        database = os.path.join(scratch, "data.db")
        exported = journeyctl(binary, workspace, "data", "export", "-o", database)
        if missing_command(exported):
            print("skipped: data export is not in this build: " + exported.stderr.strip(), file=sys.stderr)
            return SKIP
        if exported.returncode != 0:
            print(f"data export failed ({exported.returncode}): {exported.stderr}", file=sys.stderr)
            return 1
        failures = 0
        for name in names:
            expected, why = evaluator_members(binary, workspace, name)
            if expected is None:
                print("skipped: " + why, file=sys.stderr)
                return SKIP
            actual, sql, why = sql_members(binary, workspace, database, name)
            if actual is None:
                print("skipped: " + why, file=sys.stderr)
                return SKIP
            if actual == expected:
                print(f"ok   {name}: {len(expected)} members")
                continue
            failures += 1
            print(f"FAIL {name}")
            print(f"  only in segment export: {sorted(expected - actual)}")
            print(f"  only in the SQL:        {sorted(actual - expected)}")
            print("  SQL:\n    " + sql.replace("\n", "\n    "))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
