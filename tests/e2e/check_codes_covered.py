#!/usr/bin/env python3
"""Fails when a diagnostic code is undocumented or untested.

The codes come from three places that must agree:
  - core/workspace/codes.md, the table of loading's codes;
  - journeyctl-validate(1)'s DIAGNOSTIC CODES section (`.B code` entries);
  - the binary itself: `journeyctl validate --format sarif` on an empty
    workspace lists every code it can report as a SARIF rule (loading's
    table core::workspace::loading_codes() and journeys::validation_codes()).
Every code of any of them must be in the man page and among the binary's
rules, and must have an e2e case folder under tests/e2e/cases/validate
whose expected output shows it: `[code]` in text, `"code": "code"` in JSON,
`"ruleId": "code"` in SARIF or `title=code` in GitHub format.

Usage: check_codes_covered.py JOURNEYCTL SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def codes_md(source_dir):
    with open(os.path.join(source_dir, "core", "workspace", "codes.md"), encoding="utf-8") as handle:
        return re.findall(r"^\| `([a-z][a-z0-9-]*)` \|", handle.read(), re.MULTILINE)


def man_codes(source_dir):
    with open(os.path.join(source_dir, "man", "journeyctl-validate.1"), encoding="utf-8") as handle:
        text = handle.read()
    section = text.split(".SH DIAGNOSTIC CODES", 1)
    if len(section) < 2:
        return []
    section = section[1].split("\n.SH ", 1)[0]
    return [code.replace("\\-", "-") for code in re.findall(r"^\.B ([a-z][a-z0-9\\-]*)\s*$", section, re.MULTILINE)]


def binary_codes(binary):
    with tempfile.TemporaryDirectory(prefix="journeyctl-codes-") as workdir:
        with open(os.path.join(workdir, "journeyctl.yaml"), "w", encoding="utf-8") as handle:
            handle.write("workspace: codes\n")
        result = subprocess.run([binary, "validate", "--format", "sarif"], cwd=workdir, capture_output=True,
                                text=True, env={"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"})
    try:
        log = json.loads(result.stdout)
        return [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    except (json.JSONDecodeError, KeyError, IndexError) as error:
        raise SystemExit(f"journeyctl validate --format sarif did not print a SARIF log ({error}):\n"
                         f"{result.stdout}{result.stderr}")


def shown_codes(cases_dir):
    """Maps each code shown in some case's expected output to that case."""
    patterns = [r"\[([a-z][a-z0-9-]*)\]", r'"code": "([a-z][a-z0-9-]*)"', r'"ruleId": "([a-z][a-z0-9-]*)"',
                r"title=([a-z][a-z0-9-]*)"]
    shown = {}
    for case in sorted(os.listdir(cases_dir)):
        for name in ("expected.stdout", "expected.json"):
            path = os.path.join(cases_dir, case, name)
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            for pattern in patterns:
                for code in re.findall(pattern, text):
                    shown.setdefault(code, case)
    return shown


def main():
    binary, source_dir = sys.argv[1], sys.argv[2]
    documented = codes_md(source_dir)
    in_man = man_codes(source_dir)
    in_binary = binary_codes(binary)
    shown = shown_codes(os.path.join(source_dir, "tests", "e2e", "cases", "validate"))
    problems = []
    if not documented:
        problems.append("core/workspace/codes.md: no codes found in its table")
    for code in documented:
        if code not in in_binary:
            problems.append(f"{code}: in core/workspace/codes.md but not a SARIF rule of the binary "
                            "(core/workspace/codes.cpp)")
    for code in in_binary:
        if code not in in_man:
            problems.append(f"{code}: reported by the binary but not in man/journeyctl-validate.1's DIAGNOSTIC CODES")
    for code in in_man:
        if code not in in_binary:
            problems.append(f"{code}: in man/journeyctl-validate.1 but the binary does not report it")
    every = list(dict.fromkeys(documented + in_man + in_binary))
    for code in every:
        if code not in shown:
            problems.append(f"{code}: no case under tests/e2e/cases/validate shows it in its expected output")
    for problem in problems:
        print(problem)
    print(f"checked {len(every)} codes ({len(documented)} in codes.md, {len(in_man)} in the man page, "
          f"{len(in_binary)} in the binary): {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
