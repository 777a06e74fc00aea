#!/usr/bin/env python3
"""`journeyctl run` and `status` end to end against the loopback fault server.

The workspace (written per case) has a weekly scheduled journey and a
triggered cart-abandonment journey, with a wait, a wait_for with a timeout,
exit_on unsubscribe, re-entry rules, quiet hours with delay and frequency
caps, each journey on its own webhook channel (so that the caps, counted
per channel, see the same messages in a run as in one journey's dry-run).

The test the issue asks for: stepping `run --until` through a window in
small steps makes the same entries, exits and sent messages as one
`dry-run` over the window; and SIGKILL at random moments, rerun each time
to the end, changes none of it and sends no message twice.
Usage: run_test.py JOURNEYCTL [CASE...]
"""
import collections
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from case_runner import cases_of, run_cases  # noqa: E402
from fault_peer import Server  # noqa: E402

FROM = "2026-11-02T00:00:00Z"   # a Monday
DAYS = 14
PROFILES = 40


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def iso(day, hour=0, minute=0):
    return f"2026-11-{2 + day:02d}T{hour:02d}:{minute:02d}:00Z"


def events(seed):
    """add_to_cart and purchase events over the window, some at night (quiet
    hours), some purchases within the cart's wait (wait_for), some
    unsubscribes (exit_on)."""
    rng = random.Random(seed)
    lines = []
    for p in range(PROFILES):
        for _ in range(rng.randrange(0, 4)):
            day, hour, minute = rng.randrange(DAYS), rng.randrange(24), rng.randrange(60)
            lines.append({"id": f"p{p}", "type": "add_to_cart", "ts": iso(day, hour, minute)})
            if rng.random() < 0.4:
                later = hour + rng.randrange(0, 30)
                if later < 24:
                    lines.append({"id": f"p{p}", "type": "purchase", "ts": iso(day, later, minute)})
            elif rng.random() < 0.15 and hour < 23:
                lines.append({"id": f"p{p}", "type": "unsubscribe", "ts": iso(day, hour + 1, minute)})
    lines.sort(key=lambda e: e["ts"])
    return "".join(json.dumps(e) + "\n" for e in lines)


def workspace(server, seed=7):
    root = tempfile.mkdtemp(prefix="run-test-")
    url = f"http://127.0.0.1:{server.port}/s/202"
    write(os.path.join(root, "journeyctl.yaml"), f"""workspace: run-test
timezone: Europe/Paris
data:
  profiles:
    file: data/profiles.csv
    key: id
  events:
    file: data/events.jsonl
    key: id
    type: type
    time: ts
state: .journeyctl/state.db
channels:
  weekly_hook:
    provider: webhook
    url: {url}
    to: profile.id
  cart_hook:
    provider: webhook
    url: {url}
    to: profile.id
policies:
  consent:
    weekly_hook: profile.opt_in
    cart_hook: profile.opt_in
  frequency:
    - {{ channel: cart_hook, max: 2, per: 1d }}
  quiet_hours: {{ start: "22:00", end: "07:00", zone: profile.timezone, then: delay }}
""")
    write(os.path.join(root, "data", "profiles.csv"),
          "id,opt_in,timezone,vip\n" +
          "".join(f"p{i},{'false' if i % 9 == 4 else 'true'},Europe/Paris,{'true' if i % 3 == 0 else 'false'}\n"
                  for i in range(PROFILES)))
    write(os.path.join(root, "data", "events.jsonl"), events(seed))
    write(os.path.join(root, "segments", "vips.yaml"), 'segment: vips\nwhere: profile.vip\n')
    write(os.path.join(root, "templates", "weekly.yaml"),
          'template: weekly\nchannel: weekly_hook\nbody: \'{"profile": "{{profile.id}}", "kind": "weekly"}\'\n')
    write(os.path.join(root, "templates", "follow_up.yaml"),
          'template: follow_up\nchannel: weekly_hook\nbody: \'{"profile": "{{profile.id}}", "kind": "follow"}\'\n')
    write(os.path.join(root, "templates", "cart.yaml"),
          'template: cart\nchannel: cart_hook\nbody: \'{"profile": "{{profile.id}}", "kind": "cart"}\'\n')
    write(os.path.join(root, "templates", "last_call.yaml"),
          'template: last_call\nchannel: cart_hook\nbody: \'{"profile": "{{profile.id}}", "kind": "last"}\'\n')
    write(os.path.join(root, "journeys", "weekly.yaml"), """journey: weekly
status: active
entry:
  segment: vips
  schedule: "0 9 * * MON"
reentry: always
timeout: 6d
steps:
  - id: hello
    send: weekly
  - id: pause
    wait: 2d
  - id: bought
    branch:
      - when: events.exists(e, e.type == "purchase" && e.time > journey.entered_at)
        goto: done
      - else: nudge
  - id: nudge
    send: follow_up
  - id: done
    exit: true
""")
    write(os.path.join(root, "journeys", "cart.yaml"), """journey: cart
status: active
entry:
  event: add_to_cart
reentry: { after: 2d }
timeout: 5d
exit_on: [unsubscribe]
steps:
  - id: grace
    wait: 1h
  - id: remind
    send: cart
  - id: await
    wait_for: { event: purchase, timeout: 1d, on_timeout: last }
    goto: done
  - id: last
    send: last_call
  - id: done
    exit: true
""")
    write(os.path.join(root, "templates", "welcome.yaml"),
          'template: welcome\nchannel: cart_hook\nbody: \'{"profile": "{{profile.id}}", "kind": "welcome"}\'\n')
    write(os.path.join(root, "journeys", "instant.yaml"), """journey: instant
status: active
entry:
  event: signup
steps:
  - id: hello
    send: welcome
""")
    return root


def journeyctl(binary, root, *args, wait=True):
    env = dict(os.environ, NO_COLOR="1")
    command = [binary, "-C", root, "--now", FROM, *args]
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                stdin=subprocess.DEVNULL)
    return subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def until_of(step_hours, i):
    total = i * step_hours
    return f"2026-11-{2 + total // 24:02d}T{total % 24:02d}:00:00Z"


def window_end():
    return until_of(24, DAYS)


def dry_run_truth(binary, root, journey):
    """(sent messages as a Counter of (step, profile), report) of one dry-run
    over the whole window."""
    result = journeyctl(binary, root, "dry-run", journey, "--from", FROM, "--until", window_end(),
                        "--messages", "-")
    check(result.returncode == 0, f"dry-run {journey}: {result.stderr}")
    sent = collections.Counter()
    for line in result.stdout.splitlines():
        m = json.loads(line)
        if m["outcome"] == "sent":
            sent[(m["step"], m["profile"])] += 1
    report = journeyctl(binary, root, "dry-run", journey, "--from", FROM, "--until", window_end(),
                        "--format", "json")
    check(report.returncode == 0, f"dry-run {journey}: {report.stderr}")
    return sent, json.loads(report.stdout)


def received(server):
    """What the server received: Counter of (journey, step, profile) per key,
    and the keys received more than once."""
    counts = server.control("/counts")
    sent = collections.Counter()
    twice = [key for key, n in counts.items() if n > 1]
    for key, n in counts.items():
        # #JOURNEY/vVERSION/ENTRY/STEP/VISIT/PROFILE, '#' and '/' as sent
        parts = urllib.parse.unquote(key).lstrip("#").split("/")
        sent[(parts[0], parts[3], parts[5])] += 1
    return sent, twice


def compare_with_dry_run(binary, root, server, run_totals):
    got, twice = received(server)
    check(not twice, f"messages received twice: {twice[:5]}")
    for journey in ("weekly", "cart"):
        truth, report = dry_run_truth(binary, root, journey)
        mine = collections.Counter({(step, profile): n for (j, step, profile), n in got.items() if j == journey})
        check(sum(truth.values()) > 0, f"{journey}: the dry-run sends nothing: the test would prove nothing")
        check(mine == truth, f"{journey}: run sent {sorted(mine.items())[:8]}... "
                             f"({sum(mine.values())}), dry-run {sum(truth.values())}: "
                             f"only run {sorted((mine - truth).items())[:5]}, only dry-run {sorted((truth - mine).items())[:5]}")
        entries, exits = run_totals[journey]
        check(entries == report["entries"], f"{journey}: run entered {entries} times, dry-run {report['entries']}")
        dry_exits = {k: v for k, v in report["exits"].items() if v}
        check(exits == dry_exits, f"{journey}: run exits {dict(exits)}, dry-run {dry_exits}")


def add_totals(run_totals, output):
    for j in json.loads(output)["journeys"]:
        entries, exits = run_totals.setdefault(j["journey"], (0, {}))
        entries += j["entries"]
        for reason, n in j["exits"].items():
            exits[reason] = exits.get(reason, 0) + n
        run_totals[j["journey"]] = (entries, exits)


def case_stepped_run_equals_dry_run():
    """Six-hour steps through two weeks: the same messages, entries and exits
    as one dry-run of each journey; every message received once."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        run_totals = {"weekly": (0, {}), "cart": (0, {})}
        steps = DAYS * 4
        for i in range(1, steps + 1):
            args = ["run", "--until", until_of(6, i), "--format", "json"]
            if i == 1:
                args += ["--since", FROM]
            result = journeyctl(binary, root, *args)
            check(result.returncode == 0, f"run {i}: exit {result.returncode}: {result.stderr}")
            add_totals(run_totals, result.stdout)
        compare_with_dry_run(binary, root, server, run_totals)
        status = json.loads(journeyctl(binary, root, "status", "--format", "json").stdout)
        by_name = {j["journey"]: j for j in status["journeys"]}
        check(by_name["cart"]["runs"] == steps, f"status: {by_name['cart']}")
        check(by_name["cart"]["reached"] == window_end(), f"status reached: {by_name['cart']['reached']}")
        check(by_name["weekly"]["messages"]["sent"] == sum(
            n for (j, _, _), n in received(server)[0].items() if j == "weekly"), f"status: {by_name['weekly']}")
        check(by_name["cart"]["outbox"] == 0, "outbox not empty")
        # A rerun to the same instant does nothing.
        again = journeyctl(binary, root, "run", "--until", window_end(), "--format", "json")
        check(again.returncode == 0 and all(j["up_to_date"] for j in json.loads(again.stdout)["journeys"]),
              f"rerun: {again.stdout} {again.stderr}")
    finally:
        server.stop()


def case_sigkill_loses_nothing():
    """Day steps, each run killed with SIGKILL at a random moment (or not),
    then run again to the same instant: the end state and the messages
    equal an uninterrupted run's; none received twice."""
    server = Server()
    rng = random.Random(11)
    try:
        binary = sys.argv[1]
        root = workspace(server)
        kills = 0
        duration = 0.05
        for i in range(1, DAYS + 1):
            args = ["run", "--until", until_of(24, i), "--format", "json", "--wait"]
            if i == 1:
                args += ["--since", FROM]
            # Kills land at random within a run's length (the last
            # uninterrupted one's), while it loads, advances, commits and
            # delivers, however fast the machine is.
            for _ in range(rng.randrange(1, 4)):
                process = journeyctl(binary, root, *args, wait=False)
                time.sleep(rng.uniform(0.0, duration))
                if process.poll() is None:
                    process.send_signal(signal.SIGKILL)
                    kills += 1
                process.communicate()
            started = time.monotonic()
            result = journeyctl(binary, root, *args)
            duration = time.monotonic() - started
            check(result.returncode in (0, 1), f"run {i}: exit {result.returncode}: {result.stderr}")
        check(kills > 5, f"only {kills} runs were killed: the test would prove little")
        got, twice = received(server)
        check(not twice, f"messages received twice: {twice[:5]}")
        # A message killed between its start and its request is ambiguous:
        # never sent again, so it may be missing; nothing else may.
        status = json.loads(journeyctl(binary, root, "status", "--format", "json").stdout)
        for journey in ("weekly", "cart"):
            truth, _ = dry_run_truth(binary, root, journey)
            mine = collections.Counter({(s, p): n for (j, s, p), n in got.items() if j == journey})
            check(not (mine - truth), f"{journey}: sent beyond the dry-run: {sorted((mine - truth).items())[:5]}")
            missing = sum((truth - mine).values())
            stored = {j["journey"]: j for j in status["journeys"]}[journey]
            check(missing <= stored["messages"]["ambiguous"],
                  f"{journey}: {missing} messages missing, {stored['messages']['ambiguous']} ambiguous")
            check(stored["outbox"] == 0, f"{journey}: outbox not empty: {stored}")
    finally:
        server.stop()


def case_second_runner_refused():
    """A second run while one holds the state exits 2 and names the holder."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        import fcntl
        os.makedirs(os.path.join(root, ".journeyctl"), exist_ok=True)
        with open(os.path.join(root, ".journeyctl", "state.db.run.lock"), "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            held.write("pid 4242 on test-host since 2026-11-02T00:00:00Z\n")
            held.flush()
            result = journeyctl(binary, root, "run", "--until", until_of(24, 1))
            check(result.returncode == 2, f"exit {result.returncode}: {result.stderr}")
            check("pid 4242 on test-host" in result.stderr and "--wait" in result.stderr, result.stderr)
            # status reads while the lock is held.
            status = journeyctl(binary, root, "status")
            check(status.returncode == 0 and "never run" in status.stdout, status.stdout + status.stderr)
    finally:
        server.stop()


def case_dry_run_changes_nothing():
    """run --dry-run decides what a run would and sends and stores nothing."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        result = journeyctl(binary, root, "run", "--dry-run", "--since", FROM, "--until", window_end(),
                            "--format", "json")
        check(result.returncode == 0, result.stderr)
        report = json.loads(result.stdout)
        check(report["dry_run"] and sum(j["queued"] for j in report["journeys"]) > 0, result.stdout)
        check(server.control("/counts") == {}, "a dry run sent something")
        check(not os.path.exists(os.path.join(root, ".journeyctl", "state.db")), "a dry run made the state database")
    finally:
        server.stop()


def case_journey_edited_mid_flight():
    """Profiles wait at a step that an edit removes: the next run lets them
    leave (counted), and a step added meanwhile is taken by new entrants."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        first = journeyctl(binary, root, "run", "weekly", "--since", FROM, "--until", until_of(24, 1),
                           "--format", "json")
        check(first.returncode == 0, first.stderr)
        status = json.loads(journeyctl(binary, root, "status", "weekly", "--format", "json").stdout)
        waiting = {s["step"]: s["waiting"] for s in status["journeys"][0]["steps"]}
        check(waiting.get("pause", 0) > 0, f"nobody waits at pause: {waiting}")
        path = os.path.join(root, "journeys", "weekly.yaml")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        write(path, text.replace("  - id: pause\n    wait: 2d\n", "  - id: rest\n    wait: 1d\n"))
        second = journeyctl(binary, root, "run", "weekly", "--until", until_of(24, 8), "--format", "json")
        check(second.returncode == 0, second.stderr)
        report = json.loads(second.stdout)["journeys"][0]
        check(report["left_removed_step"] == waiting["pause"], f"left: {report}")
        status = json.loads(journeyctl(binary, root, "status", "weekly", "--format", "json").stdout)
        check(status["journeys"][0]["inside"] == 0 or all(s["step"] != "pause" for s in status["journeys"][0]["steps"]),
              f"still at the removed step: {status}")
        check(report["entries"] > 0, "the next occurrence let nobody in")
    finally:
        server.stop()


def case_events_file_kept_for_later_runs():
    """run --events FILE: the events trigger entries in this run and are
    kept, so a later run without the file still sees them (the waiting
    instance's event, conditions); a bad line is refused before anything."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        write(os.path.join(root, "data", "events.jsonl"), "")
        bad = os.path.join(root, "bad.jsonl")
        write(bad, '{"id": "p1", "type": "signup", "ts": "2026-11-02T00:10:00Z"}\n[1, 2]\n')
        refused = journeyctl(binary, root, "run", "--since", FROM, "--until", iso(0, 1), "--events", bad)
        check(refused.returncode == 3 and "bad.jsonl:2:" in refused.stderr, refused.stderr)
        check(server.control("/counts") == {}, "a refused run sent something")
        events_file = os.path.join(root, "incoming.jsonl")
        write(events_file, '{"id": "p1", "type": "add_to_cart", "ts": "2026-11-02T10:00:00Z"}\n'
                           '{"id": "p2", "type": "signup", "ts": "2026-11-02T10:05:00Z"}\n')
        first = journeyctl(binary, root, "run", "--since", FROM, "--until", iso(0, 10, 30), "--events", events_file,
                           "--format", "json")
        check(first.returncode == 0, first.stderr)
        by_name = {j["journey"]: j for j in json.loads(first.stdout)["journeys"]}
        check(by_name["cart"]["entries"] == 1 and by_name["instant"]["entries"] == 1, first.stdout)
        check(json.loads(first.stdout)["events"] == {"received": 2, "late": 0}, first.stdout)
        # The same file again adds nothing: each line is kept once.
        second = journeyctl(binary, root, "run", "--until", iso(0, 12), "--events", events_file, "--format", "json")
        check(second.returncode == 0, second.stderr)
        check(json.loads(second.stdout)["events"]["received"] == 0, second.stdout)
        got, twice = received(server)
        check(not twice, f"received twice: {twice}")
        check(got[("cart", "remind", "p1")] == 1 and got[("instant", "hello", "p2")] == 1, f"received {dict(got)}")
        # Later, without the file: the purchase comes in; the stored add_to_cart
        # is still p1's entering event, and the wait_for ends on the purchase.
        # And a cart event from before what the runs reached comes late:
        # kept, triggering nothing.
        write(events_file, '{"id": "p1", "type": "purchase", "ts": "2026-11-02T13:00:00Z"}\n'
                           '{"id": "p5", "type": "add_to_cart", "ts": "2026-11-02T09:00:00Z"}\n')
        third = journeyctl(binary, root, "run", "--until", iso(2, 12), "--events", events_file, "--format", "json")
        check(third.returncode == 0, third.stderr)
        check(json.loads(third.stdout)["events"] == {"received": 2, "late": 1}, third.stdout)
        got, _ = received(server)
        check(got[("cart", "last", "p1")] == 0, f"last call sent after the purchase: {dict(got)}")
        cart = {j["journey"]: j for j in json.loads(third.stdout)["journeys"]}["cart"]
        check(cart["exits"].get("end") == 1 and cart["lost_events"] == 0 and cart["entries"] == 0, f"cart: {cart}")
    finally:
        server.stop()


def case_events_streamed_from_stdin():
    """run --events -: acts on an event as it arrives (on the clock), keeps
    going until SIGTERM, then stops cleanly (exit 130) with the event kept."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        write(os.path.join(root, "data", "events.jsonl"), "")
        # On the clock: quiet hours would hold the message at night.
        config = os.path.join(root, "journeyctl.yaml")
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        write(config, "".join(line for line in text.splitlines(True) if "quiet_hours" not in line))
        env = dict(os.environ, NO_COLOR="1")
        process = subprocess.Popen([binary, "-C", root, "run", "--events", "-", "--format", "json"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=env)
        # The first run's line says it has reached its instant; an event a
        # second later in the clock's time is in the next run's window.
        first_line = process.stdout.readline()
        check(first_line.startswith("{"), f"no first run: {first_line!r}")
        time.sleep(1.1)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time()))
        process.stdin.write(json.dumps({"id": "p3", "type": "signup", "ts": stamp}) + "\n")
        process.stdin.flush()
        deadline = time.time() + 20
        while time.time() < deadline and not received(server)[0][("instant", "hello", "p3")]:
            time.sleep(0.1)
        check(received(server)[0][("instant", "hello", "p3")] == 1, "the streamed event sent nothing")
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        check(process.returncode == 130, f"exit {process.returncode}: {err}")
        lines = [json.loads(line) for line in [first_line] + out.splitlines()]
        check(len(lines) >= 2 and all("journeys" in line for line in lines), out)
        check(sum(line["events"]["received"] for line in lines) == 1, out)
        # The event was kept: a later run sees it as history (late), sends nothing again.
        again = journeyctl(binary, root, "run", "--format", "json")
        check(again.returncode == 0, again.stderr)
        check(not received(server)[1], "received twice")
    finally:
        server.stop()


def case_damaged_state_refused():
    """An instance row that cannot be read stops the run with exit 2 naming
    the profile, and changes nothing."""
    server = Server()
    try:
        binary = sys.argv[1]
        root = workspace(server)
        first = journeyctl(binary, root, "run", "weekly", "--since", FROM, "--until", until_of(24, 1))
        check(first.returncode == 0, first.stderr)
        state = os.path.join(root, ".journeyctl", "state.db")
        with sqlite3.connect(state) as db:
            profile = db.execute("SELECT profile_key FROM instances WHERE active = 1 LIMIT 1").fetchone()[0]
            db.execute("UPDATE instances SET state = '{\"journey\": 7' WHERE profile_key = ?", (profile,))
            before = db.execute("SELECT until_ns FROM journey_runs").fetchall()
        damaged = journeyctl(binary, root, "run", "weekly", "--until", until_of(24, 4))
        check(damaged.returncode == 2, f"exit {damaged.returncode}: {damaged.stderr}")
        check(f"instance of profile '{profile}' in journey 'weekly' cannot be read" in damaged.stderr, damaged.stderr)
        with sqlite3.connect(state) as db:
            check(db.execute("SELECT until_ns FROM journey_runs").fetchall() == before, "the run moved on")
    finally:
        server.stop()


def run_one(case):
    case()


if __name__ == "__main__":
    run_cases(cases_of(globals()), sys.argv[2:], run_one)
