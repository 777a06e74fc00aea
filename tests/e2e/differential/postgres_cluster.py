"""A throwaway PostgreSQL cluster for run_peer.py: initdb into a scratch
folder, a server listening only on a Unix socket in that folder, psql over
it, and everything stopped and removed on exit. As root (CI), the server
runs as the `postgres` user that Debian's package creates, since
PostgreSQL refuses to run as root.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile

from common import Skip, run


def server_bin():
    """The folder of initdb, pg_ctl and psql (Debian keeps them off PATH)."""
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not versions:
        raise Skip("no PostgreSQL server (scripts/install-deps.sh installs postgresql)")
    return os.path.dirname(versions[-1])


class PostgresCluster:
    def __enter__(self):
        self.bin = server_bin()
        self.scratch = tempfile.mkdtemp(prefix="journeyctl-pg-")
        self.data = os.path.join(self.scratch, "data")
        self.as_user = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.scratch)
                raise Skip("running as root and there is no postgres user to run the server")
            os.chown(self.scratch, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        try:
            self._server("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8",
                         "--no-sync")
            options = f"-k {self.scratch} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
            self._server("pg_ctl", "-D", self.data, "-l", os.path.join(self.scratch, "server.log"), "-o", options,
                         "-w", "start")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _server(self, tool, *args):
        result = run([*self.as_user, os.path.join(self.bin, tool), *args])
        if result.returncode != 0:
            log = os.path.join(self.scratch, "server.log")
            detail = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
            raise RuntimeError(f"{tool} failed ({result.returncode}): {result.stderr}{detail}")

    def psql(self, sql):
        """Runs the SQL; (ok, stdout lines or the error text)."""
        result = run([os.path.join(self.bin, "psql"), "-h", self.scratch, "-U", "postgres", "-d", "postgres",
                      "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"], input=sql)
        if result.returncode != 0:
            return False, result.stderr.strip()
        return True, [line for line in result.stdout.split("\n") if line]

    def __exit__(self, *exc):
        if os.path.isdir(self.data):
            run([*self.as_user, os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.scratch, ignore_errors=True)
        return False
