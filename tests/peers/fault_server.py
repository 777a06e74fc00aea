#!/usr/bin/env python3
"""A loopback HTTP and SMTP peer that misbehaves on demand, for delivery tests.

The delivery engine must end every message in the right disposition after
the right number of attempts, and must never send an ambiguous one twice.
This server answers each request by a scenario the request names, counts
requests per idempotency key and serves the counts, so a test can check
both what the engine concluded and what the peer actually received.

Usage: fault_server.py [--port N] [--smtp-port N]
Prints the HTTP port on the first line of stdout and the SMTP port on the
second (0 asks the system for a free one, the default), then serves until
killed. Python 3 standard library only.

HTTP scenarios: the path /s/STEPS (a query after it is ignored) or the
header X-Fault-Scenario: STEPS,
where STEPS is a comma-separated sequence; a key's n-th request gets the
n-th step (the last repeats), so "503,202" fails once then succeeds.
  CODE            answer with that status and a small JSON body ("202", "500")
  CODE:N          ... with Retry-After: N (seconds)              ("429:2")
  CODE:date:N     ... with Retry-After as an HTTP-date N s ahead ("429:date:2")
  reset           read the request, then reset the connection
  hang            read the request, never answer
  slow:MS         answer 202 after MS milliseconds
  body-error      answer 200 with {"error": ...} in the body
  big:BYTES       answer 200 with a body of that many bytes
  echo            answer 200 with the request: {"method", "headers" (names
                  lower-cased), "body"}
The key is the Idempotency-Key header, else the body's JSON field
"idempotency_key". Requests without a scenario get 202.

SMTP scenarios, by the first recipient's local part, steps separated by
'_' ("451_250@fault.test"): a reply code given after the message's data,
"drop" (close after the data without a reply) or "rcpt550" (refuse the
recipient). The key is the message's Message-ID header.

Control endpoints (GET, never counted):
  /counts  {"KEY": requests received}
  /log     {"KEY": [receive times, seconds on this server's monotonic clock]}
  /stats   {"requests", "max_concurrent", "connections"} (connections that
           carried a scenario request or an SMTP session)
"""
import argparse
import email.utils
import json
import socket
import socketserver
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Ledger:
    """What the server received, shared by every handler thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.times = {}
        self.requests = 0
        self.concurrent = 0
        self.max_concurrent = 0
        self.connections = 0

    def receive(self, key):
        """Records one request; returns how many that key has had (1 first)."""
        with self.lock:
            self.requests += 1
            self.counts[key] = self.counts.get(key, 0) + 1
            self.times.setdefault(key, []).append(time.monotonic())
            return self.counts[key]

    def enter(self):
        with self.lock:
            self.concurrent += 1
            self.max_concurrent = max(self.max_concurrent, self.concurrent)

    def leave(self):
        with self.lock:
            self.concurrent -= 1

    def connected(self):
        with self.lock:
            self.connections += 1

    def snapshot(self, what):
        with self.lock:
            if what == "/counts":
                return dict(self.counts)
            if what == "/log":
                return {key: list(times) for key, times in self.times.items()}
            return {"requests": self.requests, "max_concurrent": self.max_concurrent,
                    "connections": self.connections}


LEDGER = Ledger()


def step_for(steps, nth):
    """The step a key's nth request gets: the last one repeats."""
    return steps[min(nth, len(steps)) - 1]


def reset_connection(sock):
    """Closes with an RST rather than a FIN: SO_LINGER with a zero timeout."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class HttpHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the client can reuse connections

    def log_message(self, *args):
        pass

    counted = False  # this connection has been counted in /stats

    def do_GET(self):
        if self.path not in ("/counts", "/log", "/stats"):
            self.answer(404, {"error": "unknown control endpoint"})
            return
        self.answer(200, LEDGER.snapshot(self.path))

    def do_POST(self):
        if not self.counted:
            LEDGER.connected()  # control GETs are not counted, so count here
            self.counted = True
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        LEDGER.enter()
        try:
            self.serve_scenario(body)
        finally:
            LEDGER.leave()

    do_PUT = do_POST
    do_PATCH = do_POST
    do_DELETE = do_POST

    def serve_scenario(self, body):
        key = self.headers.get("Idempotency-Key") or self.key_in_body(body)
        steps = self.scenario().split(",")
        nth = LEDGER.receive(key)
        step = step_for(steps, nth)
        if step == "reset":
            self.close_connection = True
            self.rfile.close()
            reset_connection(self.connection)
        elif step == "hang":
            self.close_connection = True
            self.connection.settimeout(None)
            self.rfile.read(1)  # returns when the client gives up and closes
        elif step.startswith("slow:"):
            time.sleep(int(step[len("slow:"):]) / 1000)
            self.answer(202, {"id": f"{key}#{nth}"})
        elif step == "body-error":
            self.answer(200, {"error": "the peer refused this message in the body"})
        elif step.startswith("big:"):
            self.answer_bytes(200, b"x" * int(step[len("big:"):]), "text/plain")
        elif step == "echo":
            self.answer(200, {"method": self.command,
                              "headers": {name.lower(): value for name, value in self.headers.items()},
                              "body": body.decode(errors="replace")})
        else:
            self.answer_code(step, key, nth)

    def answer_code(self, step, key, nth):
        parts = step.split(":")
        status = int(parts[0])
        headers = {}
        if len(parts) == 2:
            headers["Retry-After"] = parts[1]
        elif len(parts) == 3 and parts[1] == "date":
            headers["Retry-After"] = email.utils.formatdate(time.time() + int(parts[2]), usegmt=True)
        payload = {"id": f"{key}#{nth}"} if status < 300 else {"error": f"scenario {step}"}
        self.answer(status, payload, headers)

    def scenario(self):
        path = self.path.split("?")[0]  # a query only tells requests apart
        if path.startswith("/s/"):
            return path[len("/s/"):]
        return self.headers.get("X-Fault-Scenario") or "202"

    @staticmethod
    def key_in_body(body):
        try:
            return str(json.loads(body).get("idempotency_key", ""))
        except (ValueError, AttributeError):
            return ""

    def answer(self, status, payload, headers=None):
        self.answer_bytes(status, json.dumps(payload).encode(), "application/json", headers)

    def answer_bytes(self, status, data, content_type, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough ESMTP for libcurl: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        LEDGER.connected()
        self.reply("220 fault.test ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-fault.test\r\n250 SIZE 10000000\r\n")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = line.decode(errors="replace").split(":", 1)[1].strip().strip("<>")
                if address.split("@")[0] == "rcpt550":
                    self.reply("550 no such user")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                if not self.receive_data(recipients):
                    return
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def receive_data(self, recipients):
        """Reads the message up to the lone dot; False when the connection ends."""
        self.reply("354 end with <CRLF>.<CRLF>")
        message_id = ""
        while True:
            line = self.rfile.readline()
            if not line:
                return False
            if line == b".\r\n":
                break
            if line.lower().startswith(b"message-id:") and not message_id:
                message_id = line.split(b":", 1)[1].strip().decode(errors="replace")
        steps = recipients[0].split("@")[0].split("_") if recipients else ["250"]
        step = step_for(steps, LEDGER.receive(message_id))
        if step == "drop":
            reset_connection(self.connection)
            return False
        self.reply(f"{step} scenario reply" if step.isdigit() else "250 OK")
        return True


class QuietThreadingHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connect at once

    def handle_error(self, request, client_address):
        pass  # resets and client timeouts are the point here


class QuietThreadingTCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass


def main():
    parser = argparse.ArgumentParser(description="Loopback HTTP/SMTP peer with scripted faults.")
    parser.add_argument("--port", type=int, default=0, help="HTTP port (0: any free one)")
    parser.add_argument("--smtp-port", type=int, default=0, help="SMTP port (0: any free one)")
    args = parser.parse_args()
    http_server = QuietThreadingHTTPServer(("127.0.0.1", args.port), HttpHandler)
    smtp_server = QuietThreadingTCPServer(("127.0.0.1", args.smtp_port), SmtpHandler)
    threading.Thread(target=smtp_server.serve_forever, daemon=True).start()
    print(http_server.server_address[1])
    print(smtp_server.server_address[1], flush=True)
    http_server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
