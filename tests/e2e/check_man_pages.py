#!/usr/bin/env python3
"""Fails when a flag that some `--help` shows is missing from that command's
man page, or a command has no man page at all.

Commands come from the root help's "Commands:" list; group commands (those
whose help lists subcommands) are checked recursively, each leaf against
man/journeyctl-GROUP-LEAF.1 or, failing that, the group's page.
"""
import os
import re
import subprocess
import sys


def help_text(binary, words):
    result = subprocess.run([binary] + words + ["--help"], capture_output=True, text=True,
                            env={"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"})
    if result.returncode != 0:
        raise SystemExit(f"journeyctl {' '.join(words)} --help exited {result.returncode}")
    return result.stdout


def flags_in(text):
    options = text.split("Options:", 1)[1] if "Options:" in text else ""
    options = options.split("Subcommands:", 1)[0].split("Commands:", 1)[0]
    return sorted(set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", options)))


def subcommands_in(text, section):
    if section not in text:
        return []
    block = text.split(section, 1)[1]
    names = []
    for line in block.splitlines()[0:]:
        match = re.match(r"^  ([a-z][a-z0-9-]*)\s{2,}", line)
        if match:
            names.append(match.group(1))
        elif line.strip() and not line.startswith("  "):
            break
    return names


def man_text(man_dir, page):
    path = os.path.join(man_dir, page)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        # roff writes a dash as \- and may use \f font escapes.
        return re.sub(r"\\f[BIRP]", "", handle.read()).replace("\\-", "-")


def main():
    binary, man_dir = sys.argv[1], sys.argv[2]
    problems = []
    root_help = help_text(binary, [])
    pages = [([], "journeyctl.1")]
    for command in subcommands_in(root_help, "Subcommands:"):
        pages.append(([command], f"journeyctl-{command}.1"))
        for sub in subcommands_in(help_text(binary, [command]), "Subcommands:"):
            pages.append(([command, sub], f"journeyctl-{command}-{sub}.1"))
    checked = 0
    for words, page in pages:
        text = man_text(man_dir, page)
        if text is None and len(words) == 2:
            page = f"journeyctl-{words[0]}.1"
            text = man_text(man_dir, page)
        if text is None:
            problems.append(f"journeyctl {' '.join(words)}: no man page man/{page}")
            continue
        for flag in flags_in(help_text(binary, words)):
            checked += 1
            if not re.search(r"(?<![\w-])" + re.escape(flag) + r"(?![\w-])", text):
                problems.append(f"man/{page}: flag {flag} of 'journeyctl {' '.join(words)}' is not documented")
    for problem in problems:
        print(problem)
    print(f"checked {checked} flags on {len(pages)} commands: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
