#!/usr/bin/env python3
"""Runs one end-to-end case folder against the real journeyctl binary.

A case folder holds:
  args             one argument per line (no shell quoting), or
  args.json        a JSON list of arguments (for arguments with newlines)
  stdin            optional, fed to standard input
  files/           optional, copied into a fresh working directory
  env              optional KEY=VALUE lines added to a clean environment
  expected.exit    the exit code (always present)
  expected.stdout  exact stdout after normalisation (absent: must be empty)
  expected.stderr  exact stderr after normalisation (absent: not checked)
  expected.json    instead of expected.stdout: stdout parsed as JSON (or JSON
                   Lines) and compared structurally
  generate.py      optional, run with the working directory as its current
                   folder before the command: writes inputs too big or too
                   hostile to commit (depth bombs, invalid UTF-8)
  generator        instead of generate.py, the name of a generator several
                   cases share: tests/e2e/generators/NAME.py
  stdout.to        optional, one word: "full" runs the command with stdout on
                   /dev/full, "closed" with stdout closed (write-error cases)
  expected.files   optional, the sorted relative paths of every file in the
                   working directory after the run, one per line: what the
                   command wrote, and what it left behind
  expected.written/ optional, the content of files the command wrote, at
                   their paths in the working directory; a SQLite database
                   F is compared as the text of `sqlite3 F .dump`, stored as
                   F.sql (the real sqlite3 shell reads what export wrote)

Normalisation: the working directory becomes <TMP>, CRLF becomes LF. With
UPDATE_GOLDEN=1 the expected files are rewritten from the actual output for
review in `git diff` (never in CI). Exit 125 means skipped.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from case_inputs import prepare_workdir  # noqa: E402


def read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def normalise(text, workdir):
    text = text.replace("\r\n", "\n")
    real = os.path.realpath(workdir)
    return text.replace(real, "<TMP>").replace(workdir, "<TMP>")


def parse_json_output(text):
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def diff(expected, actual, label):
    import difflib
    lines = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                 f"expected.{label}", f"actual.{label}")
    return "".join(lines)


def run_with_stdout(binary, args, workdir, env, stdin, stdout_to):
    """Runs the command with stdout on /dev/full or closed; stdout reads as empty."""
    if stdout_to not in ("full", "closed"):
        raise SystemExit(f"stdout.to: expected 'full' or 'closed', got '{stdout_to}'")
    target = open("/dev/full", "wb") if stdout_to == "full" else None
    try:
        result = subprocess.run([binary] + args, cwd=workdir, env=env, timeout=120,
                                stdout=target if target else subprocess.DEVNULL, stderr=subprocess.PIPE,
                                input=(stdin or "").encode("utf-8"),
                                preexec_fn=None if target else (lambda: os.close(1)))
    finally:
        if target:
            target.close()
    result.stdout = b""
    return result


def list_files(workdir):
    found = []
    for root, _, names in os.walk(workdir):
        for name in names:
            found.append(os.path.relpath(os.path.join(root, name), workdir))
    return "".join(path + "\n" for path in sorted(found))


def written_content(workdir, relative):
    """The text a written file is compared as: a .db.sql name stands for
    the dump of the database beside it, anything else for its bytes."""
    if relative.endswith(".db.sql"):
        database = os.path.join(workdir, relative[:-len(".sql")])
        if not os.path.exists(database):
            return f"(no file {relative[:-len('.sql')]})\n"
        dump = subprocess.run(["sqlite3", database, ".dump"], capture_output=True, check=True)
        return dump.stdout.decode("utf-8", "replace")
    path = os.path.join(workdir, relative)
    if not os.path.exists(path):
        return f"(no file {relative})\n"
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return handle.read()


def written_files(case_dir):
    """The relative paths under a case's expected.written/, sorted."""
    root = os.path.join(case_dir, "expected.written")
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def main():
    binary, case_dir = sys.argv[1], sys.argv[2]
    update = os.environ.get("UPDATE_GOLDEN") == "1" and os.environ.get("CI") != "true"
    if os.path.exists(os.path.join(case_dir, "args.json")):
        args = json.loads(read(os.path.join(case_dir, "args.json")))
    else:
        args = [line for line in read(os.path.join(case_dir, "args"), "").split("\n") if line != ""]
    workdir = tempfile.mkdtemp(prefix="journeyctl-e2e-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir, "LC_ALL": "C.UTF-8",
           "TZ": "UTC", "NO_COLOR": "1", "TERM": "dumb"}
    for line in (read(os.path.join(case_dir, "env"), "") or "").splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            env[key] = value.replace("<TMP>", workdir)
    prepare_workdir(case_dir, workdir)
    stdin = read(os.path.join(case_dir, "stdin"))
    args = [arg.replace("<TMP>", workdir) for arg in args]
    stdout_to = (read(os.path.join(case_dir, "stdout.to"), "") or "").strip()
    try:
        if stdout_to:
            result = run_with_stdout(binary, args, workdir, env, stdin, stdout_to)
        else:
            result = subprocess.run([binary] + args, cwd=workdir, env=env, capture_output=True, timeout=120,
                                    input=(stdin or "").encode("utf-8"))
    except subprocess.TimeoutExpired:
        print(f"timed out: {binary} {' '.join(args)} (kept {workdir})")
        return 1
    stdout = normalise(result.stdout.decode("utf-8", "replace"), workdir)
    stderr = normalise(result.stderr.decode("utf-8", "replace"), workdir)

    failures = []
    expected_exit = int(read(os.path.join(case_dir, "expected.exit"), "0").strip())
    json_path = os.path.join(case_dir, "expected.json")
    stdout_path = os.path.join(case_dir, "expected.stdout")
    stderr_path = os.path.join(case_dir, "expected.stderr")
    if update:
        with open(os.path.join(case_dir, "expected.exit"), "w") as handle:
            handle.write(f"{result.returncode}\n")
        if os.path.exists(json_path):
            with open(json_path, "w") as handle:
                handle.write(json.dumps(parse_json_output(stdout), indent=2, sort_keys=True) + "\n")
        else:
            with open(stdout_path, "w") as handle:
                handle.write(stdout)
        if os.path.exists(stderr_path) or stderr:
            with open(stderr_path, "w") as handle:
                handle.write(stderr)
        files_path = os.path.join(case_dir, "expected.files")
        if os.path.exists(files_path):
            with open(files_path, "w") as handle:
                handle.write(list_files(workdir))
        for relative in written_files(case_dir):
            with open(os.path.join(case_dir, "expected.written", relative), "w", newline="") as handle:
                handle.write(written_content(workdir, relative))
        shutil.rmtree(workdir, ignore_errors=True)
        return 0

    if result.returncode != expected_exit:
        failures.append(f"exit code {result.returncode}, expected {expected_exit}")
    if os.path.exists(json_path):
        try:
            actual_json = parse_json_output(stdout)
        except json.JSONDecodeError as error:
            failures.append(f"stdout is not JSON: {error}\n{stdout}")
        else:
            expected_json = json.loads(read(json_path))
            if actual_json != expected_json:
                failures.append(diff(json.dumps(expected_json, indent=2, sort_keys=True) + "\n",
                                     json.dumps(actual_json, indent=2, sort_keys=True) + "\n", "json"))
    else:
        expected_stdout = read(stdout_path, "")
        if stdout != expected_stdout:
            failures.append(diff(expected_stdout, stdout, "stdout"))
    if os.path.exists(stderr_path):
        expected_stderr = read(stderr_path)
        if stderr != expected_stderr:
            failures.append(diff(expected_stderr, stderr, "stderr"))

    files_path = os.path.join(case_dir, "expected.files")
    if os.path.exists(files_path):
        actual_files = list_files(workdir)
        if actual_files != read(files_path):
            failures.append(diff(read(files_path), actual_files, "files"))
    for relative in written_files(case_dir):
        with open(os.path.join(case_dir, "expected.written", relative), encoding="utf-8", newline="") as handle:
            expected_written = handle.read()
        actual_written = written_content(workdir, relative)
        if actual_written != expected_written:
            failures.append(diff(expected_written, actual_written, relative))

    if failures:
        print(f"FAILED: journeyctl {' '.join(args)}")
        for failure in failures:
            print(failure)
        print(f"(working directory kept: {workdir})")
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
