"""What the differential tests share: running journeyctl on the differential
workspace at one fixed instant, the members that `segment export` selects
(the oracle), the SQLite database that `data export` writes, and the
comparison of a SQL engine's answer with the oracle.
"""
import csv
import io
import os
import subprocess

NOW = "2026-11-01T00:00:00Z"
SKIP = 125

# Segments with no SQL form in a dialect, each a documented gap of
# journeyctl-segment-sql(1): their `segment sql` must fail (exit 1), and
# any other segment's must not.
NO_SQL_FORM = {
    "sqlite": {"time_fields_zone", "events_time_fields_zone"},  # no time zones in SQLite
    "postgres": set(),
    "duckdb": set(),
}


class Skip(Exception):
    """The test cannot run here (a tool or a command is missing)."""


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", **kwargs)


def journeyctl(binary, workspace, *args, cache=False):
    """Runs journeyctl on the workspace; without `cache`, with --no-cache, so
    that the oracle parses the data files and nothing is written into the
    workspace (the source tree's)."""
    return run([binary, "-C", workspace, "--now", NOW, "--color", "never", *([] if cache else ["--no-cache"]), *args])


def missing_command(result):
    """A build without the command answers with a usage error naming it."""
    text = result.stderr.lower()
    return result.returncode == 2 and ("did you mean" in text or "unknown" in text or "extraneous" in text
                                       or "not expected" in text or "unexpected" in text)


def segment_names(workspace):
    folder = os.path.join(workspace, "segments")
    return sorted(name[:-5] for name in os.listdir(folder) if name.endswith(".yaml"))


def evaluator_members(binary, workspace, name, cache=False):
    """The keys `segment export NAME` selects (`cache`: with the data cache)."""
    result = journeyctl(binary, workspace, "segment", "export", name, "--format", "csv", cache=cache)
    if missing_command(result):
        raise Skip("segment export is not in this build: " + result.stderr.strip())
    if result.returncode != 0:
        raise RuntimeError(f"segment export {name} failed ({result.returncode}): {result.stderr}")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    if not rows:
        return set()
    header = rows[0]
    column = header.index("customer_id") if "customer_id" in header else 0
    return {row[column] for row in rows[1:] if row}


def segment_sql(binary, workspace, name, dialect):
    """The SQL of `segment sql NAME --dialect D`, or None with the reason
    when the segment has no SQL form in that dialect (exit 1)."""
    result = journeyctl(binary, workspace, "segment", "sql", name, "--dialect", dialect)
    if missing_command(result):
        raise Skip("segment sql is not in this build: " + result.stderr.strip())
    if result.returncode == 1:
        return None, result.stderr.strip()
    if result.returncode != 0:
        raise RuntimeError(f"segment sql {name} --dialect {dialect} failed ({result.returncode}): {result.stderr}")
    return result.stdout, None


def export_database(binary, workspace, database):
    """Writes the workspace's data as SQLite with `data export`."""
    exported = journeyctl(binary, workspace, "data", "export", "-o", database)
    if missing_command(exported):
        raise Skip("data export is not in this build: " + exported.stderr.strip())
    if exported.returncode != 0:
        raise RuntimeError(f"data export failed ({exported.returncode}): {exported.stderr}")


def report(label, expected, actual, sql):
    """Prints ok or the difference; whether they are equal."""
    if actual == expected:
        print(f"ok   {label}: {len(expected)} members")
        return True
    print(f"FAIL {label}")
    print(f"  only in segment export: {sorted(expected - actual)}")
    print(f"  only in the SQL:        {sorted(actual - expected)}")
    print("  SQL:\n    " + sql.replace("\n", "\n    "))
    return False
