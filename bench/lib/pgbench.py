"""What the PostgreSQL server itself serves: `pgbench -S -M prepared` (single-row selects by primary key, prepared
statements) with wrk's client count, on a throwaway database of the same server, initialised at scale 1."""
import re
import subprocess

from lib import wrk


def select_rate(url, duration):
    """Transactions (one SELECT each) per second, without the initial connection time."""
    subprocess.run(["pgbench", "-i", "-q", "-s", "1", url], capture_output=True, text=True, check=True)
    command = ["pgbench", "-S", "-M", "prepared", "-c", str(wrk.CONNECTIONS), "-j", str(wrk.THREADS),
               "-T", str(duration), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", output).group(1))
