#!/usr/bin/env python3
"""Output files survive failed and interrupted runs.

An interrupted `data export` leaves nothing behind: SIGINT (then SIGTERM)
sent while the temporary database is being written ends the command with
exit 130, removes the temporary file and leaves the existing FILE as it was.
A `dry-run --messages FILE` that fails after creating its temporary file
(an unknown --trace profile) leaves FILE's old content and no temporary.

The signal is sent as soon as the temporary file appears in the folder, so
it lands while SQLite writes it. If the export finishes before the test
sees the temporary file, the workspace is made larger and the run repeated;
if that never catches the export mid-write, the test fails (it never passes
without having interrupted a write).

Usage: check_output_files.py JOURNEYCTL
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CONFIG = """workspace: interrupted-export
data:
  profiles:
    file: data/profiles.csv
    key: id
  events:
    file: data/events.jsonl
    key: id
    type: type
    time: time
"""


def write_workspace(root, profiles, events_per_profile):
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    with open(os.path.join(root, "journeyctl.yaml"), "w") as handle:
        handle.write(CONFIG)
    with open(os.path.join(root, "data", "profiles.csv"), "w") as handle:
        handle.write("id,name,score\n")
        for i in range(profiles):
            handle.write(f"p{i},name {i},{i % 97}\n")
    with open(os.path.join(root, "data", "events.jsonl"), "w") as handle:
        for i in range(profiles):
            for j in range(events_per_profile):
                handle.write(f'{{"id":"p{i}","type":"view","time":"2026-10-{1 + j % 28:02d}T10:00:00Z",'
                             f'"properties":{{"page":"/item/{j}"}}}}\n')


def temporaries(folder, name):
    return [entry for entry in os.listdir(folder) if entry.startswith("." + name + ".")]


def interrupt_once(binary, root, signum):
    """Runs the export, signals it once its temporary file exists. Returns
    (caught, problems): caught is False when the export ended first."""
    out = os.path.join(root, "out.db")
    with open(out, "w") as handle:
        handle.write("the old database\n")
    process = subprocess.Popen([binary, "-C", root, "data", "export", "-o", out, "--force"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    caught = False
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if temporaries(root, "out.db"):
            process.send_signal(signum)
            caught = True
            break
        time.sleep(0.0005)
    _, stderr = process.communicate(timeout=120)
    if not caught:
        return False, []
    if process.returncode == 0:
        # The signal raced the rename at the very end: not an interrupted write.
        return False, []
    problems = []
    if process.returncode != 130:
        problems.append(f"exit {process.returncode} after {signal.Signals(signum).name}, expected 130 "
                        f"(stderr: {stderr.decode(errors='replace')!r})")
    left = temporaries(root, "out.db")
    if left:
        problems.append(f"temporary file left behind after {signal.Signals(signum).name}: {left}")
    with open(out) as handle:
        if handle.read() != "the old database\n":
            problems.append(f"out.db was changed by an interrupted export ({signal.Signals(signum).name})")
    return True, problems


def failed_dry_run_keeps_messages(binary):
    """dry-run --messages FILE failing after FILE's temporary was created."""
    workspace = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases", "dry-run", "steps-linear", "files")
    problems = []
    with tempfile.TemporaryDirectory(prefix="journeyctl-messages-") as root:
        shutil.copytree(workspace, root, dirs_exist_ok=True)
        messages = os.path.join(root, "messages.jsonl")
        with open(messages, "w") as handle:
            handle.write('{"old": "messages"}\n')
        result = subprocess.run([binary, "-C", root, "--now", "2026-10-01T00:00:00Z", "dry-run", "onboarding",
                                 "--messages", messages, "--trace", "nobody"], capture_output=True)
        if result.returncode != 2 or b"nobody" not in result.stderr:
            problems.append(f"dry-run --trace nobody: exit {result.returncode}, stderr {result.stderr!r}")
        with open(messages) as handle:
            if handle.read() != '{"old": "messages"}\n':
                problems.append("a failed dry-run changed its --messages file")
        if temporaries(root, "messages.jsonl"):
            problems.append(f"a failed dry-run left {temporaries(root, 'messages.jsonl')}")
        # The same run without the bad profile replaces the file whole.
        result = subprocess.run([binary, "-C", root, "--now", "2026-10-01T00:00:00Z", "dry-run", "onboarding",
                                 "--messages", messages], capture_output=True)
        with open(messages) as handle:
            if result.returncode != 0 or not handle.read().startswith('{"time":'):
                problems.append(f"dry-run --messages did not replace the file (exit {result.returncode})")
    return problems


def main():
    binary = sys.argv[1]
    problems = failed_dry_run_keeps_messages(binary)
    for signum in (signal.SIGINT, signal.SIGTERM):
        profiles, events = 20000, 10
        for _ in range(5):
            with tempfile.TemporaryDirectory(prefix="journeyctl-interrupt-") as root:
                write_workspace(root, profiles, events)
                caught, found = interrupt_once(binary, root, signum)
            if caught:
                problems += found
                break
            profiles *= 2
        else:
            problems.append(f"never caught data export writing its temporary file ({signal.Signals(signum).name}), "
                            f"even with {profiles // 2} profiles and {events} events each")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
