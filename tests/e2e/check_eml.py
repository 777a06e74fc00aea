#!/usr/bin/env python3
"""Parses `render --format eml` output with Python's email package.

Usage: check_eml.py BINARY CASE_DIR

The case folder is an e2e case (see run_case.py: args, files/, generate.py or generator)
whose command prints an email, plus eml_check.json: the header values the
message must decode to, e.g. {"To": "zoe@example.com", "Subject": "..."}
and optionally "text": the text/plain part after decoding. The message
must parse under email.policy.strict (no defects), every line must end in
CRLF (no bare LF or CR anywhere), header lines must stay within 78
characters, each header named in eml_check.json must appear exactly once
and no Bcc or Cc may appear at all: a value from the data can never add a
header of its own.
"""
import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from case_inputs import prepare_workdir  # noqa: E402


def main():
    binary, case_dir = sys.argv[1], sys.argv[2]
    with open(os.path.join(case_dir, "eml_check.json"), encoding="utf-8") as handle:
        expected = json.load(handle)
    with open(os.path.join(case_dir, "args"), encoding="utf-8") as handle:
        args = [line for line in handle.read().split("\n") if line]
    workdir = tempfile.mkdtemp(prefix="journeyctl-eml-")
    try:
        prepare_workdir(case_dir, workdir)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir, "LC_ALL": "C.UTF-8", "TZ": "UTC"}
        result = subprocess.run([binary] + args, cwd=workdir, env=env, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    failures = []
    raw = result.stdout
    if result.returncode != 0:
        failures.append(f"exit code {result.returncode}: {result.stderr.decode('utf-8', 'replace')}")
    if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
        failures.append("a bare LF or CR in the message")
    head = raw.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if len(line) > 78:
            failures.append(f"header line over 78 characters: {line!r}")
    message = email.message_from_bytes(raw, policy=email.policy.strict)
    if message.defects:
        failures.append(f"defects: {message.defects}")
    for name in ("Bcc", "Cc"):
        if message.get_all(name):
            failures.append(f"a {name} header: {message.get_all(name)}")
    for name, value in expected.items():
        if name == "text":
            part = message.get_body(preferencelist=("plain",))
            actual = part.get_content() if part is not None else None
            if actual != value:
                failures.append(f"text part {actual!r}, expected {value!r}")
            continue
        values = message.get_all(name) or []
        if len(values) != 1:
            failures.append(f"{len(values)} {name} headers, expected exactly one: {values}")
        elif str(values[0]) != value:
            failures.append(f"{name}: {str(values[0])!r}, expected {value!r}")
    for part in message.walk():
        for defect in part.defects:
            failures.append(f"defect in a part: {defect!r}")

    if failures:
        print(f"FAILED: journeyctl {' '.join(args)}")
        for failure in failures:
            print(failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
