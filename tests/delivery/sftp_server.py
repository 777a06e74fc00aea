"""A real OpenSSH server on a loopback port, for the file channel's SFTP tests.

SftpServer() makes a temporary folder with a fresh ed25519 host key, a
client key that the server authorizes, an sshd_config (one listen address,
public-key and password logins, OpenSSH's sftp-server logging each operation
to a file), and an empty drop folder; `with` starts
`/usr/sbin/sshd -D -e -f CONFIG` (absolute path, foreground, log on
stderr: no systemd, no service), waits for its SSH banner, and at the end
stops it by its PID and removes the folder. It runs as whoever runs the
test: as root (a container) it logs in as root by key, which sshd allows
with `PermitRootLogin prohibit-password`, and it needs the privilege
separation folder /run/sshd, made here when missing.
"""
import getpass
import os
import shutil
import socket
import subprocess
import tempfile
import time

SSHD = "/usr/sbin/sshd"
SFTP_SERVER = "/usr/lib/openssh/sftp-server"


def sshd_available():
    return os.access(SSHD, os.X_OK) and os.access(SFTP_SERVER, os.X_OK) and shutil.which("ssh-keygen") is not None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def keygen(path):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", path], check=True)


class SftpServer:
    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="sftp-server-")
        self.user = getpass.getuser()
        self.port = free_port()
        self.drop = os.path.join(self.folder, "drop")
        os.makedirs(self.drop)
        self.host_key = os.path.join(self.folder, "host_key")
        self.client_key = os.path.join(self.folder, "client_key")
        keygen(self.host_key)
        keygen(self.client_key)
        with open(self.client_key + ".pub") as source, open(os.path.join(self.folder, "authorized_keys"), "w") as out:
            out.write(source.read())
        self.fingerprint = subprocess.run(["ssh-keygen", "-l", "-f", self.host_key + ".pub"], check=True,
                                          capture_output=True, text=True).stdout.split()[1]
        self.config = os.path.join(self.folder, "sshd_config")
        with open(self.config, "w") as f:
            f.write(f"""Port {self.port}
ListenAddress 127.0.0.1
HostKey {self.host_key}
PidFile {self.folder}/sshd.pid
AuthorizedKeysFile {self.folder}/authorized_keys
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {self.user}
Subsystem sftp {self.folder}/sftp-server-logged
""")
        # OpenSSH's own sftp-server, with its log of every operation (a
        # rename names both paths) kept in a file the cases read.
        self.sftp_log_path = os.path.join(self.folder, "sftp.log")
        wrapper = os.path.join(self.folder, "sftp-server-logged")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\nexec {SFTP_SERVER} -e -l INFO 2>>{self.sftp_log_path}\n")
        os.chmod(wrapper, 0o755)
        self.log_path = os.path.join(self.folder, "sshd.log")
        self.process = None

    def __enter__(self):
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        log = open(self.log_path, "w")
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", self.config], stdout=log, stderr=log,
                                        stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd exited with {self.process.returncode}: {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"SSH-"):
                        return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"sshd did not answer on port {self.port}: {self.log()}")
            time.sleep(0.05)

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
        return False

    def log(self):
        """sshd's log, then the SFTP server's."""
        text = ""
        for path in (self.log_path, self.sftp_log_path):
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    text += f.read()
        return text

    def known_hosts_line(self, other_key=False):
        """The server's known_hosts line; with other_key, one that names a
        key it does not have."""
        key_file = self.host_key + ".pub"
        if other_key:
            key_file = self.other_key() + ".pub"
        with open(key_file) as f:
            kind, key = f.read().split()[:2]
        return f"[127.0.0.1]:{self.port} {kind} {key}\n"

    def other_key(self):
        """A key pair the server does not know."""
        path = os.path.join(self.folder, "other_key")
        if not os.path.exists(path):
            keygen(path)
        return path
