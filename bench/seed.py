#!/usr/bin/env python3
"""Seeds the example table with the rows of bench/lib/rows.py.

usage: seed.py HOST:PORT COUNT          through the API (keep-alive connections, 8 threads; every response checked)
       seed.py --direct URL COUNT       straight into the database (sqlite:///path, postgres://, mysql://), the
                                        table's migrations already applied: for large tables (lib/direct.py)
Either way the table receives the same column values: the API stores names and descriptions as they are sent.
"""
import http.client
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import direct, rows  # noqa: E402


def post_range(host, count, start, stop, failures):
    try:
        post_all(host, count, start, stop, failures)
    except OSError as e:
        failures.append(f"{host}: {e}")


def post_all(host, count, start, stop, failures):
    conn = http.client.HTTPConnection(host, timeout=30)
    for name, description in rows.rows(count, start, stop):
        body = json.dumps({"name": name, "description": description})
        conn.request("POST", "/api/example/", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            failures.append(f"{response.status} {data[:200]!r}")
            return
    conn.close()


def through_api(host, count):
    threads, failures = [], []
    per = (count + 7) // 8
    for t in range(8):
        start, stop = t * per, min(count, (t + 1) * per)
        if start < stop:
            threads.append(threading.Thread(target=post_range, args=(host, count, start, stop, failures)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        sys.exit(f"seeding failed: {failures[0]}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--direct":
        direct.seed(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3:
        through_api(sys.argv[1], int(sys.argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
