#!/usr/bin/env python3
"""`journeyctl send` end to end against the loopback fault server.

Each case writes a small workspace whose webhook channel points at
tests/peers/fault_server.py with a scenario ("202", "503,202", "reset",
...), runs the real binary, and checks both what journeyctl reports and
what the server received: the right outcome after the right number of
attempts, nothing received twice, reruns that finish the batch, SIGINT
that records what was in flight, SIGKILL at random moments that loses
nothing, and fallback channels (taken after a failure that is not the
recipient's, each message once, followed by reruns). Usage: send_test.py JOURNEYCTL [CASE...]
"""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from case_runner import cases_of, run_cases  # noqa: E402
from fault_peer import Server  # noqa: E402
from webhook_workspace import write_webhook_workspace  # noqa: E402

SECRET = "whsec_" + "c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw=="  # base64 of a 30-byte key


def workspace(server, scenario, profiles=3, extra_profile_rows=""):
    root = tempfile.mkdtemp(prefix="send-test-")
    write_webhook_workspace(root, f"http://127.0.0.1:{server.port}/s/{scenario}", profiles,
                            ["signing_secret: ${HOOK_SECRET}"], extra_profile_rows)
    return root


def send(binary, root, *args, wait=True, env_extra=None):
    env = dict(os.environ, HOOK_SECRET=SECRET, NO_COLOR="1")
    env.update(env_extra or {})
    command = [binary, "-C", root, "--now", "2026-12-01T12:00:00Z", "send", "ping", "--batch", "b1",
               "--format", "json", *args]
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                stdin=subprocess.DEVNULL)
    result = subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                            timeout=120)
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result.returncode, report, result.stderr


def counts_by_profile(server):
    # The webhook-id (the key, '/' kept, '.' and '%' percent-encoded) is
    # the server's key.
    counts = server.control("/counts")
    return {key.split("/", 1)[1]: n for key, n in counts.items() if "/" in key}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def case_sent_once_and_rerun_skips(binary, server):
    root = workspace(server, "202", profiles=5)
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code == 0, f"exit {code}: {err}")
    check(report["outcomes"]["sent"] == 5, report)
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code == 0 and report["outcomes"]["already_sent"] == 5 and report["outcomes"]["sent"] == 0, report)
    counts = counts_by_profile(server)
    check(all(counts.get(f"p{i}") == 1 for i in range(5)), counts)


def case_retry_then_sent(binary, server):
    root = workspace(server, "503,202")
    code, report, err = send(binary, root, "--profile", "p0", "--profile", "p1")
    check(code == 0 and report["outcomes"]["sent"] == 2, (code, report, err))
    counts = counts_by_profile(server)
    check(counts.get("p0") == 2 and counts.get("p1") == 2, counts)


def case_reset_is_ambiguous_and_not_resent(binary, server):
    root = workspace(server, "reset")
    code, report, err = send(binary, root, "--profile", "p0")
    check(code == 1 and report["outcomes"]["ambiguous"] == 1 and report["ambiguous"] == ["p0"], (code, report))
    code, report, err = send(binary, root, "--profile", "p0")
    check(code == 1 and report["outcomes"]["ambiguous"] == 1, report)
    check(counts_by_profile(server).get("p0") == 1, server.control("/counts"))
    code, report, err = send(binary, root, "--profile", "p0", "--resend-unknown")
    check(counts_by_profile(server).get("p0") == 2, "--resend-unknown sends it again")


def case_permanent_failure(binary, server):
    root = workspace(server, "400")
    code, report, err = send(binary, root, "--profile", "p0")
    check(code == 1 and report["outcomes"]["failed"] == 1, report)
    check(report["failed"][0]["profile"] == "p0" and report["failed"][0]["provider_status"].startswith("400"), report)
    code, report, err = send(binary, root, "--profile", "p0")
    check(code == 1 and report["outcomes"]["failed"] == 1, report)
    check(counts_by_profile(server).get("p0") == 1, "a failed message is not retried by a rerun")


def case_policies_and_dry_run(binary, server):
    root = workspace(server, "202", profiles=2, extra_profile_rows="p9,false\n")
    env = dict(os.environ, HOOK_SECRET=SECRET)
    result = subprocess.run([binary, "-C", root, "--now", "2026-12-01T12:00:00Z", "send", "ping", "--segment",
                             "everyone", "--dry-run", "--format", "json"],
                            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    check(result.returncode == 0, result.stderr)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    check([line["profile"] for line in lines] == ["p0", "p1"], lines)
    request = lines[0]["request"]
    check(request["url"].endswith("/s/202") and json.loads(request["body"]) == {"profile": "p0"}, request)
    check("webhook-signature" in request["headers"], request)
    check(SECRET not in result.stdout and "c2VjcmV0" not in result.stdout, "the signing secret is not shown")
    summary = json.loads(result.stderr)
    check(summary["dry_run"] and summary["outcomes"]["suppressed_consent"] == 1, summary)
    check(not os.path.exists(os.path.join(root, ".journeyctl", "state.db")), "a dry run writes no state")
    check(counts_by_profile(server) == {} or "p0" not in counts_by_profile(server), "a dry run sends nothing")


def case_segment_needs_yes(binary, server):
    root = workspace(server, "202")
    code, report, err = send(binary, root, "--segment", "everyone")
    check(code == 2 and "--yes" in err, (code, err))


def case_bad_batch_id(binary, server):
    root = workspace(server, "202")
    for batch in ("a/b", "a#b", "a\nb"):
        env = dict(os.environ, HOOK_SECRET=SECRET)
        result = subprocess.run([binary, "-C", root, "send", "ping", "--profile", "p0", "--batch", batch],
                                capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        check(result.returncode == 2 and "--batch" in result.stderr, (batch, result.returncode, result.stderr))
    check(counts_by_profile(server) == {}, "nothing sent")


def case_missing_secret(binary, server):
    root = workspace(server, "202")
    env = {k: v for k, v in os.environ.items() if k != "HOOK_SECRET"}
    result = subprocess.run([binary, "-C", root, "send", "ping", "--profile", "p0"], capture_output=True,
                            text=True, env=env, stdin=subprocess.DEVNULL)
    check(result.returncode == 2 and "HOOK_SECRET" in result.stderr, (result.returncode, result.stderr))


def case_sigint_records_in_flight(binary, server):
    root = workspace(server, "slow:1500", profiles=40)
    process = send(binary, root, "--segment", "everyone", "--yes", wait=False)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    check(process.returncode == 130, (process.returncode, err))
    report = json.loads(out)
    check(report["interrupted"], report)
    db = sqlite3.connect(os.path.join(root, ".journeyctl", "state.db"))
    started = db.execute("select count(*) from messages where state = 'started'").fetchone()[0]
    check(started == 0, f"{started} messages left without an outcome after SIGINT")
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code == 0, (code, report, err))
    counts = counts_by_profile(server)
    check(all(counts.get(f"p{i}") == 1 for i in range(40)), counts)


def case_sigkill_loses_nothing(binary, server):
    # 300 messages, 16 in flight, 200 ms each: about 4 s of sending, so
    # kills between 0.2 s and 1.2 s after the start land mid-batch.
    profiles = 300
    root = workspace(server, "slow:200", profiles=profiles)
    rng = random.Random(20261204)
    killed_mid_batch = False
    for _ in range(6):
        process = send(binary, root, "--segment", "everyone", "--yes", wait=False)
        time.sleep(rng.uniform(0.2, 1.2))
        process.kill()
        process.wait()
        received = len(counts_by_profile(server))
        killed_mid_batch = killed_mid_batch or 0 < received < profiles
    check(killed_mid_batch, "no kill landed while the batch was sending: the test proves nothing")
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code in (0, 1), (code, err))
    ambiguous = set(report["ambiguous"])
    counts = counts_by_profile(server)
    for i in range(profiles):
        profile = f"p{i}"
        received = counts.get(profile, 0)
        check(received <= 1, f"{profile} received {received} times")
        check(received == 1 or profile in ambiguous, f"{profile} neither received nor reported ambiguous")


def answering_webhook(server):
    """A webhook channel's settings, at the fault server answering 202."""
    return f"""    provider: webhook
    url: http://127.0.0.1:{server.port}/s/202
    to: profile.id
    signing_secret: ${{HOOK_SECRET}}
"""


def with_fallback(root, channel_yaml, consent):
    """Adds a channel to the workspace; the template's channel falls back to it."""
    path = os.path.join(root, "journeyctl.yaml")
    with open(path) as f:
        text = f.read()
    text = text.replace("    signing_secret: ${HOOK_SECRET}\npolicies:",
                        "    signing_secret: ${HOOK_SECRET}\n    fallback: backup\n  backup:\n" + channel_yaml +
                        "policies:")
    text = text.replace("    hook: profile.opt_in\n", "    hook: profile.opt_in\n    backup: " + consent + "\n")
    with open(path, "w") as f:
        f.write(text)


def case_fallback_after_permanent_failure(binary, server):
    # The first channel refuses every request (401: not the recipient's
    # fault); the fallback takes each message under its own key, once.
    root = workspace(server, "401", profiles=4)
    with_fallback(root, answering_webhook(server), 'profile.id != "p3"')
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code == 0, (code, report, err))
    # p3 has no consent on the fallback: it ends as the fallback's policy says.
    check(report["outcomes"]["sent"] == 3 and report["outcomes"]["suppressed_consent"] == 1, report)
    check(report["fell_back"] == 4 and report["failed"] == [], report)
    counts = server.control("/counts")
    for i in range(3):
        check(counts.get(f"b1/p{i}") == 1 and counts.get(f"b1#backup/p{i}") == 1, counts)
    check(counts.get("b1/p3") == 1 and "b1#backup/p3" not in counts, counts)
    ledger = sqlite3.connect(os.path.join(root, ".journeyctl", "state.db"))
    rows = dict(ledger.execute("SELECT idempotency_key, state || ' ' || coalesce(fallback_channel, '-') FROM messages"))
    check(rows["b1/p0"] == "failed backup" and rows["b1#backup/p0"] == "sent -", rows)
    # A rerun follows each failed row to its fallback: nothing goes out again.
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code == 0 and report["outcomes"]["already_sent"] == 3 and report["fell_back"] == 0, (code, report, err))
    check(server.control("/counts") == counts, server.control("/counts"))


def case_fallback_resumed_by_rerun(binary, server):
    # A failed row that names its fallback, with no row there yet (the
    # process died between the two): the rerun sends it through the fallback.
    root = workspace(server, "401", profiles=1)
    with_fallback(root, answering_webhook(server), "true")
    code, report, err = send(binary, root, "--profile", "p0")
    check(code == 0 and report["outcomes"]["sent"] == 1, (code, report, err))
    ledger = sqlite3.connect(os.path.join(root, ".journeyctl", "state.db"))
    ledger.execute("DELETE FROM messages WHERE idempotency_key = 'b1#backup/p0'")
    ledger.commit()
    code, report, err = send(binary, root, "--profile", "p0")
    check(code == 0 and report["outcomes"]["sent"] == 1 and report["fell_back"] == 0, (code, report, err))
    counts = server.control("/counts")
    check(counts.get("b1/p0") == 1 and counts.get("b1#backup/p0") == 2, counts)


def case_no_fallback_for_the_recipients_fault(binary, server):
    # SMTP: a refused recipient (550) is the recipient's; 554 after the data
    # is not. Only the second goes on to the fallback (another SMTP channel).
    root = workspace(server, "202", profiles=0,
                     extra_profile_rows="p0,true,rcpt550@fault.test\np1,true,554@fault.test\n")
    path = os.path.join(root, "data", "profiles.csv")
    with open(path) as f:
        text = f.read().replace("id,opt_in\n", "id,opt_in,email\n")
    with open(path, "w") as f:
        f.write(text)
    config = os.path.join(root, "journeyctl.yaml")
    with open(config) as f:
        text = f.read()
    smtp = f"""    provider: smtp
    from: "Acme <hello@acme.example>"
    host: 127.0.0.1
    port: {server.smtp_port}
    tls: none
"""
    text = text.replace(f"""    provider: webhook
    url: http://127.0.0.1:{server.port}/s/202
    to: profile.id
    signing_secret: ${{HOOK_SECRET}}
""", smtp + "    to: profile.email\n    fallback: backup\n  backup:\n" + smtp + "    to: '\"250@fault.test\"'\n")
    text = text.replace("    hook: profile.opt_in\n", "    hook: profile.opt_in\n    backup: profile.opt_in\n")
    with open(config, "w") as f:
        f.write(text)
    with open(os.path.join(root, "templates", "ping.yaml"), "w") as f:
        f.write("template: ping\nchannel: hook\nsubject: Hello\ntext: Hi {{profile.id}}\n")
    code, report, err = send(binary, root, "--segment", "everyone", "--yes")
    check(code == 1, (code, report, err))
    check(report["outcomes"]["sent"] == 1 and report["outcomes"]["failed"] == 1 and report["fell_back"] == 1, report)
    check([f["profile"] for f in report["failed"]] == ["p0"], report)


def main():
    binary = sys.argv[1]

    def run_one(case):
        server = Server()
        try:
            case(binary, server)
        finally:
            server.stop()

    run_cases(cases_of(globals()), sys.argv[2:], run_one)


if __name__ == "__main__":
    main()
