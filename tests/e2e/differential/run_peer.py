#!/usr/bin/env python3
"""Differential test of `segment sql` in DuckDB or PostgreSQL.

The tables of journeyctl-segment-sql(1) are built in the real engine (an
in-memory DuckDB through @duckdb/node-api, or a throwaway PostgreSQL
cluster on a Unix socket) from the rows `data export` writes; then, for
every segment of the workspace, the keys that `segment sql --dialect
ENGINE` selects must equal the members `segment export` selects, in a UTC
session and in sessions whose time zone is not UTC (results must not
depend on it).

usage: run_peer.py duckdb|postgres JOURNEYCTL WORKSPACE [NPM_PREFIX]
       NPM_PREFIX: where @duckdb/node-api is installed (duckdb only)
exit:  0 equal; 1 a difference (printed); 125 skipped (the engine cannot be
       had here: no PostgreSQL server, or npm cannot install DuckDB).
"""
import json
import os
import shutil
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from common import (NO_SQL_FORM, SKIP, Skip, evaluator_members, export_database, journeyctl, report, run,  # noqa: E402
                    segment_names, segment_sql)
from peer_tables import create_and_fill  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# UTC, then zones west and east of it, one with a half-hour offset.
ZONES = ["UTC", "America/New_York", "Asia/Kolkata"]

# Known differences, documented in journeyctl-segment-sql(1): (only in
# segment export, only in the SQL). These engines keep microseconds, so a
# signup 1 ns after a constant in the same microsecond compares as equal.
KNOWN_DIFFERENCES = {
    "timestamp_fractions": ({"c09"}, set()),
}


def duckdb_runner(npm_prefix):
    """The node command that runs duckdb_query.mjs, installing
    @duckdb/node-api under npm_prefix the first time."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise Skip("node and npm are not installed (scripts/install-deps.sh installs them)")
    package = os.path.join(npm_prefix, "node_modules", "@duckdb", "node-api")
    if not os.path.isdir(package):
        os.makedirs(npm_prefix, exist_ok=True)
        installed = run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", npm_prefix,
                         "@duckdb/node-api"])
        if installed.returncode != 0:
            raise Skip(f"npm could not install @duckdb/node-api (offline?): {installed.stderr.strip()}")
    # An .mjs file resolves packages from its own folder upwards: run a copy
    # that sits in the prefix.
    script = os.path.join(npm_prefix, "duckdb_query.mjs")
    shutil.copyfile(os.path.join(HERE, "duckdb_query.mjs"), script)
    return ["node", script]


def answers_duckdb(setup, queries, npm_prefix):
    command = duckdb_runner(npm_prefix)
    result = run(command, input=json.dumps({"setup": setup, "queries": queries}))
    if result.returncode != 0:
        raise RuntimeError(f"duckdb_query.mjs failed ({result.returncode}): {result.stderr}")
    return json.loads(result.stdout)


def answers_postgres(setup, queries):
    from postgres_cluster import PostgresCluster
    answers = {}
    with PostgresCluster() as cluster:
        ok, error = cluster.psql(";\n".join(setup) + ";\n")
        if not ok:
            raise RuntimeError(f"PostgreSQL rejected the tables: {error}")
        for query in queries:
            zone = query["zone"].replace("'", "''")
            ok, out = cluster.psql(f"SET TIME ZONE '{zone}';\n{query['sql']}")
            answers[query["id"]] = out if ok else {"error": out}
    return answers


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("duckdb", "postgres"):
        print(__doc__, file=sys.stderr)
        return 2
    engine, binary, workspace = sys.argv[1], sys.argv[2], sys.argv[3]
    npm_prefix = sys.argv[4] if len(sys.argv) > 4 else os.path.join(tempfile.gettempdir(), "journeyctl-npm-duckdb")
    try:
        with tempfile.TemporaryDirectory(prefix="journeyctl-diff-") as scratch:
            database = os.path.join(scratch, "data.db")
            export_database(binary, workspace, database)
            inspected = journeyctl(binary, workspace, "data", "inspect", "--format", "json")
            if inspected.returncode != 0:
                raise RuntimeError(f"data inspect failed ({inspected.returncode}): {inspected.stderr}")
            setup = create_and_fill(database, inspected.stdout, engine)

        failures = 0
        queries, sqls = [], {}
        for name in segment_names(workspace):
            sql, why = segment_sql(binary, workspace, name, engine)
            expected_gap = name in NO_SQL_FORM[engine]
            if sql is None:
                print(f"{'gap ' if expected_gap else 'FAIL'} {name}: no SQL form in {engine}: {why}")
                failures += 0 if expected_gap else 1
                continue
            if expected_gap:
                print(f"FAIL {name}: listed as having no SQL form in {engine}, but it compiles")
                failures += 1
            sqls[name] = sql
            queries += [{"id": f"{name}@{zone}", "zone": zone, "sql": sql.strip().rstrip(";")} for zone in ZONES]

        answers = answers_duckdb(setup, queries, npm_prefix) if engine == "duckdb" else answers_postgres(setup, queries)
        for name, sql in sqls.items():
            expected = evaluator_members(binary, workspace, name)
            for zone in ZONES:
                answer = answers[f"{name}@{zone}"]
                if isinstance(answer, dict):
                    print(f"FAIL {name} ({zone}): {engine} rejected the SQL: {answer['error']}\n  SQL:\n    "
                          + sql.replace("\n", "\n    "))
                    failures += 1
                    continue
                actual = set(answer)
                if name in KNOWN_DIFFERENCES:
                    only_expected, only_actual = KNOWN_DIFFERENCES[name]
                    if expected - actual == only_expected and actual - expected == only_actual:
                        print(f"ok   {name} ({engine}, {zone}): the documented difference {sorted(only_expected)}")
                        continue
                failures += 0 if report(f"{name} ({engine}, {zone})", expected, actual, sql) else 1
        return 1 if failures else 0
    except Skip as skip:
        print(f"skipped: {skip}", file=sys.stderr)
        return SKIP


if __name__ == "__main__":
    sys.exit(main())
