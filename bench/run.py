#!/usr/bin/env python3
"""The benchmark: wrk against the release binary on SQLite (or PostgreSQL or MySQL/MariaDB with --database).

Prints a Markdown table (req/s, p50, p99, non-2xx, peak RSS, ratio to the same run's no-database ceiling) and
appends it to bench/RESULTS.md. Fails when any request was answered with a non-2xx status.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "tessera")
SCENARIOS = os.path.join(ROOT, "bench", "scenarios")
PORT = 8900
HOST = f"127.0.0.1:{PORT}"

READS = [
    ("ceiling: GET /health/live", "/health/live", None),
    ("detail GET", "/api/example/500/", None),
    ("list page 2", "/api/example/?page=2", None),
    ("search", "/api/example/?search=delta-005", None),
    ("list ordered by name", "/api/example/?ordering=-name&page=3", None),
]
WRITES = [
    ("create (POST)", "/api/example/", "create.lua"),
    ("partial update (PATCH)", "/api/example/1/", "patch.lua"),
]


class Server:
    def __init__(self, data_dir, database_url=None):
        env = dict(os.environ, APP__DATA_DIR=data_dir, APP__SERVER__PORT=str(PORT), RUST_LOG="warn")
        if database_url:
            env["APP__MODULES__EXAMPLE__DATABASE_URL"] = database_url
        self.started = time.monotonic()
        self.process = subprocess.Popen([BINARY], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.ready_after = wait_ready()

    def status(self, key):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def rss_mb(self):
        return self.status("VmRSS") / 1024

    def peak_rss_mb(self):
        return self.status("VmHWM") / 1024

    def threads(self):
        return self.status("Threads")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def wait_ready():
    started = time.monotonic()
    while time.monotonic() - started < 30:
        try:
            with urllib.request.urlopen(f"http://{HOST}/health/live", timeout=1) as r:
                if r.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.001)
    sys.exit("the server did not start")


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(path, script, duration):
    command = ["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", "--timeout", "30s"]
    if script:
        command += ["-s", os.path.join(SCENARIOS, script)]
    output = subprocess.run(command + [f"http://{HOST}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return rps, p50, p99, int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def run_set(server, scenarios, duration, ceiling, rows, rows_label):
    results = []
    for name, path, script in scenarios:
        rps, p50, p99, non2xx, errors = wrk(path, script, duration)
        if ceiling is None:
            ceiling = rps
        results.append((f"{name} ({rows_label})", rps, p50, p99, non2xx, server.peak_rss_mb(), rps / ceiling, errors))
        print(f"  {name:<28} {rps:>10.0f} req/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms  non-2xx {non2xx}", flush=True)
    return results, ceiling


def seed(rows):
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "seed.py"), HOST, str(rows)], check=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "check.py"), HOST, str(rows)], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--database", "--postgres", metavar="URL", dest="database",
                        help="put the example module on this empty PostgreSQL or MySQL/MariaDB database "
                             "(mysql:// needs a binary built with --features mysql, which run.sh does)")
    parser.add_argument("--skip-large", action="store_true", help="skip the 100,000-row repetition")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tessera-bench-")
    backend = backend_name(args.database)
    print(f"tessera benchmark on {backend}, wrk -t2 -c64 -d{args.duration}s", flush=True)
    server = Server(data_dir, args.database)
    idle_rss = server.rss_mb()
    seed(1000)
    results, ceiling = run_set(server, READS, args.duration, None, 1000, "1k rows")
    writes, _ = run_set(server, WRITES, args.duration, ceiling, 1000, "1k rows")
    results += writes
    threads_after_load = server.threads()
    peak_rss = server.peak_rss_mb()
    server.stop()

    # Start time with migrations already applied: process start to the first successful request.
    starts = []
    for _ in range(5):
        server = Server(data_dir, args.database)
        starts.append(server.ready_after)
        server.stop()

    large = []
    if not args.skip_large:
        if args.database:
            print(f"  (100,000 rows: seeding a fresh {backend} database is left to SQLite runs)")
        else:
            shutil.rmtree(data_dir)
            data_dir = tempfile.mkdtemp(prefix="tessera-bench-")
            server = Server(data_dir)
            print("  seeding 100,000 rows ...", flush=True)
            seed(100_000)
            large, _ = run_set(server, READS[1:4], args.duration, ceiling, 100_000, "100k rows")
            peak_rss = max(peak_rss, server.peak_rss_mb())
            threads_after_load = max(threads_after_load, server.threads())
            server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)

    table = report(results + large, ceiling, idle_rss, peak_rss, threads_after_load, min(starts), backend, args.duration)
    print(table)
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "a") as f:
        f.write(table + "\n")
    failures = [r for r in results + large if r[4] > 0 or r[7]]
    if failures:
        sys.exit(f"FAILED: non-2xx responses or socket errors in: {', '.join(r[0] for r in failures)}")


def backend_name(url):
    if not url:
        return "SQLite"
    return "MySQL/MariaDB" if url.startswith(("mysql:", "mariadb:")) else "PostgreSQL"


def report(rows, ceiling, idle_rss, peak_rss, threads, start, backend, duration):
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    lines = [
        f"\n## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, {backend}",
        f"\n{os.cpu_count()} cores ({cpu}), wrk -t2 -c64 -d{duration}s sharing the cores with the server.\n",
        "| scenario | req/s | p50 ms | p99 ms | non-2xx | peak RSS MB | of ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, rps, p50, p99, non2xx, rss, ratio, _ in rows:
        lines.append(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {non2xx} | {rss:.1f} | {ratio:.0%} |")
    lines.append(
        f"\nIdle RSS {idle_rss:.1f} MB; peak RSS {peak_rss:.1f} MB; threads after the load {threads}; "
        f"start to first successful request {start * 1000:.0f} ms (best of 5, migrations applied)."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
