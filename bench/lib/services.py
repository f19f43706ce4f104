"""The two services under test, started as processes on fixed ports: tessera's release binary and the DRF
reference (bench/drf/serve.sh, gunicorn with 5 workers). Memory is read from /proc: for DRF the sum over the
gunicorn master and its workers."""
import os
import subprocess
import sys
import time
import urllib.request

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(os.path.dirname(BENCH), "target", "release", "tessera")


class Service:
    name = ""
    port = 0
    ready_path = ""
    start_timeout = 30
    cursor = {}  # the cursor pagination scenarios it supports, name: path (lib/scenarios.cursor)

    def __init__(self, database_url):
        self.database_url = database_url
        self.process = None
        self.ready_after = None

    @property
    def host(self):
        return f"127.0.0.1:{self.port}"

    def command(self):
        raise NotImplementedError

    def environment(self):
        raise NotImplementedError

    def start(self):
        self.process = subprocess.Popen(self.command(), env=self.environment(), stdout=subprocess.DEVNULL)
        started = time.monotonic()
        while time.monotonic() - started < self.start_timeout:
            if self.process.poll() is not None:
                sys.exit(f"{self.name} exited at start with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://{self.host}{self.ready_path}", timeout=1) as r:
                    if r.status == 200:
                        self.ready_after = time.monotonic() - started
                        return self
            except OSError:
                time.sleep(0.001)
        sys.exit(f"{self.name} did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)

    def pids(self):
        return [self.process.pid]

    def settle(self, timeout=300):
        """Waits until the service has finished the requests of the last measurement and returns the seconds it
        took: wrk closes its connections when its time is up, but a service may still work through the requests
        it had queued (tessera's query queue, gunicorn's workers), which would slow the next scenario down. Idle
        means a one-row GET answered within 50 ms and under 10% of a core used while it waits."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            ticks, begin = self.cpu_ticks(), time.monotonic()
            try:
                urllib.request.urlopen(f"http://{self.host}/api/example/1/", timeout=timeout).read()
            except OSError:
                pass
            answered = time.monotonic() - begin
            time.sleep(0.2)
            busy = (self.cpu_ticks() - ticks) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - begin)
            if answered < 0.05 and busy < 0.1:
                break
        return time.monotonic() - started

    def cpu_ticks(self):
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except OSError:
                pass
        return total

    def status(self, key):
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status") as f:
                    total += next((int(l.split()[1]) for l in f if l.startswith(key + ":")), 0)
            except OSError:
                pass
        return total

    def rss_mb(self):
        return self.status("VmRSS") / 1024

    def peak_rss_mb(self):
        return self.status("VmHWM") / 1024

    def threads(self):
        return self.status("Threads")


class Tessera(Service):
    name, port, ready_path = "tessera", 8900, "/health/live"

    def __init__(self, data_dir, database_url=None):
        super().__init__(database_url or f"sqlite://{os.path.join(data_dir, 'example.db')}")
        self.data_dir = data_dir
        self.external = database_url

    def command(self):
        return [BINARY]

    def environment(self):
        env = dict(os.environ, APP__DATA_DIR=self.data_dir, APP__SERVER__PORT=str(self.port), RUST_LOG="warn")
        if self.external:
            env["APP__MODULES__EXAMPLE__DATABASE_URL"] = self.external
        return env


class Drf(Service):
    """The DRF reference on SQLite (a file in the run's data folder) or PostgreSQL."""
    name, port, ready_path, start_timeout = "DRF", 8901, "/api/example/?page_size=1", 300

    def __init__(self, data_dir, database_url=None):
        super().__init__(database_url or f"sqlite://{os.path.join(data_dir, 'drf.sqlite3')}")

    def command(self):
        return [os.path.join(BENCH, "drf", "serve.sh"), str(self.port)]

    def environment(self):
        return dict(os.environ, DATABASE_URL=self.database_url)

    def start(self):
        """Ready when one worker answers and all 5 are forked (a worker still importing Django answers late)."""
        super().start()
        deadline = time.monotonic() + 60
        while len(self.pids()) < 6 and time.monotonic() < deadline:
            time.sleep(0.1)
        return self

    def pids(self):
        pid = self.process.pid
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return [pid] + [int(child) for child in f.read().split()]
        except OSError:
            return [pid]
