"""One wrk measurement: -t2 -c64, latency percentiles, non-2xx responses and socket errors."""
import os
import re
import subprocess
from dataclasses import dataclass

SCENARIOS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scenarios")
THREADS, CONNECTIONS = 2, 64


@dataclass
class Rate:
    rps: float
    p50: float
    p99: float
    non2xx: int
    errors: str

    def failed(self):
        return self.non2xx > 0 or bool(self.errors)


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run(host, path, script, duration):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "30s"]
    if script:
        command += ["-s", os.path.join(SCENARIOS, script)]
    output = subprocess.run(command + [f"http://{host}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return Rate(rps, p50, p99, int(bad.group(1)) if bad else 0, errors.group(1) if errors else "")
