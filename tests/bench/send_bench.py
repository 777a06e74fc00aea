#!/usr/bin/env python3
"""Throughput of `journeyctl send` through the whole pipeline, next to wrk.

One template to 10k and 100k profiles through a SendGrid channel whose
base_url is a local nginx answering 202 at once (shared/bench/README.md,
"Sending"): policies, rendering, the ledger's synced commits, libcurl.
In the same run, `wrk -t1 -c32` posts a SendGrid-sized JSON body to the
same nginx: the ceiling of the machine's HTTP stack. The runs are
interleaved (wrk, then each size) and repeated; medians are printed with
messages per second, the ratio to wrk, and journeyctl's peak RSS.

Usage: send_bench.py JOURNEYCTL [--sizes 10000,100000] [--runs 3]
Needs: nginx-light and wrk (Debian), installed if missing when run as root.
Not a test: figures vary with the machine; do not run while building.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def ensure_tools():
    missing = [p for p, tool in (("nginx-light", "nginx"), ("wrk", "wrk")) if shutil.which(tool) is None
               and not os.path.exists(f"/usr/sbin/{tool}")]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(folder):
    port = free_port()
    conf = os.path.join(folder, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_buffer_size 64k;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    location / {{ return 202 '{{"id":"ok"}}'; }}
  }}
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-c", conf, "-p", folder], check=True)
    return port, lambda: subprocess.run([nginx, "-c", conf, "-p", folder, "-s", "stop"])


def workspace(folder, port, profiles):
    root = os.path.join(folder, f"ws{profiles}")
    for sub in ("data", "segments", "templates"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    with open(os.path.join(root, "journeyctl.yaml"), "w") as f:
        f.write(f"""workspace: send-bench
data:
  profiles:
    file: data/profiles.csv
    key: id
channels:
  email:
    provider: sendgrid
    from: "Acme <hello@acme.example>"
    to: profile.email
    api_key: ${{SENDGRID_API_KEY}}
    base_url: http://127.0.0.1:{port}
policies:
  consent:
    email: profile.opt_in
""")
    with open(os.path.join(root, "data", "profiles.csv"), "w") as f:
        f.write("id,email,first_name,opt_in\n")
        for i in range(profiles):
            f.write(f"c{i:07d},user{i}@example.com,Name{i},true\n")
    with open(os.path.join(root, "segments", "everyone.yaml"), "w") as f:
        f.write('segment: everyone\nwhere: "true"\n')
    with open(os.path.join(root, "templates", "hello.yaml"), "w") as f:
        f.write("template: hello\nchannel: email\nsubject: \"Hello {{profile.first_name}}\"\n"
                "text: \"Hi {{profile.first_name}}, this is a benchmark message of a realistic size. \"\n")
    return root


def run_send(binary, root, batch):
    env = dict(os.environ, SENDGRID_API_KEY="SG.bench")
    result = subprocess.run(["/usr/bin/time", "-v", binary, "-C", root, "send", "hello", "--segment", "everyone",
                             "--yes", "--batch", batch, "--format", "json"],
                            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    report = json.loads(result.stdout)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return report["outcomes"]["sent"], seconds, rss_kb


def run_wrk(folder, port):
    body = json.dumps({"personalizations": [{"to": [{"email": "user1@example.com"}]}],
                       "from": {"email": "hello@acme.example", "name": "Acme"}, "subject": "Hello Name1",
                       "content": [{"type": "text/plain", "value": "Hi Name1, this is a benchmark message."}]})
    script = os.path.join(folder, "post.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["Authorization"] = "Bearer SG.bench"\nwrk.body = {json.dumps(body)}\n')
    out = subprocess.run(["wrk", "-t1", "-c32", "-d5s", "-s", script, f"http://127.0.0.1:{port}/v3/mail/send"],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("journeyctl")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ensure_tools()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = tempfile.mkdtemp(prefix="send-bench-")
    port, stop = start_nginx(folder)
    try:
        roots = {n: workspace(folder, port, n) for n in sizes}
        wrk_rates, sends = [], {n: [] for n in sizes}
        for run in range(args.runs):
            wrk_rates.append(run_wrk(folder, port))
            for n in sizes:
                sent, seconds, rss = run_send(args.journeyctl, roots[n], f"bench-{run}")
                if sent != n:
                    sys.exit(f"{n} profiles: only {sent} sent")
                sends[n].append((seconds, rss))
        wrk = statistics.median(wrk_rates)
        print(f"wrk -t1 -c32 (same nginx, SendGrid-sized POST): median {wrk:,.0f} requests/s "
              f"over {args.runs} runs")
        for n in sizes:
            seconds = statistics.median(s for s, _ in sends[n])
            rss = statistics.median(r for _, r in sends[n])
            rate = n / seconds
            print(f"journeyctl send, {n:,} messages: median {seconds:.2f} s wall, {rate:,.0f} messages/s "
                  f"= {rate / wrk:.2f}x wrk, peak RSS {rss / 1024:.0f} MB")
    finally:
        stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
