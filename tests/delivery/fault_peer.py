"""The loopback fault server (tests/peers/fault_server.py) as the delivery
tests start it: its HTTP and SMTP ports, its control endpoints (/counts:
requests received per idempotency key), and stopping it."""
import json
import os
import subprocess
import sys
import urllib.request

FAULT_SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers", "fault_server.py")


class Server:
    def __init__(self):
        self.process = subprocess.Popen([sys.executable, FAULT_SERVER], stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())
        self.smtp_port = int(self.process.stdout.readline())

    def control(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as answer:
            return json.load(answer)

    def stop(self):
        self.process.kill()
        self.process.wait()
