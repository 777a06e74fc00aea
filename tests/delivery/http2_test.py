#!/usr/bin/env python3
"""`journeyctl send` speaks HTTP/2 where the server offers it.

The transport asks libcurl for HTTP/2 over TLS (ALPN) and multiplexes
requests on one connection. This test makes a certificate authority and a
server certificate for localhost and 127.0.0.1 on the spot (openssl),
starts nginx on loopback with TLS and http2, its access log writing each
request's protocol and connection number, and sends a webhook message to
five profiles through a channel that trusts the test CA (`ca_file`):

  - every request reached nginx as HTTP/2.0, all on one connection;
  - the same channel without ca_file fails every message on the
    certificate (curl 60, nothing sent): ca_file is what made the peer
    trusted, and no request went out over an unverified connection.

Usage: http2_test.py JOURNEYCTL
Exit: 0 passed; 1 failed; 125 skipped (no nginx or openssl on PATH, or an
nginx without the http2 module).
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from webhook_workspace import write_webhook_workspace  # noqa: E402

PROFILES = 5
OPENSSL_EXTENSIONS = ("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                      "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")


def run(*command, cwd):
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True)


def make_certificates(folder):
    """ca.pem (a CA made for this run) and server.pem/server.key signed by it."""
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
        "2", "-subj", "/CN=journeyctl http2 test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
        "keyUsage=critical,keyCertSign", cwd=folder)
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
        "/CN=localhost", cwd=folder)
    with open(os.path.join(folder, "server.ext"), "w", encoding="ascii") as handle:
        handle.write(OPENSSL_EXTENSIONS)
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "server.ext", cwd=folder)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """nginx on loopback with TLS and http2; its own prefix, logs and pid."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.log = os.path.join(folder, "requests.log")
        for sub in ("logs", "temp"):
            os.makedirs(os.path.join(folder, sub))
        temp = os.path.join(folder, "temp")
        config = f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log;
events {{ worker_connections 64; }}
http {{
  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
  log_format protocol '$request_method $uri $server_protocol $connection';
  server {{
    listen 127.0.0.1:{self.port} ssl http2;
    ssl_certificate {folder}/server.pem;
    ssl_certificate_key {folder}/server.key;
    access_log {self.log} protocol;
    location /hook {{ return 202 '{{"ok": true}}'; }}
  }}
}}
"""
        with open(os.path.join(folder, "nginx.conf"), "w", encoding="ascii") as handle:
            handle.write(config)
        command = ["nginx", "-p", folder, "-e", os.path.join(folder, "logs", "error.log"), "-c",
                   os.path.join(folder, "nginx.conf"), "-g", "daemon off;"]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited {self.process.returncode}: {self.process.stderr.read()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not listen within 20 s")

    def requests(self):
        """(method, path, protocol, connection) of each logged request."""
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="ascii") as handle:
            return [tuple(line.split()) for line in handle if line.strip()]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


def send(binary, root):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": root, "LC_ALL": "C.UTF-8", "NO_COLOR": "1"}
    result = subprocess.run([binary, "-C", root, "send", "ping", "--segment", "everyone", "--yes", "--batch", "b1",
                             "--format", "json"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                            timeout=120)
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result.returncode, report, result.stderr


def main():
    binary = os.path.abspath(sys.argv[1])
    for tool in ("nginx", "openssl"):
        if shutil.which(tool) is None:
            print(f"skipped: {tool} is not on PATH")
            return 125
    folder = tempfile.mkdtemp(prefix="journeyctl-http2-")
    nginx = None
    failures = []
    try:
        make_certificates(folder)
        try:
            nginx = Nginx(folder)
        except RuntimeError as error:
            if "http2" in str(error):
                print(f"skipped: this nginx has no http2: {error}")
                return 125
            raise

        trusted = os.path.join(folder, "trusted")
        write_webhook_workspace(trusted, f"https://localhost:{nginx.port}/hook", PROFILES,
                                [f"ca_file: {os.path.join(folder, 'ca.pem')}"])
        code, report, err = send(binary, trusted)
        outcomes = {k: v for k, v in (report or {}).get("outcomes", {}).items() if v}
        if code != 0 or outcomes != {"sent": PROFILES}:
            failures.append(f"with ca_file: exit {code}, outcomes {outcomes}: {err}")
        requests = nginx.requests()
        if [r[:3] for r in requests] != [("POST", "/hook", "HTTP/2.0")] * PROFILES:
            failures.append(f"with ca_file: nginx logged {requests}, expected {PROFILES} POST /hook as HTTP/2.0")
        if len({r[3] for r in requests}) != 1:
            failures.append(f"with ca_file: the requests came on several connections: {requests}")

        untrusted = os.path.join(folder, "untrusted")
        write_webhook_workspace(untrusted, f"https://localhost:{nginx.port}/hook", PROFILES)
        code, report, err = send(binary, untrusted)
        failed = (report or {}).get("failed") or []
        if code != 1 or len(failed) != PROFILES or any(f.get("provider_status") != "curl 60" for f in failed):
            failures.append(f"without ca_file: exit {code}, expected every message failed on the certificate "
                            f"(curl 60): {report} {err}")
        if len(nginx.requests()) != PROFILES:
            failures.append(f"without ca_file: a request reached nginx: {nginx.requests()}")
    finally:
        if nginx is not None:
            nginx.stop()
        shutil.rmtree(folder, ignore_errors=True)
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
