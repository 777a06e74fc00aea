"""A loopback stand-in for Google's OAuth 2.0 token endpoint and the FCM
HTTP v1 send endpoint, for tests that send push messages through the real
binary (a channel's base_url points at it: BASE/token and
BASE/v1/projects/PROJECT/messages:send).

Token endpoint (POST /token, form body): the JWT-bearer grant of a service
account (shared/reference/providers.md 1c). The assertion is checked with
PyJWT, an implementation independent of journeyctl's: RS256 signature by
the service account's public key, header kid, claims iss, scope, aud (the
key file's token_uri), iat near the peer's clock and exp one hour after.
A good one gets {"access_token", "expires_in", "token_type": "Bearer"};
a bad one 400 invalid_grant, and the reason is kept in `problems`.

Send endpoint: the Bearer token must be one the peer issued, younger than
its expires_in and not revoked (`revoke_after_uses`: a token stops working
after that many sends, as a revoked or early-expired token does), else
401 UNAUTHENTICATED. The device token in the message chooses the answer:
one containing "unregistered" 404 UNREGISTERED, "invalid" 400
INVALID_ARGUMENT, "quota" 429 QUOTA_EXCEEDED (Retry-After: 1) the first
time, "unavailable" 503 UNAVAILABLE (Retry-After: 1) the first time;
anything else 200 {"name": "projects/P/messages/N"}. Every request is kept
(`token_requests`, `sends`) for the test to read.

Needs PyJWT with RSA (Debian's python3-jwt and python3-cryptography, for
/usr/bin/python3).
"""
import http.server
import json
import threading
import time
import urllib.parse

import jwt

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
CLOCK_SKEW_SECONDS = 300


def rpc_status(code, status, message, fcm_error=None):
    """A google.rpc.Status body, with an FcmError detail when given."""
    error = {"code": code, "message": message, "status": status}
    if fcm_error:
        error["details"] = [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                             "errorCode": fcm_error}]
    return {"error": error}


class FcmPeer:
    def __init__(self, account, public_key_pem, expires_in=3600, revoke_after_uses=None, refuse_tokens=False):
        self.account = account
        self.public_key_pem = public_key_pem
        self.expires_in = expires_in
        self.revoke_after_uses = revoke_after_uses
        self.refuse_tokens = refuse_tokens
        self.lock = threading.Lock()
        self.token_requests = []  # {"claims", "header", "access_token"}
        self.sends = []  # {"device", "bearer", "body", "status"}
        self.problems = []  # what the peer found wrong in a request
        self.issued = {}  # access token -> (monotonic issue time, uses)
        self.answered = set()  # devices whose first-time error was given
        peer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body, headers=()):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with peer.lock:
                    if self.path == "/token":
                        status, answer, headers = peer.token(self.headers, body)
                    elif self.path == f"/v1/projects/{peer.account['project_id']}/messages:send":
                        status, answer, headers = peer.send(self.headers, body)
                    else:
                        peer.problems.append(f"a request to {self.path}")
                        status, answer, headers = 404, rpc_status(404, "NOT_FOUND", "no such path"), ()
                self.answer(status, answer, headers)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # The token endpoint.
    def token(self, headers, body):
        refusal = 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}, ()
        if not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            self.problems.append(f"token request Content-Type {headers.get('Content-Type')!r}")
        form = urllib.parse.parse_qs(body.decode("ascii"), strict_parsing=True)
        if form.get("grant_type") != [GRANT_TYPE] or len(form.get("assertion", [])) != 1:
            self.problems.append(f"token request fields {sorted(form)}: {form.get('grant_type')}")
            return refusal
        assertion = form["assertion"][0]
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, self.public_key_pem, algorithms=["RS256"],
                                audience=self.account["token_uri"],
                                options={"require": ["iss", "aud", "iat", "exp", "scope"]})
        except jwt.PyJWTError as error:
            self.problems.append(f"the assertion does not verify: {error!r}")
            return refusal
        expected_header = {"alg": "RS256", "typ": "JWT", "kid": self.account["private_key_id"]}
        if header != expected_header:
            self.problems.append(f"assertion header {header}, expected {expected_header}")
        if claims["iss"] != self.account["client_email"] or claims["scope"] != SCOPE:
            self.problems.append(f"assertion claims {claims}")
        if claims["exp"] - claims["iat"] != 3600 or abs(claims["iat"] - time.time()) > CLOCK_SKEW_SECONDS:
            self.problems.append(f"assertion times iat {claims['iat']} exp {claims['exp']} (now {time.time():.0f})")
        self.token_requests.append({"header": header, "claims": claims, "access_token": None})
        if self.refuse_tokens:
            return refusal
        token = f"ya29.peer-token-{len(self.token_requests)}"
        self.token_requests[-1]["access_token"] = token
        self.issued[token] = [time.monotonic(), 0]
        return 200, {"access_token": token, "expires_in": self.expires_in, "token_type": "Bearer"}, ()

    # The send endpoint.
    def send(self, headers, body):
        authorization = headers.get("Authorization", "")
        bearer = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else None
        try:
            message = json.loads(body.decode("utf-8"))
            device = message["message"]["token"]
        except (ValueError, KeyError, TypeError) as error:
            self.problems.append(f"a send whose body is not an FCM message: {error!r}: {body[:300]!r}")
            return 400, rpc_status(400, "INVALID_ARGUMENT", "bad body", "INVALID_ARGUMENT"), ()
        record = {"device": device, "bearer": bearer, "body": message, "status": None}
        self.sends.append(record)
        status, answer, extra = self.send_answer(bearer, device)
        record["status"] = status
        return status, answer, extra

    def send_answer(self, bearer, device):
        issued = self.issued.get(bearer)
        fresh = issued is not None and time.monotonic() - issued[0] < self.expires_in
        usable = fresh and (self.revoke_after_uses is None or issued[1] < self.revoke_after_uses)
        if not usable:
            return 401, rpc_status(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."), ()
        issued[1] += 1
        first_time = device not in self.answered
        self.answered.add(device)
        if "unregistered" in device:
            return 404, rpc_status(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"), ()
        if "invalid" in device:
            return 400, rpc_status(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM "
                                                            "registration token", "INVALID_ARGUMENT"), ()
        if "quota" in device and first_time:
            return 429, rpc_status(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", "QUOTA_EXCEEDED"), \
                [("Retry-After", "1")]
        if "unavailable" in device and first_time:
            return 503, rpc_status(503, "UNAVAILABLE", "The service is unavailable.", "UNAVAILABLE"), \
                [("Retry-After", "1")]
        return 200, {"name": f"projects/{self.account['project_id']}/messages/{len(self.sends)}"}, ()
