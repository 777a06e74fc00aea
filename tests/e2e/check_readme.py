#!/usr/bin/env python3
"""Runs every `$ journeyctl ...` command of the README's ```console blocks
and fails when its output (stdout and stderr as a terminal interleaves them) differs from the
lines the README shows under it. Keeps the README's examples real.

Usage: check_readme.py JOURNEYCTL_BINARY README_PATH
"""
import os
import subprocess
import sys
import tempfile


def console_blocks(text):
    block, inside = [], False
    for line in text.splitlines():
        if line.startswith("```console"):
            inside, block = True, []
        elif line.startswith("```") and inside:
            inside = False
            yield block
        elif inside:
            block.append(line)


def commands(block):
    i = 0
    while i < len(block):
        if not block[i].startswith("$ "):
            i += 1
            continue
        command = block[i][2:]
        while command.endswith("\\"):
            i += 1
            command = command + "\n" + block[i]
        i += 1
        output = []
        while i < len(block) and not block[i].startswith("$ "):
            output.append(block[i])
            i += 1
        yield command, "\n".join(output)


def main():
    binary, readme = os.path.abspath(sys.argv[1]), sys.argv[2]
    root = os.path.dirname(os.path.abspath(readme))
    bindir = tempfile.mkdtemp(prefix="journeyctl-readme-")
    os.symlink(binary, os.path.join(bindir, "journeyctl"))
    env = {"PATH": bindir + ":" + os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "TZ": "UTC", "NO_COLOR": "1"}
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    failures, count = 0, 0
    for block in console_blocks(text):
        for command, expected in commands(block):
            if not command.startswith("journeyctl"):
                continue
            count += 1
            # One pipe for both streams keeps them in the order a terminal shows.
            result = subprocess.run(["bash", "-c", command], cwd=root, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            actual = result.stdout.rstrip("\n")
            if actual != expected.rstrip("\n"):
                failures += 1
                print(f"README command differs: $ {command}\n--- README\n{expected}\n--- actual\n{actual}\n")
    print(f"checked {count} README commands: {failures} differ")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
