#!/usr/bin/env python3
"""Fails when a key of some workspace file is missing from journeyctl(5).

`journeyctl schema` prints one JSON Schema holding the schemas of every
kind of file, generated from the key tables the loader reads through; every
name under any "properties" in it is a key that a file may hold. Each must
be documented in man/journeyctl.5 as the tag of a tagged paragraph (the
line after `.TP`), where the page lists keys, so that a key added to a
table without a word in the page fails the build.

Usage: check_man5_keys.py JOURNEYCTL MAN5_PAGE
"""
import json
import os
import re
import subprocess
import sys


def schema_keys(binary):
    result = subprocess.run([binary, "schema"], capture_output=True, text=True,
                            env={"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"})
    if result.returncode != 0:
        raise SystemExit(f"journeyctl schema exited {result.returncode}:\n{result.stderr}")
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            for name, value in node.items():
                if name == "properties" and isinstance(value, dict):
                    keys.update(value.keys())
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(result.stdout))
    return keys


def tagged_words(page):
    """The words of every `.TP` tag line, with roff's escapes removed."""
    with open(page, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    words = set()
    for before, line in zip(lines, lines[1:]):
        if not before.startswith(".TP"):
            continue
        text = re.sub(r"\\f[BIRP]", "", line).replace("\\-", "-")
        text = re.sub(r"^\.[A-Z]+\s*", "", text)
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    return words


def main():
    binary, page = sys.argv[1], sys.argv[2]
    keys = schema_keys(binary)
    if not keys:
        print("journeyctl schema has no properties: is it the right binary?")
        return 1
    documented = tagged_words(page)
    missing = sorted(key for key in keys if key not in documented)
    for key in missing:
        print(f"{key}: a key of `journeyctl schema` that {os.path.basename(page)} does not list "
              "(as a .TP tag where its file's keys are)")
    print(f"checked {len(keys)} keys against {os.path.basename(page)}: {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
