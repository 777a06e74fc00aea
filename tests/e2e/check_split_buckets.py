#!/usr/bin/env python3
"""dry-run's split assignment against an independent murmur3 (formats.md, "Splits").

    check_split_buckets.py JOURNEYCTL

Writes a workspace with 3000 profiles (ASCII keys of every length mod 4,
and non-ASCII ones) and two split journeys whose every arm sends its own
template, runs `dry-run --messages -` on each, and compares every
profile's arm with the one that tests/unit/journeys/murmur3_reference.py
(pure Python, no code shared with journeys/runtime/split.cpp) computes, and the
report's per-arm counts with the reference's. The weights 45/45/10 are the
example of formats.md; 1/2/4 (W = 7) puts the arm boundaries at
floor(10000 * 1 / 7) = 1428 and floor(10000 * 3 / 7) = 4285, where
rounding instead of integer division would differ.
Exit 0 when everything matches, 1 otherwise (with the first differences).
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "unit", "journeys"))
from murmur3_reference import arm_of, bucket_of  # noqa: E402

JOURNEYS = {"ab": [45, 45, 10], "thirds": [1, 2, 4]}
PROFILES = 3000


def keys():
    out = []
    for i in range(PROFILES):
        if i % 50 == 7:
            out.append(f"clé-{i}-客户")
        else:
            out.append("c" + str(i) * (1 + i % 4))
    return out


def write_workspace(root, profile_keys):
    for folder in ("journeys", "segments", "templates", "data"):
        os.makedirs(os.path.join(root, folder))
    with open(os.path.join(root, "journeyctl.yaml"), "w", encoding="utf-8") as f:
        f.write("workspace: split-check\ntimezone: UTC\n"
                "data:\n  profiles: { file: data/profiles.csv, key: customer_id }\n"
                "  events: { file: data/events.jsonl, key: customer_id, type: event, time: ts }\n"
                "channels:\n  email:\n    provider: sendgrid\n    from: \"a@example.com\"\n"
                "    to: profile.email\n    api_key: ${SENDGRID_API_KEY}\n")
    with open(os.path.join(root, "segments", "everyone.yaml"), "w", encoding="utf-8") as f:
        f.write("segment: everyone\nwhere: \"true\"\n")
    with open(os.path.join(root, "data", "profiles.csv"), "w", encoding="utf-8") as f:
        f.write("customer_id,email\n")
        for i, key in enumerate(profile_keys):
            f.write(f"{key},p{i}@example.com\n")
    open(os.path.join(root, "data", "events.jsonl"), "w").close()
    for journey, weights in JOURNEYS.items():
        lines = [f"journey: {journey}", "entry:", "  segment: everyone", "timeout: 1d", "steps:",
                 "  - id: pick", "    split:"]
        lines += [f"      - {{ weight: {w}, goto: arm{i} }}" for i, w in enumerate(weights)]
        for i in range(len(weights)):
            lines += [f"  - id: arm{i}", f"    send: {journey}_arm{i}", "    goto: done"]
        lines += ["  - id: done", "    exit: true"]
        with open(os.path.join(root, "journeys", f"{journey}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        for i in range(len(weights)):
            with open(os.path.join(root, "templates", f"{journey}_arm{i}.yaml"), "w", encoding="utf-8") as f:
                f.write(f"template: {journey}_arm{i}\nchannel: email\nsubject: \"arm {i}\"\ntext: \"arm {i}\"\n")


def run(binary, root, *args):
    result = subprocess.run([binary, "-C", root, "--now", "2026-10-01T00:00:00Z", *args], capture_output=True,
                            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TZ": "UTC", "NO_COLOR": "1"})
    if result.returncode != 0:
        raise SystemExit(f"journeyctl {' '.join(args)} exited {result.returncode}: {result.stderr.decode()}")
    return result.stdout.decode("utf-8")


def main():
    binary = sys.argv[1]
    profile_keys = keys()
    root = tempfile.mkdtemp(prefix="journeyctl-split-")
    failures = []
    try:
        write_workspace(root, profile_keys)
        for journey, weights in JOURNEYS.items():
            expected = {}
            for key in profile_keys:
                _, bucket = bucket_of(journey, "pick", key)
                expected[key] = arm_of(weights, bucket)
            actual = {}
            for line in run(binary, root, "dry-run", journey, "--messages", "-").splitlines():
                message = json.loads(line)
                if message["outcome"] != "sent":
                    failures.append(f"{journey}: {message['profile']}: outcome {message['outcome']}")
                actual[message["profile"]] = int(message["step"][len("arm"):])
            for key in profile_keys:
                if actual.get(key) != expected[key]:
                    failures.append(f"{journey}: {key}: arm {actual.get(key)}, reference arm {expected[key]}")
            report = json.loads(run(binary, root, "dry-run", journey, "--format", "json"))
            counts = collections.Counter(expected.values())
            steps = {step["id"]: step for step in report["steps"]}
            for i in range(len(weights)):
                if steps["pick"]["next"].get(f"arm{i}", 0) != counts[i]:
                    failures.append(f"{journey}: pick -> arm{i}: {steps['pick']['next'].get(f'arm{i}', 0)}, "
                                    f"reference {counts[i]}")
            # The reference itself must give each arm about its share.
            for i, w in enumerate(weights):
                share = counts[i] / PROFILES
                if abs(share - w / sum(weights)) > 0.03:
                    failures.append(f"{journey}: arm{i} takes {share:.3f} of the profiles, weight {w}/{sum(weights)}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        print(f"{len(failures)} differences; the first:")
        print("\n".join(failures[:20]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
