#!/usr/bin/python3
"""`journeyctl send` of push messages through FCM HTTP v1, end to end.

Each case makes a service account on the spot (an RSA key from Python's
cryptography package), writes a workspace whose fcm channel reads the key
file from $FCM_SERVICE_ACCOUNT and points its base_url at
tests/peers/fcm_peer.py (Google's token endpoint and FCM's send endpoint
on loopback, checking the JWT assertion with PyJWT), runs the real binary
and reads back what the peer received:

  tokens_reused_and_refreshed  8 messages at 1/s with tokens that last 6 s:
      each token serves several messages and journeyctl asks for a new one
      before the old one expires (the peer refuses an expired one);
  refused_token_refreshed_once  the peer revokes each token after 2 uses:
      the 401 UNAUTHENTICATED makes journeyctl fetch a new token and send
      that message again, once;
  error_shapes  UNREGISTERED and INVALID_ARGUMENT fail their message for
      good (one request each); QUOTA_EXCEEDED (429) and UNAVAILABLE (503)
      are sent again after Retry-After and go out;
  token_endpoint_refuses  invalid_grant from the token endpoint stops the
      send as a configuration error, before any message request.

Usage: fcm_send_test.py JOURNEYCTL [CASE...]
Exit: 0 all passed; 1 a case failed; 125 skipped (no PyJWT or cryptography
for this Python: Debian's python3-jwt and python3-cryptography).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from case_runner import cases_of, run_cases  # noqa: E402
try:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from fcm_peer import FcmPeer  # imports PyJWT
except ImportError as missing:
    print(f"skipped: {missing} (python3-jwt and python3-cryptography for /usr/bin/python3)")
    sys.exit(125)

PROJECT = "demo-project"


def service_account():
    """(key file JSON text, the account as a dict, the public key PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    account = {"type": "service_account", "project_id": PROJECT, "private_key_id": "peer-key-1",
               "private_key": private_pem, "client_email": f"journeys@{PROJECT}.iam.gserviceaccount.com",
               "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
    return json.dumps(account), account, public_pem


class Case:
    """A workspace, a service account and a peer; send() runs journeyctl."""

    def __init__(self, binary, devices, rate=None, **peer_options):
        self.binary = binary
        self.key_file, account, public_pem = service_account()
        self.peer = FcmPeer(account, public_pem, **peer_options)
        self.root = tempfile.mkdtemp(prefix="fcm-send-test-")
        self.devices = devices
        for sub in ("data", "segments", "templates"):
            os.makedirs(os.path.join(self.root, sub))
        rate_line = f"\n    rate: {rate}" if rate else ""
        write(os.path.join(self.root, "journeyctl.yaml"), f"""workspace: fcm-send-test
data:
  profiles:
    file: data/profiles.csv
    key: id
channels:
  push:
    provider: fcm
    to: profile.device_token
    project_id: {PROJECT}
    service_account: ${{FCM_SERVICE_ACCOUNT}}
    base_url: http://127.0.0.1:{self.peer.port}{rate_line}
policies:
  consent:
    push: profile.opt_in
""")
        write(os.path.join(self.root, "data", "profiles.csv"),
              "id,first_name,device_token,opt_in\n" +
              "".join(f"p{i},Zoë {i},{device},true\n" for i, device in enumerate(devices)))
        write(os.path.join(self.root, "segments", "everyone.yaml"), 'segment: everyone\nwhere: "true"\n')
        write(os.path.join(self.root, "templates", "nudge.yaml"), """template: nudge
channel: push
title: "Hallo {{profile.first_name}}"
body: "Dein Warenkorb wartet ✓"
data:
  screen: "cart/{{profile.id}}"
  kind: reminder
""")

    def send(self):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.root, "LC_ALL": "C.UTF-8",
               "NO_COLOR": "1", "FCM_SERVICE_ACCOUNT": self.key_file}
        result = subprocess.run([self.binary, "-C", self.root, "send", "nudge", "--segment", "everyone", "--yes",
                                 "--batch", "b1", "--format", "json"], capture_output=True, text=True, env=env,
                                stdin=subprocess.DEVNULL, timeout=120)
        shown = result.stdout + result.stderr
        # The key and the access tokens are secrets: never shown.
        secrets = [json.loads(self.key_file)["private_key"].splitlines()[1]]
        secrets += [t["access_token"] for t in self.peer.token_requests if t["access_token"]]
        check(not any(secret in shown for secret in secrets), f"a secret is shown: {shown[:2000]}")
        report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
        return result.returncode, report, result.stderr

    def close(self):
        self.peer.close()
        shutil.rmtree(self.root, ignore_errors=True)


def write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def outcomes(report):
    return {k: v for k, v in (report or {}).get("outcomes", {}).items() if v}


def check_message(send, index):
    """The FCM message of profile p<index>: its device token, the rendered
    notification and data, nothing else."""
    expected = {"message": {"token": send["device"],
                            "notification": {"title": f"Hallo Zoë {index}", "body": "Dein Warenkorb wartet ✓"},
                            "data": {"screen": f"cart/p{index}", "kind": "reminder"}}}
    check(send["body"] == expected, f"message {send['body']}, expected {expected}")


def case_tokens_reused_and_refreshed(binary):
    devices = [f"device-{i}" for i in range(8)]
    case = Case(binary, devices, rate="1/s", expires_in=6)
    try:
        code, report, err = case.send()
        peer = case.peer
        check(code == 0 and outcomes(report) == {"sent": 8}, (code, report, err))
        check(peer.problems == [], peer.problems)
        # Every request carried a token the peer issued and had not expired
        # (else 401), and each message went once.
        check([s["status"] for s in peer.sends] == [200] * 8, [(s["device"], s["status"]) for s in peer.sends])
        check(sorted(s["device"] for s in peer.sends) == sorted(devices), [s["device"] for s in peer.sends])
        for send in peer.sends:
            check_message(send, devices.index(send["device"]))
        uses = {}
        for send in peer.sends:
            uses[send["bearer"]] = uses.get(send["bearer"], 0) + 1
        issued = len(peer.token_requests)
        # About 7 s of sending with tokens refreshed 3 s after issue: a
        # refresh must have happened, and tokens must have been reused.
        check(2 <= issued < 8, f"{issued} tokens for 8 messages: {uses}")
        check(max(uses.values()) >= 2, f"no token served two messages: {uses}")
    finally:
        case.close()


def case_refused_token_refreshed_once(binary):
    devices = [f"device-{i}" for i in range(4)]
    case = Case(binary, devices, rate="1/s", revoke_after_uses=2)
    try:
        code, report, err = case.send()
        peer = case.peer
        check(code == 0 and outcomes(report) == {"sent": 4}, (code, report, err))
        check(peer.problems == [], peer.problems)
        statuses = [(s["device"], s["bearer"], s["status"]) for s in peer.sends]
        refused = [s for s in peer.sends if s["status"] == 401]
        # The third message met the revoked first token, and went again
        # with a second one; the fourth used the second one too.
        check(len(peer.token_requests) == 2 and len(refused) == 1, statuses)
        check(refused[0]["bearer"] == peer.token_requests[0]["access_token"], statuses)
        again = [s for s in peer.sends if s["device"] == refused[0]["device"]]
        check([s["status"] for s in again] == [401, 200] and
              again[1]["bearer"] == peer.token_requests[1]["access_token"], statuses)
        check(sorted(s["device"] for s in peer.sends if s["status"] == 200) == sorted(devices), statuses)
    finally:
        case.close()


def case_error_shapes(binary):
    devices = ["device-ok", "device-unregistered", "device-invalid", "device-quota", "device-unavailable"]
    case = Case(binary, devices)
    try:
        code, report, err = case.send()
        peer = case.peer
        check(code == 1 and outcomes(report) == {"sent": 3, "failed": 2}, (code, report, err))
        check(peer.problems == [], peer.problems)
        failed = {f["profile"]: f["provider_status"] for f in report["failed"]}
        check(failed == {"p1": "404 UNREGISTERED", "p2": "400 INVALID_ARGUMENT"}, report["failed"])
        attempts = {}
        for send in peer.sends:
            attempts.setdefault(send["device"], []).append(send["status"])
        # Permanent answers are not retried; 429 and 503 are, once here.
        check(attempts == {"device-ok": [200], "device-unregistered": [404], "device-invalid": [400],
                           "device-quota": [429, 200], "device-unavailable": [503, 200]}, attempts)
        check(len(peer.token_requests) == 1, f"{len(peer.token_requests)} tokens: one serves the batch")
    finally:
        case.close()


def case_token_endpoint_refuses(binary):
    case = Case(binary, ["device-0", "device-1"], refuse_tokens=True)
    try:
        code, report, err = case.send()
        peer = case.peer
        check(code == 2, (code, report, err))
        check("invalid_grant" in err and "service_account" in err, err)
        check(len(peer.token_requests) == 1 and peer.sends == [], (peer.token_requests, peer.sends))
        check(peer.problems == [], peer.problems)  # the assertion itself was right
    finally:
        case.close()


def main():
    binary = sys.argv[1]
    run_cases(cases_of(globals()), sys.argv[2:], lambda case: case(binary))


if __name__ == "__main__":
    main()
