#!/usr/bin/env python3
"""`journeyctl diff` on temporary git repositories, one change per case:
a wait, a segment threshold, a new journey, a removed step, a cap, a
split's weights.

Each case commits the base workspace below, changes the working tree, runs
`diff --format json` (the base read from git: the default merge base, or
--base HEAD, or a folder) and compares the deltas with the ones worked out
by hand in the case's comment. Every result must also hold together: the
messages per template add up to each journey's sent count and those to
the totals, and every entry leaves for a reason or is still inside
(exits + waiting = entries) on both sides. Diffing a workspace against
itself reports no change at all.

The workspace: T = 2026-10-01T00:00:00Z (--now), zone UTC, cap
{ channel: email, max: 1, per: 1d }. Ten profiles p01..p10 with score 1..10,
all consenting. Events: p06 buys at T+1d, p07 unsubscribes at T+3d.
Segment `engaged`: score >= 6, so p06..p10; `low_engaged` (no journey
enters from it): inSegment("engaged") && score <= 7, so p06, p07. Journey
`nurture`, once at T
(no schedule), timeout 10d, exit_on unsubscribe:

  hello (send welcome_email) -> pause (wait 2d) -> check (branch: bought
  since entering -> done, else reminder) -> reminder (send reminder_email)
  -> done (exit)

Base, by hand: p06 hello at T, check at T+2d sees the purchase -> done;
p07..p10 hello at T, check at T+2d -> reminder at T+2d -> done (p07's
unsubscribe at T+3d comes after it left). Entries 5; arrivals hello 5,
pause 5, check 5, reminder 4, done 5; welcome_email sent 5,
reminder_email sent 4 (the cap: reminders are 2d after hello); exits end 5.
The window is T .. T+10d (the longest timeout).

Usage: diff_test.py JOURNEYCTL
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

NOW = "2026-10-01T00:00:00Z"

CONFIG = """workspace: diff-e2e
timezone: UTC
data:
  profiles:
    file: data/profiles.csv
    key: customer_id
    fields:
      score: int
      email_opt_in: bool
  events:
    file: data/events.jsonl
    key: customer_id
    type: event
    time: ts
channels:
  email:
    provider: sendgrid
    from: "Acme <hello@acme.example>"
    to: profile.email
    api_key: ${SENDGRID_API_KEY}
policies:
  consent:
    email: profile.email_opt_in
  frequency:
    - { channel: email, max: 1, per: 1d }
"""

NURTURE = """journey: nurture
entry:
  segment: engaged
timeout: 10d
exit_on: [unsubscribe]
steps:
  - id: hello
    send: welcome_email
  - id: pause
    wait: 2d
  - id: check
    branch:
      - when: events.exists(e, e.type == "purchase" && e.time > journey.entered_at)
        goto: done
      - else: reminder
  - id: reminder
    send: reminder_email
  - id: done
    exit: true
"""

PROMO = """journey: promo
entry:
  segment: everyone
timeout: 5d
steps:
  - id: offer
    send: promo_email
"""

FILES = {
    "journeyctl.yaml": CONFIG,
    "journeys/nurture.yaml": NURTURE,
    "segments/engaged.yaml": "segment: engaged\nwhere: profile.score >= 6\n",
    "segments/everyone.yaml": "segment: everyone\nwhere: \"true\"\n",
    "segments/low_engaged.yaml": "segment: low_engaged\nwhere: inSegment(\"engaged\") && profile.score <= 7\n",
    "templates/welcome_email.yaml": 'template: welcome_email\nchannel: email\nsubject: "Welcome"\ntext: "Hi."\n',
    "templates/reminder_email.yaml": 'template: reminder_email\nchannel: email\nsubject: "Still there?"\ntext: "Hi."\n',
    "templates/promo_email.yaml": 'template: promo_email\nchannel: email\nsubject: "An offer"\ntext: "Hi."\n',
    "data/profiles.csv": "customer_id,email,score,email_opt_in\n"
    + "".join(f"p{i:02},p{i:02}@example.com,{i},true\n" for i in range(1, 11)),
    "data/events.jsonl": '{"customer_id":"p06","event":"purchase","ts":"2026-10-02T00:00:00Z"}\n'
    '{"customer_id":"p07","event":"unsubscribe","ts":"2026-10-04T00:00:00Z"}\n',
}

GIT = ["git", "-c", "user.name=journeyctl-test", "-c", "user.email=test@journeyctl.invalid",
       "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]


def write(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as handle:
            handle.write(text)


def make_repo(top, files, folder="ws"):
    """A repository with the workspace in `folder`, committed on main."""
    workspace = os.path.join(top, folder)
    write(workspace, files)
    subprocess.run(GIT + ["init", "-q", top], check=True)
    subprocess.run(GIT + ["-C", top, "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", top, "commit", "-q", "-m", "base"], check=True)
    return workspace


def run_diff(binary, workspace, *args, expect=0, tmpdir=None, cwd=None):
    env = {"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1", "HOME": os.path.dirname(workspace)}
    if tmpdir:
        env["TMPDIR"] = tmpdir
    result = subprocess.run([binary, "-C", workspace, "--now", NOW, "diff", *args], capture_output=True, text=True,
                            env=env, cwd=cwd)
    if result.returncode != expect:
        raise AssertionError(f"diff {' '.join(args)} exited {result.returncode}, not {expect}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def diff_json(binary, workspace, *args, expect=0):
    return json.loads(run_diff(binary, workspace, "--format", "json", *args, expect=expect).stdout)


def journey(report, name):
    found = [j for j in report["journeys"] if j["journey"] == name]
    assert found, f"journey {name} not in the report"
    return found[0]


def step(j, step_id):
    found = [s for s in j["steps"] if s["id"] == step_id]
    assert found, f"step {step_id} not in journey {j['journey']}"
    return found[0]


def message(j, template, outcome):
    for m in j["messages"]:
        if m["template"] == template and m["outcome"] == outcome:
            return (m["count"]["base"], m["count"]["head"])
    return (0, 0)


def pair(delta):
    return (delta["base"], delta["head"])


def check_consistent(report):
    """Deltas add up: messages to journeys to totals; exits + waiting = entries."""
    for side in ("base", "head"):
        sent_total = 0
        for j in report["journeys"]:
            sent = sum(m["count"][side] for m in j["messages"] if m["outcome"] == "sent")
            assert sent == j["sent"][side], (j["journey"], side, sent, j["sent"])
            left = sum(d[side] for d in j["exits"].values()) + j["waiting"][side]
            assert left == j["entries"][side], (j["journey"], side, left, j["entries"])
            sent_total += sent
        assert sent_total == report["totals"]["sent"][side], (side, sent_total, report["totals"]["sent"])
        by_channel = sum(d[side] for d in report["totals"]["sent_by_channel"].values())
        assert by_channel == sent_total, (side, by_channel, sent_total)
    assert report["totals"]["diverged"] == sum(j["diverged"] for j in report["journeys"])
    for delta in [report["totals"]["entries"], report["totals"]["sent"]]:
        assert delta["change"] == delta["head"] - delta["base"]


def assert_unchanged(report):
    assert report["changed"] is False, report
    assert report["segments"] == [], report["segments"]
    assert report["totals"]["diverged"] == 0
    for j in report["journeys"]:
        assert j["change"] == "unchanged", j
        assert j["diverged"] == 0 and j["examples"] == [] and j["templates_changed"] == []
        for s in j["steps"]:
            assert s["in_base"] and s["in_head"] and s["arrivals"]["change"] == 0, s
        for m in j["messages"]:
            assert m["count"]["change"] == 0, m


def case_self(binary, top):
    """Property: the workspace against itself, from git and from a folder,
    with and without the second journey, reports no change."""
    workspace = make_repo(top, FILES)
    report = diff_json(binary, workspace)
    check_consistent(report)
    assert_unchanged(report)
    # The base numbers are the ones worked out in the docstring.
    j = journey(report, "nurture")
    assert pair(j["entries"]) == (5, 5)
    assert [pair(s["arrivals"])[0] for s in j["steps"]] == [5, 5, 5, 4, 5]
    assert message(j, "welcome_email", "sent") == (5, 5)
    assert message(j, "reminder_email", "sent") == (4, 4)
    assert report["until"] == "2026-10-11T00:00:00Z"
    folder = diff_json(binary, workspace, "--base", workspace)
    assert_unchanged(folder)
    write(workspace, {"journeys/promo.yaml": PROMO})
    subprocess.run(GIT + ["-C", top, "add", "-A"], check=True)
    subprocess.run(GIT + ["-C", top, "commit", "-q", "-m", "promo"], check=True)
    both = diff_json(binary, workspace, "--base", "HEAD")
    check_consistent(both)
    assert_unchanged(both)
    assert [j["journey"] for j in both["journeys"]] == ["nurture", "promo"]
    text = run_diff(binary, workspace).stdout
    assert "0 added, 0 removed, 0 modified, 0 affected, 2 unchanged" in text, text
    markdown = run_diff(binary, workspace, "--format", "markdown").stdout
    assert "No change" in markdown, markdown
    assert run_diff(binary, workspace, "--format", "github").stdout == ""


def case_wait(binary, top):
    """pause: 2d -> 4d. p06: check at T+4d still sees the purchase -> done.
    p07: unsubscribes at T+3d while pausing -> exit_on; it no longer reaches
    check, reminder or done. p08..p10 as before.
    Deltas: entries 5 -> 5; check 5 -> 4, reminder 4 -> 3, done 5 -> 4;
    reminder_email sent 4 -> 3; exits end 5 -> 4, exit_on 0 -> 1; one
    profile diverges, p07, after pause: base -> check, head -> exit:exit_on."""
    workspace = make_repo(top, FILES)
    write(workspace, {"journeys/nurture.yaml": NURTURE.replace("wait: 2d", "wait: 4d")})
    report = diff_json(binary, workspace)
    check_consistent(report)
    j = journey(report, "nurture")
    assert j["change"] == "modified"
    assert pair(j["entries"]) == (5, 5)
    assert [pair(step(j, s)["arrivals"]) for s in ("hello", "pause", "check", "reminder", "done")] == \
        [(5, 5), (5, 5), (5, 4), (4, 3), (5, 4)]
    assert message(j, "reminder_email", "sent") == (4, 3)
    assert message(j, "welcome_email", "sent") == (5, 5)
    assert {k: pair(v) for k, v in j["exits"].items()} == {"end": (5, 4), "exit_on": (0, 1)}
    assert j["diverged"] == 1
    assert j["examples"] == [{"profile": "p07", "after": "pause", "base": "check", "head": "exit:exit_on"}]
    # messages 9 -> 8 is -11.1%: over -10%, not over -20%.
    run_diff(binary, workspace, "--fail-on", "messages<-10%", expect=1)
    run_diff(binary, workspace, "--fail-on", "messages<-20%", "--fail-on", "entries>+0", expect=0)
    failed = run_diff(binary, workspace, "--fail-on", "diverged>0", expect=1)
    assert "--fail-on diverged>0: diverged: 0 -> 1, +1 > 0" in failed.stderr, failed.stderr


def case_segment_threshold(binary, top):
    """engaged: score >= 6 -> >= 8. p06 and p07 no longer enter: entries
    5 -> 3; welcome_email 5 -> 3; reminder_email 4 -> 3 (p07's goes, p06
    had none); nurture's file is the same: affected. p06 and p07 diverge
    from the entry: base -> hello, head -> - (not entered). The segment
    itself, at T: 5 -> 3 members, none joined, 2 (p06, p07) left; and
    low_engaged, whose file is the same, loses both its members through
    inSegment: affected, 2 -> 0."""
    workspace = make_repo(top, FILES)
    write(workspace, {"segments/engaged.yaml": "segment: engaged\nwhere: profile.score >= 8\n"})
    report = diff_json(binary, workspace, "--base", "HEAD")
    check_consistent(report)
    j = journey(report, "nurture")
    assert j["change"] == "affected"
    assert pair(j["entries"]) == (5, 3)
    assert message(j, "welcome_email", "sent") == (5, 3)
    assert message(j, "reminder_email", "sent") == (4, 3)
    assert j["diverged"] == 2
    assert j["examples"] == [{"profile": "p06", "after": None, "base": "hello", "head": "-"},
                             {"profile": "p07", "after": None, "base": "hello", "head": "-"}]
    assert report["segments"] == [{"segment": "engaged", "file": "segments/engaged.yaml", "change": "modified",
                                   "members": {"base": 5, "head": 3, "change": -2}, "joined": 0, "left": 2},
                                  {"segment": "low_engaged", "file": "segments/low_engaged.yaml", "change": "affected",
                                   "members": {"base": 2, "head": 0, "change": -2}, "joined": 0, "left": 2}]
    # entries 5 -> 3: -2, which is -40%.
    run_diff(binary, workspace, "--fail-on", "entries<-1", expect=1)
    run_diff(binary, workspace, "--fail-on", "entries<-40%", expect=0)
    run_diff(binary, workspace, "--fail-on", "entries<=-40%", expect=1)


def case_new_journey(binary, top):
    """promo (segment everyone, offer at T) added. At T, nurture (file order
    first) has sent hello to p06..p10: under the email cap of 1 per 1d their
    promo_email is suppressed_frequency; p01..p05 get it. promo: entries
    0 -> 10, sent 0 -> 5, suppressed_frequency 0 -> 5; nurture unchanged.
    Totals: entries 5 -> 15, sent 9 -> 14. Every promo profile diverges
    from the entry (base: not entered): 10."""
    workspace = make_repo(top, FILES)
    write(workspace, {"journeys/promo.yaml": PROMO})
    report = diff_json(binary, workspace)
    check_consistent(report)
    promo = journey(report, "promo")
    assert promo["change"] == "added"
    assert pair(promo["entries"]) == (0, 10)
    assert message(promo, "promo_email", "sent") == (0, 5)
    assert message(promo, "promo_email", "suppressed_frequency") == (0, 5)
    step_offer = step(promo, "offer")
    assert (step_offer["in_base"], step_offer["in_head"]) == (False, True)
    assert promo["diverged"] == 10
    assert promo["examples"][0] == {"profile": "p01", "after": None, "base": "-", "head": "offer"}
    assert journey(report, "nurture")["change"] == "unchanged"
    assert report["segments"] == []
    assert pair(report["totals"]["entries"]) == (5, 15)
    assert pair(report["totals"]["sent"]) == (9, 14)
    # Only the journey named is reported; the other still uses up the caps.
    only = diff_json(binary, workspace, "promo")
    assert [j["journey"] for j in only["journeys"]] == ["promo"]
    assert message(journey(only, "promo"), "promo_email", "suppressed_frequency") == (0, 5)
    # Annotation paths are from the current folder, the checkout's top.
    github = run_diff(binary, workspace, "--format", "github", cwd=top).stdout
    assert github.startswith("::notice file=ws/journeys/promo.yaml,line=1,"), github
    assert "journey promo added" in github, github


def case_removed_step(binary, top):
    """reminder removed; check's else goes to done. reminder shows as
    removed (4 in base); reminder_email sent 4 -> 0; done 5 -> 5, exits
    end 5 -> 5. p07..p10 diverge after check: base -> reminder, head -> done."""
    workspace = make_repo(top, FILES)
    changed = NURTURE.replace("      - else: reminder\n", "      - else: done\n").replace(
        "  - id: reminder\n    send: reminder_email\n", "")
    write(workspace, {"journeys/nurture.yaml": changed})
    report = diff_json(binary, workspace)
    check_consistent(report)
    j = journey(report, "nurture")
    assert j["change"] == "modified"
    reminder = step(j, "reminder")
    assert (reminder["in_base"], reminder["in_head"], pair(reminder["arrivals"])) == (True, False, (4, 0))
    assert pair(step(j, "done")["arrivals"]) == (5, 5)
    assert message(j, "reminder_email", "sent") == (4, 0)
    assert {k: pair(v) for k, v in j["exits"].items()} == {"end": (5, 5)}
    assert j["diverged"] == 4
    assert [e["profile"] for e in j["examples"]] == ["p07", "p08", "p09", "p10"]
    assert all(e["after"] == "check" and e["base"] == "reminder" and e["head"] == "done" for e in j["examples"])
    assert len(diff_json(binary, workspace, "--examples", "2")["journeys"][0]["examples"]) == 2
    markdown = run_diff(binary, workspace, "--format", "markdown").stdout
    assert "| `reminder` | 4 | - | removed |" in markdown, markdown


def case_changed_cap(binary, top):
    """cap email 1 per 1d -> 1 per 3d: each reminder (T+2d) comes within 3d
    of hello (T): reminder_email sent 4 -> 0, suppressed_frequency 0 -> 4.
    A held message does not change the path (the profile moves on), so
    arrivals are equal and nobody diverges: nurture is affected, with its
    file unchanged. Totals sent 9 -> 5 (-44.4%)."""
    workspace = make_repo(top, FILES)
    write(workspace, {"journeyctl.yaml": CONFIG.replace("max: 1, per: 1d", "max: 1, per: 3d")})
    report = diff_json(binary, workspace)
    check_consistent(report)
    j = journey(report, "nurture")
    assert j["change"] == "affected"
    assert message(j, "reminder_email", "sent") == (4, 0)
    assert message(j, "reminder_email", "suppressed_frequency") == (0, 4)
    assert all(s["arrivals"]["change"] == 0 for s in j["steps"])
    assert j["diverged"] == 0
    assert pair(report["totals"]["sent"]) == (9, 5)
    run_diff(binary, workspace, "--fail-on", "messages<-40%", expect=1)
    run_diff(binary, workspace, "--fail-on", "messages<-50%", expect=0)


AB = """journey: ab
entry:
  segment: everyone
timeout: 5d
steps:
  - id: pick
    split:
      - { weight: 50, goto: a }
      - { weight: 50, goto: b }
  - id: a
    wait: 1d
    goto: done
  - id: b
    wait: 2d
  - id: done
    exit: true
"""


def case_split_weights(binary, top):
    """ab's split at `pick`: weights 50/50 -> 90/10. The arm of each profile
    is worked out here by the independent pure-Python murmur3 of
    tests/unit/journeys/murmur3_reference.py (formats.md: bucket of
    "ab:pick:KEY", arms by cumulative weight over 10000 buckets): a profile
    whose bucket is in [5000, 9000) moves from b to a, and diverges after
    pick (base -> b, head -> a); the others keep their path. Entries (10)
    and messages (ab sends none; nurture is unchanged) do not change."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "unit", "journeys"))
    import murmur3_reference as ref
    keys = [f"p{i:02}" for i in range(1, 11)]
    base_arm = {k: ref.arm_of([50, 50], ref.bucket_of("ab", "pick", k)[1]) for k in keys}
    head_arm = {k: ref.arm_of([90, 10], ref.bucket_of("ab", "pick", k)[1]) for k in keys}
    moved = [k for k in keys if base_arm[k] != head_arm[k]]
    assert moved and all(base_arm[k] == 1 and head_arm[k] == 0 for k in moved)  # only b -> a can happen (p01 here)
    files = dict(FILES)
    files["journeys/ab.yaml"] = AB
    workspace = make_repo(top, files)
    write(workspace, {"journeys/ab.yaml": AB.replace("weight: 50, goto: a", "weight: 90, goto: a")
                      .replace("weight: 50, goto: b", "weight: 10, goto: b")})
    report = diff_json(binary, workspace)
    check_consistent(report)
    j = journey(report, "ab")
    assert j["change"] == "modified"
    assert pair(j["entries"]) == (10, 10)
    a_base = sum(1 for k in keys if base_arm[k] == 0)
    assert pair(step(j, "a")["arrivals"]) == (a_base, a_base + len(moved))
    assert pair(step(j, "b")["arrivals"]) == (10 - a_base, 10 - a_base - len(moved))
    assert j["diverged"] == len(moved)
    assert j["examples"] == [{"profile": k, "after": "pick", "base": "b", "head": "a"} for k in moved[:5]]
    assert journey(report, "nurture")["change"] == "unchanged"
    assert pair(report["totals"]["sent"]) == (9, 9)


def case_data_base(binary, top):
    """The head's data gains p11 (score 9: engaged) and nothing else
    changes. With the head's data on both sides (the default) nothing
    differs. With --data base each side reads its own: nurture's entries
    5 -> 6, welcome_email 5 -> 6 and reminder_email 4 -> 5 (p11 has no
    purchase), and p11 diverges from the entry (base: not entered). No
    segment file changed, but engaged (5 -> 6) and everyone (10 -> 11)
    gain p11: affected; low_engaged (score <= 7) does not, and is left out."""
    workspace = make_repo(top, FILES)
    write(workspace, {"data/profiles.csv": FILES["data/profiles.csv"] + "p11,p11@example.com,9,true\n"})
    shared = diff_json(binary, workspace)
    assert shared["data"] == "head"
    assert_unchanged(shared)
    own = diff_json(binary, workspace, "--data", "base")
    assert own["data"] == "base"
    check_consistent(own)
    j = journey(own, "nurture")
    assert j["change"] == "affected"
    assert pair(j["entries"]) == (5, 6)
    assert message(j, "welcome_email", "sent") == (5, 6)
    assert message(j, "reminder_email", "sent") == (4, 5)
    assert j["examples"] == [{"profile": "p11", "after": None, "base": "-", "head": "hello"}]
    assert [(g["segment"], g["change"], pair(g["members"]), g["joined"], g["left"]) for g in own["segments"]] == \
        [("engaged", "affected", (5, 6), 1, 0), ("everyone", "affected", (10, 11), 1, 0)]


def case_template_text(binary, top):
    """reminder_email's subject changes. No count moves (4 reminders sent
    on both sides, nobody diverges), but what the reminders say does:
    nurture is affected, with reminder_email among its changed templates."""
    workspace = make_repo(top, FILES)
    write(workspace, {"templates/reminder_email.yaml": FILES["templates/reminder_email.yaml"].replace(
        "Still there?", "We miss you")})
    report = diff_json(binary, workspace)
    check_consistent(report)
    j = journey(report, "nurture")
    assert j["change"] == "affected"
    assert j["templates_changed"] == ["reminder_email"]
    assert message(j, "reminder_email", "sent") == (4, 4)
    assert j["diverged"] == 0
    assert report["changed"] is True
    text = run_diff(binary, workspace).stdout
    assert "  templates changed: reminder_email\n" in text, text


def case_markdown_fits(binary, top):
    """Seven journeys added (w1..w7, everyone, waits only; w1 has ten
    steps): the Markdown comment details five journeys and names the two
    others, and w1's step table shows eight rows and counts two more."""
    workspace = make_repo(top, FILES)
    for n in range(1, 8):
        steps = "".join(f"  - id: s{i}\n    wait: 1h\n" for i in range(1, 11 if n == 1 else 2))
        write(workspace, {f"journeys/w{n}.yaml": f"journey: w{n}\nentry:\n  segment: everyone\ntimeout: 2d\nsteps:\n" + steps})
    markdown = run_diff(binary, workspace, "--format", "markdown").stdout
    assert markdown.count("\n#### `") == 5, markdown
    assert "2 more journeys changed: `w6`, `w7`" in markdown, markdown
    w1 = markdown.split("#### `w1`")[1].split("####")[0]
    assert w1.count("| added |") == 8, w1
    assert "| 2 more ||||" in w1, w1
    report = diff_json(binary, workspace)
    check_consistent(report)
    assert [j["change"] for j in report["journeys"]].count("added") == 7


def case_base_cleanup_and_errors(binary, top):
    """The temporary base is removed; a bad base or rule is a usage error."""
    workspace = make_repo(top, FILES)
    tmpdir = os.path.join(top, "tmp")
    os.makedirs(tmpdir)
    run_diff(binary, workspace, "--base", "HEAD", tmpdir=tmpdir)
    assert os.listdir(tmpdir) == [], os.listdir(tmpdir)
    bad = run_diff(binary, workspace, "--base", "no-such-ref", expect=2)
    assert "--base 'no-such-ref' is neither a folder nor a commit" in bad.stderr, bad.stderr
    rule = run_diff(binary, workspace, "--fail-on", "letters>1", expect=2)
    assert "unknown metric 'letters'" in rule.stderr, rule.stderr
    unknown = run_diff(binary, workspace, "nurtur", expect=2)
    assert "unknown journey 'nurtur'" in unknown.stderr, unknown.stderr
    # A workspace folder the base commit does not have.
    write(os.path.join(top, "later"), FILES)
    missing = run_diff(binary, os.path.join(top, "later"), expect=2)
    assert "cannot read the workspace at" in missing.stderr, missing.stderr
    outside = tempfile.mkdtemp(prefix="journeyctl-diff-nogit-")
    try:
        write(outside, FILES)
        nogit = run_diff(binary, outside, expect=2)
        assert "not in a git repository" in nogit.stderr, nogit.stderr
    finally:
        shutil.rmtree(outside, ignore_errors=True)


CASES = [case_self, case_wait, case_segment_threshold, case_new_journey, case_removed_step, case_changed_cap,
         case_split_weights, case_data_base, case_template_text, case_markdown_fits, case_base_cleanup_and_errors]


def main():
    binary = os.path.abspath(sys.argv[1])
    if shutil.which("git") is None:
        print("git not found: skipped")
        return 125
    failures = 0
    for case in CASES:
        top = tempfile.mkdtemp(prefix="journeyctl-diff-")
        try:
            case(binary, top)
            print(f"ok   {case.__name__}")
        except AssertionError as error:
            failures += 1
            print(f"FAIL {case.__name__}: {error}")
        finally:
            shutil.rmtree(top, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
