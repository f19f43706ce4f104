#!/usr/bin/env python3
"""Seeds ExampleModel rows through the API (keep-alive connections, a few threads) and checks a sample of bodies.

usage: seed.py HOST:PORT COUNT
Rows are named delta-00000 .. and described "row N of the benchmark"; every response is checked.
"""
import http.client
import json
import sys
import threading


def post_range(host, start, stop, failures):
    try:
        post_all(host, start, stop, failures)
    except OSError as e:
        failures.append(f"{host}: {e}")


def post_all(host, start, stop, failures):
    conn = http.client.HTTPConnection(host, timeout=30)
    for i in range(start, stop):
        body = json.dumps({"name": f"delta-{i:05d}", "description": f"row {i} of the benchmark"})
        conn.request("POST", "/api/example/", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            failures.append(f"{response.status} {data[:200]!r}")
            return
    conn.close()


def main():
    host, count = sys.argv[1], int(sys.argv[2])
    threads, failures = [], []
    per = (count + 7) // 8
    for t in range(8):
        start, stop = t * per, min(count, (t + 1) * per)
        if start < stop:
            threads.append(threading.Thread(target=post_range, args=(host, start, stop, failures)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        sys.exit(f"seeding failed: {failures[0]}")


if __name__ == "__main__":
    main()
