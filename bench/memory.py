#!/usr/bin/env python3
"""Memory of the release binary under the outside review's attacks (issue 16), on fresh SQLite files:

  1. 200 parallel POSTs of 900 KB bodies: the peak RSS, and how soon after the burst the process is back under
     80 MB (targets: peak at most 256 MB, under 80 MB within 10 s);
  2. eight parallel reads of a page of 60 rows of 900 KB (target: peak at most 256 MB);
  3. the same reads of a split catalog through the gateway: both processes' peaks;
  4. 500 uploads that send a byte every 3 s: how long until every one was answered 408 and disconnected;
  5. a flood of password attempts from many addresses: how long another client's reads take meanwhile.

Prints a Markdown table and appends it to bench/RESULTS.md. Needs `cargo build --release` first (bench/memory.sh
builds it). Every request goes to 127.0.0.1 and the script stops by itself.
"""
import datetime
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "tessera")
BIG = 900 * 1024
MB = 1024 * 1024


class Process:
    """A tessera process of its own, with an RSS sampler."""

    def __init__(self, port, data_dir, args=(), env=None):
        self.port = port
        full = dict(os.environ, APP__DATA_DIR=data_dir, APP__SERVER__PORT=str(port), RUST_LOG="warn")
        full.update(env or {})
        self.process = subprocess.Popen([BINARY, "serve", *args], env=full, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.peak = 0.0
        self._stop = False
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/health/live")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"tessera on port {port} did not start")
        threading.Thread(target=self._sample, daemon=True).start()

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def _sample(self):
        while not self._stop:
            try:
                self.peak = max(self.peak, self.rss_mb())
            except OSError:
                return
            time.sleep(0.01)

    def reset_peak(self):
        self.peak = self.rss_mb()

    def stop(self):
        self._stop = True
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def request(port, method, path, body=None, token=None, timeout=120):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def parallel(count, work):
    results = [None] * count
    def run(i):
        try:
            results[i] = work(i)
        except Exception as e:  # noqa: BLE001 - reported as a failed request
            results[i] = e
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def body(i, **extra):
    return json.dumps({"name": f"big-{i}", "description": "x" * BIG, **extra})


def login(port, data_dir):
    subprocess.run([BINARY, "createuser", "bench", "--staff"], input=b"bench-password\n", check=True,
                   env=dict(os.environ, APP__DATA_DIR=data_dir, RUST_LOG="warn"), stderr=subprocess.DEVNULL)
    status, data = request(port, "POST", "/api/accounts/token/",
                           json.dumps({"username": "bench", "password": "bench-password"}))
    assert status == 200, data
    return json.loads(data)["access"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uploads_and_reads(rows):
    data = tempfile.mkdtemp(prefix="tessera-memory-")
    server = Process(free_port(), data)
    try:
        baseline = server.rss_mb()
        started = time.monotonic()
        posts = parallel(200, lambda i: request(server.port, "POST", "/api/example/", body(i))[0])
        burst = time.monotonic() - started
        created = sum(1 for s in posts if s == 201)
        rows.append(("200 parallel 900 KB POSTs", f"{created}/200 created in {burst:.1f} s; baseline "
                     f"{baseline:.0f} MB", f"{server.peak:.0f} MB", "≤ 256 MB"))
        after = []
        back_under = None
        for second in range(1, 11):
            time.sleep(1)
            rss = server.rss_mb()
            after.append(rss)
            if back_under is None and rss < 80:
                back_under = second
        rows.append(("RSS after the burst", " / ".join(f"{r:.0f}" for r in after) + " MB at 1..10 s",
                     f"under 80 MB after {back_under} s" if back_under else f"{after[-1]:.0f} MB at 10 s",
                     "< 80 MB within 10 s"))
        server.reset_peak()
        reads = parallel(8, lambda i: request(server.port, "GET", "/api/example/?page_size=60"))
        sizes = {len(d) for s, d in reads if s == 200}
        ok = sum(1 for r in reads if not isinstance(r, Exception) and r[0] == 200)
        rows.append(("8 parallel reads of 60 rows of 900 KB", f"{ok}/8 answered, {max(sizes) / MB:.0f} MB each",
                     f"{server.peak:.0f} MB", "≤ 256 MB"))
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


def split_reads(rows):
    data = tempfile.mkdtemp(prefix="tessera-memory-split-")
    catalog_port, gateway_port = free_port(), free_port()
    gateway = Process(gateway_port, data,
                      env={"APP__MODULES__CATALOG__REMOTE_URL": f"http://127.0.0.1:{catalog_port}"})
    catalog = Process(catalog_port, os.path.join(data, "catalog"), args=("--modules", "catalog"),
                      env={"APP__MODULES__ACCOUNTS__REMOTE_URL": f"http://127.0.0.1:{gateway_port}"})
    try:
        token = login(gateway_port, data)
        for i in range(60):
            product = json.dumps({"sku": f"B-{i}", "name": f"big-{i}", "price": "1.00", "description": "x" * BIG})
            status, answer = request(gateway_port, "POST", "/api/catalog/products/", product, token)
            assert status == 201, answer[:200]
        gateway.reset_peak()
        catalog.reset_peak()
        base = (gateway.rss_mb(), catalog.rss_mb())
        reads = parallel(8, lambda i: request(gateway_port, "GET", "/api/catalog/products/?page_size=60"))
        ok = sum(1 for r in reads if not isinstance(r, Exception) and r[0] == 200)
        rows.append(("8 parallel reads of 60 × 900 KB from a split catalog, through the gateway",
                     f"{ok}/8 answered; before: gateway {base[0]:.0f} MB, catalog {base[1]:.0f} MB",
                     f"gateway {gateway.peak:.0f} MB, catalog {catalog.peak:.0f} MB", "≤ 256 MB each"))
    finally:
        gateway.stop()
        catalog.stop()
        shutil.rmtree(data, ignore_errors=True)


def slow_uploads(rows, count=500):
    data = tempfile.mkdtemp(prefix="tessera-memory-slow-")
    server = Process(free_port(), data)
    sockets = []
    try:
        started = time.monotonic()
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", server.port))
            s.sendall(b"POST /api/example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100\r\n\r\n{")
            s.setblocking(False)
            sockets.append(s)
        open_ = set(range(count))
        answered_408 = 0
        last_trickle = time.monotonic()
        closed_at = None
        while open_ and time.monotonic() - started < 30:
            if time.monotonic() - last_trickle >= 3:
                last_trickle = time.monotonic()
                for i in list(open_):
                    try:
                        sockets[i].sendall(b" ")
                    except OSError:
                        pass
            for i in list(open_):
                try:
                    chunk = sockets[i].recv(4096)
                except BlockingIOError:
                    continue
                except OSError:
                    chunk = b""
                if chunk.startswith(b"HTTP/1.1 408"):
                    answered_408 += 1
                if not chunk or chunk.startswith(b"HTTP/1.1 408"):
                    # Closed, or about to be: read until the server closes.
                    try:
                        while sockets[i].recv(4096):
                            pass
                    except BlockingIOError:
                        continue
                    except OSError:
                        pass
                    open_.discard(i)
            time.sleep(0.05)
        closed_at = time.monotonic() - started
        rows.append((f"{count} uploads sending a byte every 3 s",
                     f"{answered_408} answered 408; {len(open_)} still open",
                     f"all closed after {closed_at:.1f} s" if not open_ else f"open after {closed_at:.0f} s",
                     "408 and closed after client_body_timeout_secs (10)"))
    finally:
        for s in sockets:
            s.close()
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


def login_flood(rows, seconds=10, attackers=64):
    """Password attempts from many addresses at once (the login throttle off, to load the hashing itself) while
    another client reads: how long its reads take."""
    data = tempfile.mkdtemp(prefix="tessera-memory-login-")
    server = Process(free_port(), data, env={"APP__MODULES__ACCOUNTS__THROTTLE_LOGIN": ""})
    try:
        def reads(duration):
            times = []
            end = time.monotonic() + duration
            while time.monotonic() < end:
                started = time.monotonic()
                request(server.port, "GET", "/api/example/")
                times.append(time.monotonic() - started)
            times.sort()
            return times
        quiet = reads(2)
        stop = time.monotonic() + seconds
        attempts = [0]
        def attack(i):
            while time.monotonic() < stop:
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                conn.request("POST", "/api/accounts/token/", body=json.dumps({"username": "x", "password": "y"}),
                             headers={"Content-Type": "application/json", "X-Forwarded-For": f"198.18.{i // 250}.{i % 250}"})
                conn.getresponse().read()
                conn.close()
                attempts[0] += 1
        threads = [threading.Thread(target=attack, args=(i,)) for i in range(attackers)]
        for t in threads:
            t.start()
        time.sleep(1)
        loaded = reads(seconds - 2)
        for t in threads:
            t.join()
        p = lambda times, q: times[min(len(times) - 1, int(len(times) * q))] * 1000
        rows.append((f"{attackers} clients flooding POST token/ for {seconds} s (login throttle off)",
                     f"{attempts[0]} attempts; reads before: p50 {p(quiet, .5):.1f} ms, p99 {p(quiet, .99):.1f} ms",
                     f"reads during: p50 {p(loaded, .5):.1f} ms, p99 {p(loaded, .99):.1f} ms, max {loaded[-1] * 1000:.0f} ms",
                     "other requests keep being served"))
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


def main():
    if not os.path.exists(BINARY):
        raise SystemExit("build the release binary first: cargo build --release")
    rows = []
    uploads_and_reads(rows)
    split_reads(rows)
    slow_uploads(rows)
    login_flood(rows)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [f"### Memory, {datetime.date.today()} ({commit}, {platform.machine()}, {os.cpu_count()} cores)", "",
             "| scenario | what happened | measured | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "a") as f:
        f.write("\n" + table + "\n")


if __name__ == "__main__":
    sys.exit(main())
