#!/usr/bin/env python3
"""Dry-runs one journey of an example workspace and fails unless it runs
cleanly: exit 0, nothing on standard error, a JSON report of that journey
with one entry per step of its file, every entry accounted for (left for a
reason or still waiting), and no expression, entry or consent errors.

Usage: check_dry_run.py JOURNEYCTL WORKSPACE_DIR JOURNEY [NOW]
NOW (default 2026-11-01T00:00:00Z, the examples' "now") is the start of the
window, which runs for the journey's timeout.
"""
import json
import os
import re
import subprocess
import sys


def step_ids(journey_file):
    """The ids of the journey's steps (`- id: NAME` lines), in file order."""
    with open(journey_file, encoding="utf-8") as handle:
        return re.findall(r"^\s*-\s*(?:\{\s*)?id:\s*([\w.-]+)", handle.read(), flags=re.MULTILINE)


def main():
    binary, workspace, journey = sys.argv[1:4]
    now = sys.argv[4] if len(sys.argv) > 4 else "2026-11-01T00:00:00Z"
    # --no-cache: the examples are part of the source tree, which a test
    # does not write into (the data cache would go to .journeyctl/cache).
    result = subprocess.run([binary, "-C", workspace, "--now", now, "--no-cache", "dry-run", journey, "--format", "json"],
                            capture_output=True, text=True, env={"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"})
    problems = []
    if result.returncode != 0:
        problems.append(f"exit status {result.returncode}")
    if result.stderr:
        problems.append(f"standard error is not empty:\n{result.stderr}")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        report = None
        problems.append(f"the report is not JSON ({error}):\n{result.stdout[:2000]}")
    if report is not None:
        if report.get("journey") != journey:
            problems.append(f"the report is of journey {report.get('journey')!r}")
        ids = [step["id"] for step in report.get("steps", [])]
        expected = step_ids(os.path.join(workspace, "journeys", journey + ".yaml"))
        if not ids or ids != expected:
            problems.append(f"steps {ids} differ from the file's {expected}")
        left = sum(report.get("exits", {}).values())
        if report.get("entries") != left + report.get("waiting", -1):
            problems.append(f"{report.get('entries')} entries but {left} left and {report.get('waiting')} waiting")
        errors = {"entry_errors": report.get("entry_errors"), "consent_errors": report.get("consent_errors")}
        errors.update({f"step {s['id']} expression_errors": s["expression_errors"] for s in report.get("steps", [])})
        for what, n in errors.items():
            if n != 0:
                problems.append(f"{what}: {n}")
    for problem in problems:
        print(problem)
    if report is not None and not problems:
        print(f"{journey}: {report['entries']} entries, exits {report['exits']}, waiting {report['waiting']}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
