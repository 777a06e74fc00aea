#!/usr/bin/env python3
"""Contract tests of `journeyctl send` against real peers (issue 11).

Usage: contract_test.py JOURNEYCTL [--group GROUP]... [--shared DIR]

GROUP is sendgrid, init, twilio, vonage or smtp (default: all five). Each group
starts its own peers on free loopback ports, writes a small workspace whose
channels point at them, runs the real binary and reads back what the peers
received:

  sendgrid, twilio, vonage  Stoplight Prism serving the provider's own
      OpenAPI spec from shared/peers/openapi/ (unmodified): Prism checks
      every request against the spec and refuses one that breaks it (400
      from SendGrid's spec, 422 generated for the others). SendGrid and
      Twilio run with --errors; Vonage without (its spec's own 200 answer
      is ambiguous, so --errors turns every answer into a 500). Between
      journeyctl and Prism sits a recording proxy (in this process), which
      keeps each request's bytes and Prism's answer: the checks that every
      request was accepted, exactly once, and the checks of our own where
      the specs are looser than the live APIs (Twilio's spec requires only
      To and does not check phone numbers; SendGrid's does not require
      subject or content; Vonage's `to` pattern is unanchored). The email
      channels carry RFC 8058 List-Unsubscribe headers (SendGrid's
      `headers` object; in the message for SMTP), their templated values
      percent-encoded.
  init  the workspace `journeyctl init` writes, its email channel pointed
      at Prism's SendGrid: a new user's first send must reach every
      consenting profile (see group_init).
  smtp  MailDev 3.0.0 with a fresh --mail-directory receives real sends
      (the channel names it by base_url: smtp://127.0.0.1:PORT);
      each message is read back through its REST API (/api/email and
      /api/email/:id/source) and parsed with Python's email package under
      email.policy.strict: From, To and Subject decoded to the UTF-8 they
      were made from, a unique Message-ID, multipart/alternative with a
      text/plain and a text/html part in UTF-8, headers in 7-bit ASCII
      (RFC 2047 encoded-words), CRLF lines.

Sends that must be refused, and why they reach the peer (our own checks
stop most broken messages before any request):
  - SendGrid, before any request: a channel whose List-Unsubscribe url
    is a profile field taken as it is ({{{field}}}), for a profile whose
    field holds a line break: the message fails with the reason, and
    nothing reaches Prism.
  - SendGrid: a profile whose address is bad.domain@bad_domain.example. It
    passes journeyctl's one-mailbox check (formats.md: no space, comma,
    bracket or quote; one @), but an underscore is not allowed in a domain
    name, so it breaks the spec's `format: email` and Prism answers 400, as
    the live API would. The report must say failed, status 400.
  - Vonage: a channel whose api_key has 7 characters (a key pasted with one
    missing). journeyctl only requires the setting; the spec says 8
    characters, so Prism answers 422 (the live API would answer 200 with
    status 4, invalid credentials). The report must say failed, status 422.
  Twilio has no such case: journeyctl refuses a malformed account SID
  itself (a configuration error, before any request), and the spec checks
  nothing else that journeyctl can get wrong.

The peers come from tests/peers/install_peers.sh (npm; reused when already
installed). When it cannot install them (offline), the test is skipped
(exit 125) unless CI or JOURNEYCTL_REQUIRE_PEERS is set, as scripts/test.sh
does: then it fails. A missing shared/ folder (the specs) always fails.
Every peer is stopped by its PID at the end, also on failure, and the
temporary folder is removed.

Exit: 0 all checks passed; 1 a check failed; 125 skipped.
"""
import argparse
import base64
import csv
import email
import email.policy
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

GROUPS = ("sendgrid", "init", "twilio", "vonage", "smtp")
SPECS = {
    "sendgrid": "sendgrid_tsg_mail_v3.json",
    "init": "sendgrid_tsg_mail_v3.json",
    "twilio": "twilio_api_v2010.json",
    "vonage": "vonage_sms.yml",
}
READY_SECONDS = 60  # a peer's start on a loaded machine; ~1.5 s when idle
SEND_SECONDS = 120  # one journeyctl run

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))

ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
SECRETS = {
    "CONTRACT_SENDGRID_KEY": "SG.contract-test-key",
    "CONTRACT_TWILIO_TOKEN": "contract-auth-token",
    "CONTRACT_VONAGE_KEY": "abcd1234",
    "CONTRACT_VONAGE_SECRET": "abcdef0123456789",
    "CONTRACT_VONAGE_BAD_KEY": "abcd123",
    "SENDGRID_API_KEY": "SG.init-workspace-key",  # the variable the init workspace names
}

# The customers every valid send goes to: UTF-8 names (one with a comma,
# which the To header must quote), E.164 phones, and a company name that
# the html part must escape.
CUSTOMERS = [
    {"id": "p1", "group": "customers", "name": "Zoë Ünal", "first_name": "Zoë",
     "email": "zoe.unal@example.com", "phone": "+447700900123", "company": "Ünal & Söhne <GmbH>"},
    {"id": "p2", "group": "customers", "name": "Jürgen Groß-Öztürk", "first_name": "Jürgen",
     "email": "juergen.gross@example.org", "phone": "+4915112345678", "company": "Groß AG"},
    {"id": "p3", "group": "customers", "name": "O'Brien, Siobhán", "first_name": "Siobhán",
     "email": "siobhan.obrien@example.net", "phone": "+353861234567", "company": "Ó Briain Teo."},
]
BROKEN = {"id": "broken", "group": "broken", "name": "Bad Domain", "first_name": "Bað",
          "email": "bad.domain@bad_domain.example", "phone": "+15005550009", "company": "-",
          "unsubscribe_url": "https://journeys.example/u\r\nBcc: eve@example.com"}
SENDER_NAME = "Équipe Journeys"
SENDER_ADDRESS = "noreply@journeys.example"
SMS_FROM = "+15005550006"

EMAIL_TEMPLATE = """\
channel: {channel}
subject: "Willkommen, {{{{profile.first_name}}}}! Grüße aus Köln 🎉"
text: |
  Hallo {{{{profile.first_name}}}},
  schön, dass du da bist. Für {{{{profile.company}}}}: 10 % Rabatt.
html: |
  <p>Hallo {{{{profile.first_name}}}},</p>
  <p>schön, dass du da bist. Für <b>{{{{profile.company}}}}</b>: 10&nbsp;% Rabatt.</p>
"""
SMS_TEMPLATE = """\
channel: {channel}
body: "Hallo {{{{profile.first_name}}}}, dein Termin ist morgen ✓ – bis bald!"
"""
GSM_SMS_TEMPLATE = """\
channel: {channel}
body: "Your code is 4711. Reply STOP to opt out."
"""


# RFC 8058 one-click unsubscribe on every email channel: the targets are
# templates, their {{values}} percent-encoded (the UTF-8 first names too).
UNSUBSCRIBE_YAML = (
    "\nlist_unsubscribe:\n"
    '  url: "https://journeys.example/u/{{profile.id}}?n={{profile.first_name}}"\n'
    '  mailto: "unsubscribe@journeys.example?subject={{profile.id}}"')


def expected_unsubscribe(profile):
    """The headers as RFC 8058 spells them, the values encoded by Python's
    urllib (an encoder other than journeyctl's)."""
    def enc(value):
        return urllib.parse.quote(value, safe="")
    url = f"https://journeys.example/u/{enc(profile['id'])}?n={enc(profile['first_name'])}"
    return {"List-Unsubscribe": f"<{url}>, <mailto:unsubscribe@journeys.example?subject={enc(profile['id'])}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def expected_email(profile):
    html_company = (profile["company"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return {
        "subject": f"Willkommen, {profile['first_name']}! Grüße aus Köln 🎉",
        "text": f"Hallo {profile['first_name']},\nschön, dass du da bist. Für {profile['company']}: 10 % Rabatt.\n",
        "html": (f"<p>Hallo {profile['first_name']},</p>\n"
                 f"<p>schön, dass du da bist. Für <b>{html_company}</b>: 10&nbsp;% Rabatt.</p>\n"),
    }


def expected_sms(profile):
    return f"Hallo {profile['first_name']}, dein Termin ist morgen ✓ – bis bald!"


GSM_SMS = "Your code is 4711. Reply STOP to opt out."


class Skip(Exception):
    pass


class Failures:
    def __init__(self):
        self.items = []

    def check(self, condition, message):
        if not condition:
            self.items.append(message)
        return bool(condition)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port, path, timeout=5.0):
    """(status, body bytes) of a GET on loopback; no proxy from the environment."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def answers_http(port):
    try:
        http_get(port, "/", timeout=2.0)
        return True
    except OSError:
        return False


def smtp_greets(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2.0) as sock:
            return sock.recv(512).startswith(b"220")
    except OSError:
        return False


class Peer:
    """A peer process started on free loopback ports and stopped by its PID.

    command(ports) gives the argv; ready(ports, log_text) says when it
    serves. A start that loses its ports to another process (EADDRINUSE)
    is tried again on new ones.
    """

    def __init__(self, name, port_count, command, ready, folder):
        self.name = name
        self.port_count = port_count
        self.command = command
        self.ready = ready
        self.log_path = os.path.join(folder, f"{name}.log")
        self.process = None
        self.ports = None

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return ""

    def start(self, env):
        # setpriv (util-linux) execs the peer with a parent-death signal,
        # keeping its PID: a test killed outright (a ctest timeout) still
        # takes its peers with it.
        die_with_us = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []
        for _ in range(3):
            self.ports = [free_port() for _ in range(self.port_count)]
            with open(self.log_path, "w", encoding="utf-8") as log:
                # Its own session, so that stop() ends whatever it started.
                self.process = subprocess.Popen(die_with_us + self.command(self.ports), stdin=subprocess.DEVNULL,
                                                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
            deadline = time.monotonic() + READY_SECONDS
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                if self.ready(self.ports, self.log()):
                    return
                time.sleep(0.1)
            if self.process.poll() is None:
                self.stop()
                raise RuntimeError(f"{self.name} did not become ready within {READY_SECONDS} s:\n{self.log()[-3000:]}")
            if "EADDRINUSE" not in self.log():
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
        raise RuntimeError(f"{self.name}: three starts lost their ports to other processes")

    def stop(self):
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass


class RecordingProxy:
    """Forwards HTTP requests to a peer and keeps each request and answer.

    The bytes reach the peer as journeyctl sent them (method, path,
    headers but the hop-by-hop ones, body), so what the peer validated is
    what the records show.
    """

    HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "expect", "te", "upgrade",
                  "content-length"}

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.records = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # answers libcurl's Expect: 100-continue

            def log_message(self, *args):
                pass

            def relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = [(k, v) for k, v in self.headers.items() if k.lower() not in proxy.HOP_BY_HOP]
                connection = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=60)
                try:
                    connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                    for name, value in headers:
                        connection.putheader(name, value)
                    connection.putheader("Content-Length", str(len(body)))
                    connection.endheaders(body)
                    response = connection.getresponse()
                    answer = response.read()
                    answer_headers = response.getheaders()
                    status = response.status
                finally:
                    connection.close()
                with proxy.lock:
                    proxy.records.append({
                        "method": self.command, "path": self.path,
                        "headers": {k.lower(): v for k, v in headers}, "body": body,
                        "status": status, "answer_headers": {k.lower(): v for k, v in answer_headers},
                        "answer": answer,
                    })
                self.send_response(status)
                for name, value in answer_headers:
                    if name.lower() not in proxy.HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(answer)
                self.close_connection = True

            do_POST = do_GET = do_PUT = do_PATCH = do_DELETE = relay

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def take(self):
        """The records since the last take."""
        with self.lock:
            records, self.records = self.records, []
        return records

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Harness:
    def __init__(self, journeyctl, shared, peers_dir):
        self.journeyctl = journeyctl
        self.shared = shared
        self.node = shutil.which("node")
        self.bin = os.path.join(peers_dir, "node_modules", ".bin")
        self.folder = tempfile.mkdtemp(prefix="journeyctl-contract-")
        self.peers = []
        self.proxies = []
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.folder,
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
        }
        self.batch = 0

    def close(self):
        for peer in reversed(self.peers):
            peer.stop()
        for proxy in self.proxies:
            proxy.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def logs(self):
        return "\n".join(f"--- {peer.name} log (tail):\n{peer.log()[-2000:]}" for peer in self.peers)

    def start_prism(self, provider):
        spec = os.path.join(self.shared, "peers", "openapi", SPECS[provider])
        errors = ["--errors"] if provider != "vonage" else []

        def command(ports):
            return [self.node, os.path.join(self.bin, "prism"), "mock", "-h", "127.0.0.1", "-p", str(ports[0])] + \
                errors + [spec]

        def ready(ports, log):
            return f"Prism is listening on http://127.0.0.1:{ports[0]}" in log and answers_http(ports[0])

        peer = Peer(f"prism-{provider}", 1, command, ready, self.folder)
        self.peers.append(peer)
        peer.start(self.env)
        proxy = RecordingProxy(peer.ports[0])
        self.proxies.append(proxy)
        return peer, proxy

    def start_maildev(self):
        mail_directory = tempfile.mkdtemp(prefix="maildev-", dir=self.folder)

        def command(ports):
            return [self.node, os.path.join(self.bin, "maildev"), "--ip", "127.0.0.1", "--smtp", str(ports[0]),
                    "--web-ip", "127.0.0.1", "--web", str(ports[1]), "--mail-directory", mail_directory]

        def ready(ports, log):
            if f"http://127.0.0.1:{ports[1]}" not in log or not re.search(rf"Port:\s+{ports[0]}\b", log) or \
                    not smtp_greets(ports[0]):
                return False
            try:
                return http_get(ports[1], "/api/healthz") == (200, b"true")
            except OSError:
                return False

        peer = Peer("maildev", 2, command, ready, self.folder)
        self.peers.append(peer)
        peer.start(self.env)
        return peer

    def write_workspace(self, channels):
        """A workspace with the profiles, segments and templates; `channels`
        maps channel names to their YAML settings (text)."""
        root = os.path.join(self.folder, f"workspace-{len(os.listdir(self.folder))}")
        for sub in ("data", "segments", "templates"):
            os.makedirs(os.path.join(root, sub))
        channel_text = "".join(f"  {name}:\n" + "".join(f"    {line}\n" for line in settings.strip().split("\n"))
                               for name, settings in channels.items())
        write(os.path.join(root, "journeyctl.yaml"), f"""\
workspace: contract
timezone: UTC
data:
  profiles:
    file: data/profiles.jsonl
    key: id
    fields:
      phone: string
channels:
{channel_text}""")
        write(os.path.join(root, "data", "profiles.jsonl"),
              "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in CUSTOMERS + [BROKEN]))
        for segment in ("customers", "broken"):
            write(os.path.join(root, "segments", f"{segment}.yaml"),
                  f'segment: {segment}\nwhere: profile.group == "{segment}"\n')
        for name in channels:
            kind = "email" if name.startswith("email") else "sms"
            body = EMAIL_TEMPLATE if kind == "email" else SMS_TEMPLATE
            write(os.path.join(root, "templates", f"to_{name}.yaml"),
                  f"template: to_{name}\n" + body.format(channel=name))
            if kind == "sms":
                write(os.path.join(root, "templates", f"gsm_{name}.yaml"),
                      f"template: gsm_{name}\n" + GSM_SMS_TEMPLATE.format(channel=name))
        return root

    def send(self, workspace, template, audience, now=None, batch=None):
        """Runs journeyctl send (at --now `now`, in batch `batch`: a new one
        by default); (exit code, report JSON or None, stderr, what ran,
        stdout)."""
        self.batch += 1
        clock = ["--now", now] if now else []
        args = [self.journeyctl, "-C", workspace] + clock + ["send", template] + audience + \
            ["--batch", batch or f"contract-{self.batch}", "--yes", "--format", "json"]
        result = subprocess.run(args, env=dict(self.env, **SECRETS), stdin=subprocess.DEVNULL,
                                capture_output=True, timeout=SEND_SECONDS)
        stdout = result.stdout.decode("utf-8", "replace")
        try:
            report = json.loads(stdout)
        except ValueError:
            report = None
        return result.returncode, report, result.stderr.decode("utf-8", "replace"), " ".join(args[3:]), stdout

    def init_workspace(self):
        """The workspace `journeyctl init` writes, in a folder of its own."""
        root = os.path.join(self.folder, "init")
        result = subprocess.run([self.journeyctl, "init", root], env=self.env, stdin=subprocess.DEVNULL,
                                capture_output=True, timeout=SEND_SECONDS, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"journeyctl init exited {result.returncode}: {result.stderr}")
        return root


def write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


# --- the report -------------------------------------------------------------

def outcome_counts(report):
    """{outcome: count} from send's JSON report."""
    outcomes = report.get("outcomes", {}) if isinstance(report, dict) else {}
    return {k: v for k, v in outcomes.items() if v}


def check_no_secret_shown(failures, run):
    code, report, stderr, what, stdout = run
    for name, value in SECRETS.items():
        failures.check(value not in stdout and value not in stderr, f"`{what}` shows the secret ${name}")


def check_all_sent(failures, run, count):
    check_no_secret_shown(failures, run)
    code, report, stderr, what, _ = run
    ok = failures.check(code == 0, f"`{what}` exited {code}, expected 0: {stderr.strip()}")
    ok = failures.check(report is not None, f"`{what}` printed no JSON report") and ok
    if report is not None:
        ok = failures.check(outcome_counts(report) == {"sent": count},
                            f"`{what}`: outcomes {outcome_counts(report)}, expected {{'sent': {count}}}: "
                            f"{json.dumps(report, ensure_ascii=False)}") and ok
    return ok


def check_refused(failures, run, status, profile="broken"):
    """One message, failed with the peer's status."""
    check_no_secret_shown(failures, run)
    code, report, stderr, what, _ = run
    failures.check(code not in (0, None), f"`{what}` exited 0, expected a failure exit code")
    if not failures.check(report is not None, f"`{what}` printed no JSON report: {stderr.strip()}"):
        return
    failures.check(outcome_counts(report) == {"failed": 1},
                   f"`{what}`: outcomes {outcome_counts(report)}, expected {{'failed': 1}}")
    failed = report.get("failed") or []
    if failures.check(len(failed) == 1, f"`{what}`: failed list {failed}, expected one entry"):
        entry = failed[0]
        failures.check(entry.get("profile") == profile or entry.get("profile_key") == profile,
                       f"`{what}`: failed entry {entry} is not profile {profile}")
        failures.check(str(entry.get("provider_status", "")).startswith(str(status)),
                       f"`{what}`: provider status {entry.get('provider_status')!r}, expected {status}")


def check_records(failures, what, records, count, method, path, status):
    """`count` requests, each accepted by the peer with `status`, none retried."""
    failures.check(len(records) == count, f"{what}: the peer got {len(records)} requests, expected {count}")
    for record in records:
        failures.check(record["method"] == method and record["path"] == path,
                       f"{what}: {record['method']} {record['path']}, expected {method} {path}")
        failures.check(record["status"] == status,
                       f"{what}: the peer answered {record['status']}, expected {status}; "
                       f"violations: {record['answer_headers'].get('sl-violations')} {record['answer'][:600]!r}")


def form(record):
    """A form-encoded body's fields (each once) and the raw text."""
    text = record["body"].decode("ascii")  # percent-encoded: ASCII only
    fields = urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=True, encoding="utf-8",
                                   errors="strict")
    return {k: v[0] for k, v in fields.items() if len(v) == 1}, fields, text


# --- the groups -------------------------------------------------------------

def group_sendgrid(harness, failures):
    _, proxy = harness.start_prism("sendgrid")
    sendgrid = f"""
provider: sendgrid
from: "{SENDER_NAME} <{SENDER_ADDRESS}>"
to: profile.name + " <" + profile.email + ">"
api_key: ${{CONTRACT_SENDGRID_KEY}}
base_url: http://127.0.0.1:{proxy.port}"""
    raw_unsubscribe = '\nlist_unsubscribe:\n  url: "{{{profile.unsubscribe_url}}}"'
    workspace = harness.write_workspace({"email_sendgrid": sendgrid + UNSUBSCRIBE_YAML,
                                         "email_sendgrid_raw_unsubscribe": sendgrid + raw_unsubscribe})

    run = harness.send(workspace, "to_email_sendgrid", ["--segment", "customers"])
    check_all_sent(failures, run, len(CUSTOMERS))
    records = proxy.take()
    check_records(failures, "sendgrid", records, len(CUSTOMERS), "POST", "/v3/mail/send", 202)
    by_address = {}
    for record in records:
        failures.check(record["headers"].get("authorization") == "Bearer " + SECRETS["CONTRACT_SENDGRID_KEY"],
                       f"sendgrid: Authorization {record['headers'].get('authorization')!r}")
        failures.check(record["headers"].get("content-type", "").startswith("application/json"),
                       f"sendgrid: Content-Type {record['headers'].get('content-type')!r}")
        body = json.loads(record["body"].decode("utf-8"))
        to = body["personalizations"][0]["to"]
        by_address[to[0]["email"]] = (body, to)
    for profile in CUSTOMERS:
        if not failures.check(profile["email"] in by_address, f"sendgrid: no request to {profile['email']}"):
            continue
        body, to = by_address[profile["email"]]
        expected = expected_email(profile)
        # Ours, beyond the spec: one personalization with one recipient,
        # the UTF-8 names as they are, a subject and the text part before
        # the html part (the live API requires both, in that order).
        failures.check(len(body["personalizations"]) == 1 and
                       to == [{"email": profile["email"], "name": profile["name"]}],
                       f"sendgrid: personalizations {body['personalizations']}")
        failures.check(body.get("from") == {"email": SENDER_ADDRESS, "name": SENDER_NAME},
                       f"sendgrid: from {body.get('from')}")
        failures.check(body.get("subject") == expected["subject"],
                       f"sendgrid: subject {body.get('subject')!r}, expected {expected['subject']!r}")
        failures.check(body.get("content") == [{"type": "text/plain", "value": expected["text"]},
                                               {"type": "text/html", "value": expected["html"]}],
                       f"sendgrid: content {body.get('content')!r}, expected text then html: {expected}")
        # The spec's top-level `headers` object, which Prism accepted.
        failures.check(body.get("headers") == expected_unsubscribe(profile),
                       f"sendgrid: headers {body.get('headers')!r}, expected {expected_unsubscribe(profile)!r}")

    # A target that the data breaks (a line break through a raw {{{field}}})
    # fails that message before any request: no header is written from it.
    run = harness.send(workspace, "to_email_sendgrid_raw_unsubscribe", ["--profile", "broken"])
    code, report, stderr, what, _ = run
    failures.check(code == 1 and report is not None and outcome_counts(report) == {"failed": 1},
                   f"`{what}` exited {code}, expected 1 with one failed message: {stderr.strip()}")
    error = ((report or {}).get("failed") or [{}])[0].get("error", "")
    failures.check("list_unsubscribe url" in error and "carriage return" in error and "\r" not in error,
                   f"`{what}`: the failure does not say the url has a line break: {error!r}")
    failures.check(proxy.take() == [], f"`{what}`: a request reached the peer")

    run = harness.send(workspace, "to_email_sendgrid", ["--profile", "broken"])
    check_refused(failures, run, 400)
    records = proxy.take()
    check_records(failures, "sendgrid (broken)", records, 1, "POST", "/v3/mail/send", 400)
    for record in records:
        violations = record["answer_headers"].get("sl-violations", "")
        failures.check("personalizations.0.to.0.email" in violations and "format" in violations,
                       f"sendgrid (broken): refused for another reason than the address: {violations}")


def group_init(harness, failures):
    """A new user's first send: the workspace `journeyctl init` writes, its
    email channel pointed at Prism's SendGrid, its winback_email to every
    profile. Every address must pass the spec (ASCII: `format: email`),
    so every profile that consents to email gets its message, once, and
    Prism takes each request. Quiet hours (21:00-08:00 in each profile's
    zone, from Tokyo to Los Angeles) leave no instant when all may be
    mailed, so the batch runs twice: at 14:00Z, then at 23:30Z, when the
    profiles held the first time are awake and the others are already
    sent."""
    _, proxy = harness.start_prism("sendgrid")
    root = harness.init_workspace()
    config = os.path.join(root, "journeyctl.yaml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    production = "base_url: https://api.sendgrid.com"
    if not failures.check(text.count(production) == 1, f"init: journeyctl.yaml has no one '{production}'"):
        return
    write(config, text.replace(production, f"base_url: http://127.0.0.1:{proxy.port}"))
    with open(os.path.join(root, "data", "profiles.csv"), encoding="utf-8", newline="") as handle:
        profiles = list(csv.DictReader(handle))
    consenting = {p["email"] for p in profiles if p["email_opt_in"] == "true" and p["email"]}
    keys = [p["customer_id"] for p in profiles]

    sent = 0
    addresses = []
    for now in ("2026-11-02T14:00:00Z", "2026-11-02T23:30:00Z"):
        code, report, stderr, what, _ = run = harness.send(root, "winback_email", ["--profile"] + keys, now=now,
                                                           batch="first-send")
        check_no_secret_shown(failures, run)
        outcomes = outcome_counts(report)
        failures.check(code == 0 and report is not None and "failed" not in outcomes and "ambiguous" not in outcomes,
                       f"`{what}` at {now} exited {code}: outcomes {outcomes}: {stderr.strip()[:2000]}")
        sent += outcomes.get("sent", 0)
        records = proxy.take()
        check_records(failures, f"init at {now}", records, outcomes.get("sent", 0), "POST", "/v3/mail/send", 202)
        addresses += [json.loads(r["body"])["personalizations"][0]["to"][0]["email"] for r in records]
    failures.check(sent == len(consenting) and sorted(addresses) == sorted(consenting),
                   f"init: {sent} sent to {sorted(addresses)}, expected one to each of {sorted(consenting)}")


def group_twilio(harness, failures):
    _, proxy = harness.start_prism("twilio")
    workspace = harness.write_workspace({"sms_twilio": f"""
provider: twilio
from: "{SMS_FROM}"
to: profile.phone
account_sid: {ACCOUNT_SID}
auth_token: ${{CONTRACT_TWILIO_TOKEN}}
base_url: http://127.0.0.1:{proxy.port}"""})

    path = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    run = harness.send(workspace, "to_sms_twilio", ["--segment", "customers"])
    check_all_sent(failures, run, len(CUSTOMERS))
    records = proxy.take()
    check_records(failures, "twilio", records, len(CUSTOMERS), "POST", path, 201)
    basic = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{SECRETS['CONTRACT_TWILIO_TOKEN']}".encode()).decode()
    by_phone = {}
    for record in records:
        failures.check(record["headers"].get("authorization") == basic,
                       f"twilio: Authorization {record['headers'].get('authorization')!r}")
        failures.check(record["headers"].get("content-type", "").startswith("application/x-www-form-urlencoded"),
                       f"twilio: Content-Type {record['headers'].get('content-type')!r}")
        fields, _, text = form(record)
        by_phone[fields.get("To")] = (fields, text)
    for profile in CUSTOMERS:
        if not failures.check(profile["phone"] in by_phone, f"twilio: no request to {profile['phone']}"):
            continue
        fields, text = by_phone[profile["phone"]]
        # Ours, beyond the spec (which requires only To and checks no
        # phone number): the '+' percent-encoded (a bare '+' reaches Twilio
        # as a space), From and Body present, Body the UTF-8 text.
        failures.check("To=%2B" in text, f"twilio: To is not percent-encoded E.164: {text}")
        failures.check(fields == {"To": profile["phone"], "From": SMS_FROM, "Body": expected_sms(profile)},
                       f"twilio: fields {fields}, expected To, From and Body of {profile['id']}")


def group_vonage(harness, failures):
    _, proxy = harness.start_prism("vonage")
    base = f"http://127.0.0.1:{proxy.port}"
    workspace = harness.write_workspace({
        "sms_vonage": f"""
provider: vonage
from: "{SMS_FROM}"
to: profile.phone
api_key: ${{CONTRACT_VONAGE_KEY}}
api_secret: ${{CONTRACT_VONAGE_SECRET}}
base_url: {base}""",
        "sms_vonage_bad_key": f"""
provider: vonage
from: "{SMS_FROM}"
to: profile.phone
api_key: ${{CONTRACT_VONAGE_BAD_KEY}}
api_secret: ${{CONTRACT_VONAGE_SECRET}}
base_url: {base}""",
    })

    def check_fields(record, profile, text, unicode):
        fields, every, raw = form(record)
        expected = {"api_key": SECRETS["CONTRACT_VONAGE_KEY"], "api_secret": SECRETS["CONTRACT_VONAGE_SECRET"],
                    "from": SMS_FROM.lstrip("+"), "to": profile["phone"].lstrip("+"), "text": text}
        if unicode:
            expected["type"] = "unicode"
        # Ours, beyond the spec (whose `to` pattern is unanchored): numbers
        # as digits without '+', the secret sent, `type=unicode` exactly
        # when the text is not GSM-7.
        failures.check(fields == expected and len(every) == len(expected),
                       f"vonage: fields {every}, expected {expected}")
        answer = json.loads(record["answer"].decode("utf-8"))
        failures.check(answer.get("messages", [{}])[0].get("status") == "0",
                       f"vonage: the peer's answer is not a success: {answer}")

    run = harness.send(workspace, "to_sms_vonage", ["--segment", "customers"])
    check_all_sent(failures, run, len(CUSTOMERS))
    records = proxy.take()
    check_records(failures, "vonage", records, len(CUSTOMERS), "POST", "/json", 200)
    by_to = {form(record)[0].get("to"): record for record in records}
    for profile in CUSTOMERS:
        record = by_to.get(profile["phone"].lstrip("+"))
        if failures.check(record is not None, f"vonage: no request to {profile['phone']}"):
            check_fields(record, profile, expected_sms(profile), unicode=True)

    run = harness.send(workspace, "gsm_sms_vonage", ["--profile", "p2"])
    check_all_sent(failures, run, 1)
    records = proxy.take()
    check_records(failures, "vonage (GSM-7 text)", records, 1, "POST", "/json", 200)
    for record in records:
        check_fields(record, CUSTOMERS[1], GSM_SMS, unicode=False)

    run = harness.send(workspace, "to_sms_vonage_bad_key", ["--profile", "p1"])
    check_refused(failures, run, 422, profile="p1")
    records = proxy.take()
    check_records(failures, "vonage (bad api_key)", records, 1, "POST", "/json", 422)
    for record in records:
        failures.check(b"api_key" in record["answer"] and b"8 characters" in record["answer"],
                       f"vonage (bad api_key): refused for another reason: {record['answer'][:600]!r}")


def group_smtp(harness, failures):
    peer = harness.start_maildev()
    smtp_port, web_port = peer.ports
    workspace = harness.write_workspace({"email_smtp": f"""
provider: smtp
from: "{SENDER_NAME} <{SENDER_ADDRESS}>"
to: profile.name + " <" + profile.email + ">"
base_url: smtp://127.0.0.1:{smtp_port}
tls: none""" + UNSUBSCRIBE_YAML})

    started = time.time()
    run = harness.send(workspace, "to_email_smtp", ["--segment", "customers"])
    check_all_sent(failures, run, len(CUSTOMERS))
    status, listing = http_get(web_port, "/api/email")
    if not failures.check(status == 200, f"maildev: GET /api/email answered {status}"):
        return
    stored = json.loads(listing.decode("utf-8"))
    failures.check(len(stored) == len(CUSTOMERS), f"maildev holds {len(stored)} messages, expected {len(CUSTOMERS)}")
    message_ids = set()
    by_address = {}
    for entry in stored:
        status, source = http_get(web_port, f"/api/email/{urllib.parse.quote(entry['id'])}/source")
        if failures.check(status == 200, f"maildev: GET /api/email/{entry['id']}/source answered {status}"):
            envelope_to = [r.get("address") for r in entry.get("envelope", {}).get("to", [])]
            by_address[tuple(envelope_to)] = (entry, source)
    for profile in CUSTOMERS:
        key = (profile["email"],)
        if not failures.check(key in by_address, f"maildev: no message with envelope recipient {profile['email']}"):
            continue
        entry, source = by_address[key]
        check_mime(failures, profile, entry, source, message_ids, started)


def check_mime(failures, profile, entry, source, message_ids, started):
    who = f"smtp to {profile['email']}"
    expected = expected_email(profile)
    failures.check(entry.get("envelope", {}).get("from", {}).get("address") == SENDER_ADDRESS,
                   f"{who}: envelope sender {entry.get('envelope', {}).get('from')}")
    # MailDev's own parser (an implementation other than ours and Python's)
    # decodes the same subject.
    failures.check(entry.get("subject") == expected["subject"],
                   f"{who}: MailDev read the subject as {entry.get('subject')!r}")
    head, _, _ = source.partition(b"\r\n\r\n")
    failures.check(all(b < 0x80 for b in head), f"{who}: raw UTF-8 in the header section: {head!r}")
    failures.check(not re.search(rb"(?<!\r)\n|\r(?!\n)", source), f"{who}: a bare LF or CR in the message")
    for line in head.split(b"\r\n"):
        failures.check(len(line) <= 78, f"{who}: header line over 78 characters: {line!r}")
    try:
        message = email.message_from_bytes(source, policy=email.policy.strict)
    except Exception as error:  # a defect under policy.strict raises
        failures.check(False, f"{who}: does not parse under email.policy.strict: {error!r}\n{source[:2000]!r}")
        return
    for part in message.walk():
        failures.check(not part.defects, f"{who}: defects {part.defects}")

    def one(name):
        values = message.get_all(name) or []
        failures.check(len(values) == 1, f"{who}: {len(values)} {name} headers, expected one")
        return values[0] if values else None

    sender, to, subject = one("From"), one("To"), one("Subject")
    failures.check(sender is not None and len(sender.addresses) == 1 and
                   (sender.addresses[0].display_name, sender.addresses[0].addr_spec) == (SENDER_NAME, SENDER_ADDRESS),
                   f"{who}: From {sender!r}")
    failures.check(to is not None and len(to.addresses) == 1 and
                   (to.addresses[0].display_name, to.addresses[0].addr_spec) == (profile["name"], profile["email"]),
                   f"{who}: To {to!r}, expected {profile['name']} <{profile['email']}>")
    failures.check(str(subject) == expected["subject"], f"{who}: Subject {str(subject)!r}")
    for name in ("Cc", "Bcc"):
        failures.check(not message.get_all(name), f"{who}: a {name} header")
    message_id = one("Message-ID")
    if failures.check(message_id is not None and re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(message_id)),
                      f"{who}: Message-ID {message_id!r}"):
        failures.check(str(message_id) not in message_ids, f"{who}: Message-ID {message_id} used twice")
        message_ids.add(str(message_id))
    date = one("Date")
    if failures.check(date is not None and date.datetime is not None, f"{who}: Date {date!r}"):
        failures.check(abs(date.datetime.timestamp() - started) < 600, f"{who}: Date {date} is not now")
    failures.check(str(one("MIME-Version")) == "1.0", f"{who}: MIME-Version")
    # As MailDev stored the message (its REST entry leaves List-* headers
    # out): each once, unfolded to the targets.
    for name, value in expected_unsubscribe(profile).items():
        header = one(name)
        failures.check(header is not None and str(header) == value, f"{who}: {name} {header!r}, expected {value!r}")

    failures.check(message.get_content_type() == "multipart/alternative",
                   f"{who}: Content-Type {message.get_content_type()}, expected multipart/alternative")
    parts = list(message.iter_parts()) if message.is_multipart() else []
    failures.check([p.get_content_type() for p in parts] == ["text/plain", "text/html"],
                   f"{who}: parts {[p.get_content_type() for p in parts]}, expected text/plain then text/html")
    for part, kind in zip(parts, ("text", "html")):
        failures.check((part.get_content_charset() or "").lower() == "utf-8",
                       f"{who}: {kind} part charset {part.get_content_charset()}")
        content = part.get_content().replace("\r\n", "\n")
        failures.check(content.rstrip("\n") == expected[kind].rstrip("\n"),
                       f"{who}: {kind} part {content!r}, expected {expected[kind]!r}")


# --- main -------------------------------------------------------------------

def install_peers():
    """The peers' folder, from install_peers.sh (Skip when it cannot)."""
    script = os.path.join(SOURCE_DIR, "tests", "peers", "install_peers.sh")
    result = subprocess.run(["bash", script], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if result.returncode != 0:
        reason = f"the peers are not installed: {result.stderr.strip()}"
        if os.environ.get("CI") or os.environ.get("JOURNEYCTL_REQUIRE_PEERS"):
            raise RuntimeError(reason)
        raise Skip(reason)
    return result.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journeyctl")
    parser.add_argument("--group", action="append", choices=GROUPS)
    parser.add_argument("--shared", default=os.environ.get("JOURNEYCTL_SHARED_DIR",
                                                           os.path.join(os.path.dirname(SOURCE_DIR), "shared")))
    options = parser.parse_args()
    groups = options.group or list(GROUPS)

    specs = [os.path.join(options.shared, "peers", "openapi", SPECS[g]) for g in groups if g in SPECS]
    missing = [s for s in specs if not os.path.isfile(s)]
    if missing:
        print(f"FAILED: the providers' specs are missing (the shared folder beside the checkout): {missing}")
        return 1
    try:
        peers_dir = install_peers()
    except Skip as skip:
        print(f"skipped: {skip}")
        return 125
    except RuntimeError as error:
        print(f"FAILED: {error}")
        return 1

    # SIGTERM (ctest, CI) unwinds like an error, so that the peers are
    # stopped and the temporary folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    failures = Failures()
    harness = Harness(os.path.abspath(options.journeyctl), options.shared, peers_dir)
    try:
        for group in groups:
            started = time.monotonic()
            before = len(failures.items)
            try:
                globals()[f"group_{group}"](harness, failures)
            except Exception as error:  # a peer that would not start, a crash of the test itself
                failures.check(False, f"{group}: {type(error).__name__}: {error}")
            verdict = "ok" if len(failures.items) == before else "FAILED"
            print(f"{group}: {verdict} ({time.monotonic() - started:.1f} s)")
        if failures.items:
            print(harness.logs())
    finally:
        harness.close()
    for failure in failures.items:
        print(f"FAIL: {failure}")
    return 1 if failures.items else 0


if __name__ == "__main__":
    sys.exit(main())
