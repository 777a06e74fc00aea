#!/usr/bin/env python3
"""Runs every `$ journeyctl ...` command of the README's ```console blocks
and fails when its output (stdout and stderr as a terminal interleaves them) differs from the
lines the README shows under it. Keeps the README's examples real.

Usage: check_readme.py JOURNEYCTL_BINARY README_PATH [--update]
With --update, the README's outputs are rewritten from the binary's (for
review in `git diff`).
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
    """Yields (command, expected output, index of the command's last line)."""
    i = 0
    while i < len(block):
        if not block[i].startswith("$ "):
            i += 1
            continue
        command = block[i][2:]
        while command.endswith("\\"):
            i += 1
            command = command + "\n" + block[i]
        last = i
        i += 1
        output = []
        while i < len(block) and not block[i].startswith("$ "):
            output.append(block[i])
            i += 1
        yield command, "\n".join(output), last


def rewrite(readme, text, replacements):
    out, block, inside = [], [], False
    for line in text.splitlines():
        if line.startswith("```console"):
            inside, block = True, []
            out.append(line)
        elif line.startswith("```") and inside:
            inside = False
            i = 0
            while i < len(block):
                if block[i].startswith("$ "):
                    start = i
                    command = block[i][2:]
                    while command.endswith("\\"):
                        i += 1
                        command = command + "\n" + block[i]
                    out.extend(block[start:i + 1])
                    i += 1
                    old = []
                    while i < len(block) and not block[i].startswith("$ "):
                        old.append(block[i])
                        i += 1
                    if command in replacements and replacements[command]:
                        out.extend(replacements[command].split("\n"))
                    elif command in replacements:
                        pass
                    else:
                        out.extend(old)
                else:
                    out.append(block[i])
                    i += 1
            out.append(line)
        elif inside:
            block.append(line)
        else:
            out.append(line)
    with open(readme, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")


def mermaid_blocks_follow_their_commands(text):
    """A ```mermaid block must repeat the output of the console block just
    before it (the same diagram, rendered by GitHub)."""
    problems = []
    parts = text.split("```")
    for index, part in enumerate(parts):
        if part.startswith("mermaid\n") and index >= 2 and parts[index - 2].startswith("console\n"):
            console_lines = parts[index - 2].split("\n")[1:]
            first_output = next(i for i, line in enumerate(console_lines) if line.startswith("$ ")) + 1
            shown = "\n".join(console_lines[first_output:]).strip("\n")
            if part[len("mermaid\n"):].strip("\n") != shown:
                problems.append("a mermaid block differs from the command output above it")
    return problems


def main():
    binary, readme = os.path.abspath(sys.argv[1]), sys.argv[2]
    root = os.path.dirname(os.path.abspath(readme))
    bindir = tempfile.mkdtemp(prefix="journeyctl-readme-")
    # The commands run on the source tree's examples, which a test does not
    # write into: journeyctl runs with --no-cache (no .journeyctl/cache).
    # Nothing the README shows depends on the cache.
    wrapper = os.path.join(bindir, "journeyctl")
    with open(wrapper, "w", encoding="utf-8") as handle:
        handle.write(f'#!/bin/sh\nexec "{binary}" --no-cache "$@"\n')
    os.chmod(wrapper, 0o755)
    env = {"PATH": bindir + ":" + os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "TZ": "UTC", "NO_COLOR": "1"}
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    update = "--update" in sys.argv[3:]
    failures, count = 0, 0
    replacements = {}
    for block in console_blocks(text):
        for command, expected, _ in commands(block):
            if not command.startswith("journeyctl"):
                continue
            count += 1
            # One pipe for both streams keeps them in the order a terminal shows.
            result = subprocess.run(["bash", "-c", command], cwd=root, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            actual = result.stdout.rstrip("\n")
            if update:
                replacements[command] = actual
                continue
            if actual != expected.rstrip("\n"):
                failures += 1
                print(f"README command differs: $ {command}\n--- README\n{expected}\n--- actual\n{actual}\n")
    if update:
        rewrite(readme, text, replacements)
        print(f"rewrote the output of {len(replacements)} README commands")
        return 0
    for problem in mermaid_blocks_follow_their_commands(text):
        print(problem)
        failures += 1
    print(f"checked {count} README commands: {failures} differ")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
