#!/usr/bin/env python3
"""`journeyctl send` through a file channel (direct mail), end to end.

Each case writes a small workspace whose `file` channel writes to a folder
of the workspace or uploads to a real OpenSSH server that the case starts
on a loopback port (sftp_server.py), runs the real binary, and checks what
landed in the folder byte for byte: the CSV (RFC 4180, CRLF, UTF-8) and its
manifest, whose SHA-256 is recomputed here with hashlib. Reruns write
nothing new, SIGKILL at random moments (the channel's rate spreads a batch
over seconds) loses no letter and duplicates none, SIGINT publishes what
was started, and the narrow windows a random kill rarely hits (a CSV
renamed into place but no manifest yet; a manifest there but the ledger
not told) are made by hand from a finished batch.

Usage: file_send_test.py JOURNEYCTL [CASE...]; exit 125 when every case
asked for needs sshd and there is none (unless CI or
JOURNEYCTL_REQUIRE_PEERS is set).
"""
import csv
import hashlib
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sftp_server import SftpServer, sshd_available  # noqa: E402

NOW = "2026-12-01T12:00:00Z"
HEADER = "profile,to,street,city,greeting\r\n"
# The profiles of the small workspace, and the record each one gets.
PEOPLE = [
    ("p0", "Ada Lovelace", "12 rue de la Paix", "Paris", "gold"),
    ("p1", 'Bob "The Builder", Jr.', "1 Main St", "Lyon", "silver"),
    ("p2", "Zoé Ødegård", "Straße 5\nBâtiment B", "Zürich", "gold"),
]
RECORDS = {
    "p0": 'p0,Ada Lovelace,12 rue de la Paix,Paris,"Dear Ada Lovelace, your gift awaits."\r\n',
    "p1": 'p1,"Bob ""The Builder"", Jr.",1 Main St,Lyon,"Dear Bob ""The Builder"", Jr., come back."\r\n',
    "p2": 'p2,Zoé Ødegård,"Straße 5\nBâtiment B",Zürich,"Dear Zoé Ødegård, your gift awaits."\r\n',
}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


WORKSPACES = []  # removed when the cases end, kept when one failed


def workspace(destination, profiles=None, part_size=None, rate=None):
    """A workspace whose channel `letters` takes `destination` (YAML lines)."""
    root = tempfile.mkdtemp(prefix="file-send-test-")
    WORKSPACES.append(root)
    for folder in ("data", "segments", "templates"):
        os.makedirs(os.path.join(root, folder))
    extra = ""
    if part_size:
        extra += f"    part_size: {part_size}\n"
    if rate:
        extra += f"    rate: {rate}\n"
    with open(os.path.join(root, "journeyctl.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""workspace: file-send-test
data:
  profiles:
    file: data/profiles.csv
    key: id
channels:
  letters:
    provider: file
{destination}    to: profile.name
    fields:
      street: profile.street
      city: profile.city
{extra}policies:
  consent:
    letters: profile.opt_in
""")
    with open(os.path.join(root, "data", "profiles.csv"), "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "name", "street", "city", "tier", "opt_in"])
        for row in profiles if profiles is not None else PEOPLE:
            writer.writerow([*row, "true"])
    with open(os.path.join(root, "segments", "everyone.yaml"), "w") as f:
        f.write('segment: everyone\nwhere: "true"\n')
    with open(os.path.join(root, "templates", "letter.yaml"), "w") as f:
        f.write('template: letter\nchannel: letters\ndata:\n'
                '  greeting: "Dear {{profile.name}}, {{#if profile.tier == \\"gold\\"}}your gift awaits.'
                '{{else}}come back.{{/if}}"\n')
    return root


def folder_channel(path="out/letters"):
    return f"    folder: {path}\n"


def many(count):
    return [(f"p{i}", f"Person {i}", f"{i} High St", "Paris", "gold") for i in range(count)]


def send(binary, root, *args, env=None, wait=True):
    command = [binary, "-C", root, "--now", NOW, "send", "letter", "--format", "json", *args]
    full_env = dict(os.environ, NO_COLOR="1", **(env or {}))
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env,
                                stdin=subprocess.DEVNULL)
    result = subprocess.run(command, capture_output=True, text=True, env=full_env, stdin=subprocess.DEVNULL,
                            timeout=120)
    # A dry run prints its records on stdout and the report on stderr.
    printed = result.stderr if "--dry-run" in args else result.stdout
    report = json.loads(printed) if printed.strip().startswith("{") else None
    return result.returncode, report, result.stderr, result.stdout


def batch_send(binary, root, batch, *args, env=None):
    return send(binary, root, "--segment", "everyone", "--yes", "--batch", batch, *args, env=env)


def listing(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def expected_manifest(batch, part, name, csv_bytes):
    """The manifest's exact text, built here from the CSV's bytes."""
    body = {
        "format": "journeyctl-extraction/1",
        "batch": batch,
        "part": part,
        "file": name,
        "count": len(list(csv.reader(io.StringIO(csv_bytes.decode("utf-8"), newline="")))) - 1,
        "bytes": len(csv_bytes),
        "sha256": hashlib.sha256(csv_bytes).hexdigest(),
        "columns": ["profile", "to", "street", "city", "greeting"],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def published_parts(folder, batch):
    """{part number: [profile keys]} of every part whose manifest is there,
    each CSV checked against its manifest (size, SHA-256, record count)."""
    parts = {}
    for name in listing(folder):
        if not (name.startswith(batch + ".part-") and name.endswith(".manifest.json")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            manifest = json.load(f)
        data = read_bytes(os.path.join(folder, manifest["file"]))
        check(len(data) == manifest["bytes"] and hashlib.sha256(data).hexdigest() == manifest["sha256"],
              f"{manifest['file']} does not match its manifest")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        check(rows[0] == manifest["columns"], rows[0])
        check(len(rows) - 1 == manifest["count"], (name, len(rows), manifest["count"]))
        parts[manifest["part"]] = [row[0] for row in rows[1:]]
    return parts


def check_each_once(folder, batch, profiles):
    """Every profile in exactly one published part, and nothing else left."""
    parts = published_parts(folder, batch)
    seen = [p for keys in parts.values() for p in keys]
    check(sorted(seen) == sorted(profiles), f"published {len(seen)} records for {len(profiles)} profiles: "
          f"{sorted(set(p for p in seen if seen.count(p) > 1))[:5]} twice, "
          f"{sorted(set(profiles) - set(seen))[:5]} missing")
    leftovers = [n for n in listing(folder) if n.startswith(".") or
                 (n.endswith(".csv") and n[:-4] + ".manifest.json" not in listing(folder))]
    check(not leftovers, f"leftovers in the folder: {leftovers}")
    check(sorted(parts) == list(range(1, len(parts) + 1)), f"parts not numbered 1..n: {sorted(parts)}")
    return parts


def ledger(root, batch):
    db = sqlite3.connect(os.path.join(root, ".journeyctl", "state.db"))
    try:
        return {row[0]: (row[1], row[2]) for row in db.execute(
            "select profile_key, state, provider_message_id from messages where batch = ?", (batch,))}
    finally:
        db.close()


def set_ledger_state(root, batch, state, profiles=None):
    db = sqlite3.connect(os.path.join(root, ".journeyctl", "state.db"))
    with db:
        if profiles is None:
            db.execute("update messages set state = ? where batch = ?", (state, batch))
        else:
            db.executemany("update messages set state = ? where batch = ? and profile_key = ?",
                           [(state, batch, p) for p in profiles])
    db.close()


# --- a folder of the workspace -------------------------------------------

def case_folder_send(binary):
    root = workspace(folder_channel())
    out = os.path.join(root, "out", "letters")
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0, (code, err))
    check(report["outcomes"]["sent"] == 3 and report["files"] == ["b1.part-0001.csv"], report)
    check(listing(out) == ["b1.part-0001.csv", "b1.part-0001.manifest.json"], listing(out))
    data = read_bytes(os.path.join(out, "b1.part-0001.csv"))
    check(data == (HEADER + RECORDS["p0"] + RECORDS["p1"] + RECORDS["p2"]).encode("utf-8"), data)
    manifest = read_bytes(os.path.join(out, "b1.part-0001.manifest.json")).decode("utf-8")
    check(manifest == expected_manifest("b1", 1, "b1.part-0001.csv", data), manifest)
    check(ledger(root, "b1") == {p: ("sent", "b1.part-0001.csv") for p in RECORDS}, ledger(root, "b1"))

    before = {name: read_bytes(os.path.join(out, name)) for name in listing(out)}
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0 and report["outcomes"]["already_sent"] == 3 and report["outcomes"]["sent"] == 0, report)
    check(report["files"] == [], report)
    check({name: read_bytes(os.path.join(out, name)) for name in listing(out)} == before, "a rerun wrote")

    code, report, err, _ = batch_send(binary, root, "b2")
    check(code == 0 and report["files"] == ["b2.part-0001.csv"], (code, report, err))
    check(read_bytes(os.path.join(out, "b2.part-0001.csv")) == data, "batch b2 holds the same letters")
    check(len(listing(out)) == 4, listing(out))


def case_folder_dry_run(binary):
    root = workspace(folder_channel())
    code, report, err, out = batch_send(binary, root, "b1", "--dry-run")
    check(code == 0, (code, err))
    lines = [json.loads(line) for line in out.splitlines()]
    check([line["profile"] for line in lines] == ["p0", "p1", "p2"], lines)
    check(lines[1] == {"profile": "p1", "key": "b1/p1", "record": {
        "profile": "p1", "to": 'Bob "The Builder", Jr.', "street": "1 Main St", "city": "Lyon",
        "greeting": 'Dear Bob "The Builder", Jr., come back.'}}, lines[1])
    check(report["dry_run"] and report["outcomes"]["sent"] == 3 and "files" in report, report)
    check(not os.path.exists(os.path.join(root, "out")), "a dry run made the folder")
    check(not os.path.exists(os.path.join(root, ".journeyctl", "state.db")), "a dry run wrote state")


def case_folder_parts(binary):
    profiles = many(7)
    root = workspace(folder_channel(), profiles=profiles, part_size=3)
    out = os.path.join(root, "out", "letters")
    code, report, err, _ = batch_send(binary, root, "b1", "--limit", "5")
    check(code == 0 and report["files"] == ["b1.part-0001.csv", "b1.part-0002.csv"], (code, report, err))
    check(published_parts(out, "b1") == {1: ["p0", "p1", "p2"], 2: ["p3", "p4"]}, published_parts(out, "b1"))
    # The rest of the batch goes into the next part: nothing sent is in it.
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0 and report["outcomes"]["already_sent"] == 5 and report["files"] == ["b1.part-0003.csv"], report)
    check(published_parts(out, "b1")[3] == ["p5", "p6"], published_parts(out, "b1"))
    check_each_once(out, "b1", [p[0] for p in profiles])


def case_folder_outside_workspace(binary):
    root = workspace(folder_channel("../elsewhere"))
    result = subprocess.run([binary, "-C", root, "validate"], capture_output=True, text=True)
    check(result.returncode == 1 and "path-outside-workspace" in result.stdout, (result.returncode, result.stdout))
    code, _, err, _ = batch_send(binary, root, "b1")
    check(code == 2, (code, err))
    check(not os.path.exists(os.path.join(os.path.dirname(root), "elsewhere")), "wrote outside the workspace")


def case_crash_kill_and_rerun(binary):
    # 240 letters in parts of 20 at 120 a second: two seconds of writing, so
    # kills between 0.1 s and 1.9 s land while parts are written and
    # published. Each rerun goes on from where the folder and the ledger say.
    profiles = many(240)
    root = workspace(folder_channel(), profiles=profiles, part_size=20, rate="120/s")
    out = os.path.join(root, "out", "letters")
    rng = random.Random(20261205)
    killed_mid_batch = False
    for _ in range(6):
        process = send(binary, root, "--segment", "everyone", "--yes", "--batch", "b1", wait=False)
        time.sleep(rng.uniform(0.1, 1.9))
        process.kill()
        process.wait()
        published = sum(len(keys) for keys in published_parts(out, "b1").values())
        killed_mid_batch = killed_mid_batch or 0 < published < len(profiles)
    check(killed_mid_batch, "no kill landed while the batch was written: the test proves nothing")
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0, (code, report, err))
    check(report["outcomes"]["ambiguous"] == 0 and report["outcomes"]["failed"] == 0, report)
    check_each_once(out, "b1", [p[0] for p in profiles])
    states = ledger(root, "b1")
    check(all(state == "sent" for state, _ in states.values()) and len(states) == len(profiles), states)
    # Each letter's ledger row names the part it is in.
    parts = published_parts(out, "b1")
    where = {p: f"b1.part-{n:04d}.csv" for n, keys in parts.items() for p in keys}
    check(all(states[p][1] == where[p] for p in where), "a ledger row names another part")


def case_sigint_publishes_what_started(binary):
    # SIGINT: nothing more is pulled, the part being written is published
    # and its letters recorded, exit 130; a rerun writes the rest.
    profiles = many(200)
    root = workspace(folder_channel(), profiles=profiles, part_size=30, rate="100/s")
    out = os.path.join(root, "out", "letters")
    process = send(binary, root, "--segment", "everyone", "--yes", "--batch", "b1", wait=False)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    stdout, err = process.communicate(timeout=60)
    check(process.returncode == 130, (process.returncode, err))
    report = json.loads(stdout)
    check(report["interrupted"] and 0 < report["outcomes"]["sent"] < len(profiles), report)
    published = sum(len(keys) for keys in published_parts(out, "b1").values())
    check(published == report["outcomes"]["sent"], (published, report["outcomes"]))
    check(set(state for state, _ in ledger(root, "b1").values()) == {"sent"}, "a letter was left unsettled")
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0 and report["outcomes"]["sent"] == len(profiles) - published, (code, report, err))
    check_each_once(out, "b1", [p[0] for p in profiles])


def finished_batch(binary, batch="b1"):
    profiles = many(4)
    root = workspace(folder_channel(), profiles=profiles, part_size=2)
    code, report, err, _ = batch_send(binary, root, batch)
    check(code == 0 and len(report["files"]) == 2, (code, report, err))
    return root, os.path.join(root, "out", "letters"), [p[0] for p in profiles]


def case_crash_after_manifest(binary):
    # Killed after part 2's manifest was renamed, before the ledger heard:
    # its letters are started, and the rerun finds them published.
    root, out, profiles = finished_batch(binary)
    set_ledger_state(root, "b1", "started", ["p2", "p3"])
    before = listing(out)
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0 and report["outcomes"]["already_sent"] == 4 and report["files"] == [], (code, report, err))
    check(listing(out) == before, listing(out))
    check(ledger(root, "b1")["p3"] == ("sent", "b1.part-0002.csv"), ledger(root, "b1"))


def case_crash_before_manifest(binary):
    # Killed after part 2's CSV was renamed into place, before its manifest:
    # not published. The rerun removes the CSV and writes its letters again.
    root, out, profiles = finished_batch(binary)
    os.remove(os.path.join(out, "b1.part-0002.manifest.json"))
    set_ledger_state(root, "b1", "started", ["p2", "p3"])
    with open(os.path.join(out, ".b1.part-0003.csv.tmp"), "w") as f:
        f.write("profile,to\r\n")  # and a staging file of a later part
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0 and report["outcomes"]["sent"] == 2 and report["outcomes"]["already_sent"] == 2, report)
    check(report["files"] == ["b1.part-0002.csv"], report)
    check(check_each_once(out, "b1", profiles) == {1: ["p0", "p1"], 2: ["p2", "p3"]}, "parts")


def case_ambiguous_resolved_from_folder(binary):
    # An earlier run's rename of the manifest got no answer (ambiguous);
    # the folder shows part 1 published and part 2 not.
    root, out, profiles = finished_batch(binary)
    os.remove(os.path.join(out, "b1.part-0002.manifest.json"))
    set_ledger_state(root, "b1", "ambiguous")
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 0 and report["outcomes"]["already_sent"] == 2 and report["outcomes"]["sent"] == 2, report)
    check_each_once(out, "b1", profiles)


def case_published_csv_taken_away(binary):
    # A part's CSV is gone while its manifest stays: what it held cannot be
    # known, so the unsettled letters stay ambiguous and are not written.
    root, out, profiles = finished_batch(binary)
    os.remove(os.path.join(out, "b1.part-0002.csv"))
    set_ledger_state(root, "b1", "started", ["p2", "p3"])
    code, report, err, _ = batch_send(binary, root, "b1")
    check(code == 1 and sorted(report["ambiguous"]) == ["p2", "p3"] and report["files"] == [], (code, report))
    check("b1.part-0002.csv is published" in err and "warning" in err, err)
    code, report, err, _ = batch_send(binary, root, "b1", "--resend-unknown")
    check(code == 0 and report["outcomes"]["sent"] == 2 and report["files"] == ["b1.part-0003.csv"], (code, report))


# --- an SFTP server ---------------------------------------------------------

def sftp_workspace(server, login, profiles=None, part_size=None, host_key=None, rate=None):
    destination = f"    sftp_url: sftp://{server.user}@127.0.0.1:{server.port}{server.drop}\n" + login
    destination += host_key if host_key is not None else f"    host_key_sha256: {server.fingerprint}\n"
    return workspace(destination, profiles=profiles, part_size=part_size, rate=rate)


KEY_LOGIN = "    private_key: ${SFTP_KEY}\n"


def case_sftp_send(binary, server):
    root = sftp_workspace(server, KEY_LOGIN, part_size=2)
    env = {"SFTP_KEY": server.client_key}
    code, report, err, _ = batch_send(binary, root, "b1", env=env)
    check(code == 0, (code, err, server.log()))
    check(report["files"] == ["b1.part-0001.csv", "b1.part-0002.csv"], report)
    check(listing(server.drop) == ["b1.part-0001.csv", "b1.part-0001.manifest.json", "b1.part-0002.csv",
                                   "b1.part-0002.manifest.json"], listing(server.drop))
    part1 = read_bytes(os.path.join(server.drop, "b1.part-0001.csv"))
    check(part1 == (HEADER + RECORDS["p0"] + RECORDS["p1"]).encode("utf-8"), part1)
    manifest = read_bytes(os.path.join(server.drop, "b1.part-0001.manifest.json")).decode("utf-8")
    check(manifest == expected_manifest("b1", 1, "b1.part-0001.csv", part1), manifest)
    # Each file was uploaded under its hidden staging name, then renamed.
    log = server.log()
    for name in ("b1.part-0001.csv", "b1.part-0001.manifest.json", "b1.part-0002.csv"):
        check(f'rename old "{server.drop}/.{name}.tmp" new "{server.drop}/{name}"' in log, (name, log))
    check(server.client_key not in err, "the key file's path is shown")

    code, report, err, _ = batch_send(binary, root, "b1", env=env)
    check(code == 0 and report["outcomes"]["already_sent"] == 3 and report["files"] == [], (code, report, err))
    check(len(listing(server.drop)) == 4, listing(server.drop))
    check_each_once(server.drop, "b1", ["p0", "p1", "p2"])


def case_sftp_known_hosts(binary, server):
    root = sftp_workspace(server, KEY_LOGIN, host_key="    known_hosts: known_hosts\n")
    with open(os.path.join(root, "known_hosts"), "w") as f:
        f.write(server.known_hosts_line())
    code, report, err, _ = batch_send(binary, root, "b1", env={"SFTP_KEY": server.client_key})
    check(code == 0 and report["files"] == ["b1.part-0001.csv"], (code, err))
    # A known_hosts that names another key for the server is refused.
    with open(os.path.join(root, "known_hosts"), "w") as f:
        f.write(server.known_hosts_line(other_key=True))
    code, report, err, _ = batch_send(binary, root, "b2", env={"SFTP_KEY": server.client_key})
    check(code == 2 and "host key" in err, (code, err))
    check(not any(n.startswith("b2") for n in listing(server.drop)), listing(server.drop))


def case_sftp_wrong_host_key(binary, server):
    wrong = "SHA256:" + "A" * 43
    root = sftp_workspace(server, KEY_LOGIN, host_key=f"    host_key_sha256: {wrong}\n")
    code, report, err, _ = batch_send(binary, root, "b1", env={"SFTP_KEY": server.client_key})
    check(code == 2, (code, err))
    check("channel 'letters'" in err and "host key is not the one" in err, err)
    check(listing(server.drop) == [], listing(server.drop))
    check(ledger(root, "b1") == {}, "a message was recorded although nothing could be written")


def case_sftp_wrong_login(binary, server):
    other = server.other_key()
    root = sftp_workspace(server, KEY_LOGIN)
    code, report, err, _ = batch_send(binary, root, "b1", env={"SFTP_KEY": other})
    check(code == 2 and "refused the login" in err, (code, err))
    check(other not in err, "the key file's path is shown")
    password = "not-the-Password-42"
    root = sftp_workspace(server, "    password: ${SFTP_PASSWORD}\n")
    code, report, err, _ = batch_send(binary, root, "b1", env={"SFTP_PASSWORD": password})
    check(code == 2 and "refused the login" in err, (code, err))
    check(password not in err, "the password is shown")
    check(listing(server.drop) == [], listing(server.drop))
    # A password in the URL itself is refused before anything connects.
    root = workspace(f"    sftp_url: sftp://{server.user}:{password}@127.0.0.1:{server.port}{server.drop}\n" + KEY_LOGIN +
                     f"    host_key_sha256: {server.fingerprint}\n")
    result = subprocess.run([binary, "-C", root, "validate"], capture_output=True, text=True)
    check(result.returncode == 1 and "holds a password" in result.stdout, result.stdout)


def case_sftp_crash_kill_and_rerun(binary, server):
    profiles = many(120)
    root = sftp_workspace(server, KEY_LOGIN, profiles=profiles, part_size=15, rate="80/s")
    env = {"SFTP_KEY": server.client_key}
    rng = random.Random(20261206)
    killed_mid_batch = False
    for _ in range(4):
        process = send(binary, root, "--segment", "everyone", "--yes", "--batch", "b1", env=env, wait=False)
        time.sleep(rng.uniform(0.2, 1.4))
        process.kill()
        process.wait()
        published = sum(len(keys) for keys in published_parts(server.drop, "b1").values())
        killed_mid_batch = killed_mid_batch or 0 < published < len(profiles)
    check(killed_mid_batch, "no kill landed while the batch was uploaded: the test proves nothing")
    code, report, err, _ = batch_send(binary, root, "b1", env=env)
    check(code == 0 and report["outcomes"]["ambiguous"] == 0, (code, report, err))
    check_each_once(server.drop, "b1", [p[0] for p in profiles])


FOLDER_CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_") and "sftp" not in name}
SFTP_CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_sftp")}


def main():
    binary = sys.argv[1]
    names = sys.argv[2:] or [*FOLDER_CASES, *SFTP_CASES]
    required = bool(os.environ.get("CI") or os.environ.get("JOURNEYCTL_REQUIRE_PEERS"))
    if all(name in SFTP_CASES for name in names) and not sshd_available() and not required:
        print("skipped: no /usr/sbin/sshd (apt-get install openssh-server)")
        sys.exit(125)
    failures = 0
    for name in names:
        try:
            if name in SFTP_CASES:
                with SftpServer() as server:
                    SFTP_CASES[name](binary, server)
            else:
                FOLDER_CASES[name](binary)
            print(f"ok   {name}")
        except Exception as error:  # report every case, then fail
            failures += 1
            print(f"FAIL {name}: {error}")
    if failures:
        print("workspaces kept: " + " ".join(WORKSPACES))
    else:
        for root in WORKSPACES:
            shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
