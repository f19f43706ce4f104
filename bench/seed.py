#!/usr/bin/env python3
"""Seeds the example table with the rows of bench/lib/rows.py.

usage: seed.py HOST:PORT COUNT          through the API, in order (every response checked)
       seed.py --direct URL COUNT       straight into the database (sqlite:///path, postgres://, mysql://), the
                                        table's migrations already applied: for large tables (lib/direct.py)
Either way the table receives the same column values: the API stores names and descriptions as they are sent.
"""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import direct, rows  # noqa: E402


def through_api(host, count):
    """In order over one keep-alive connection, so that row i gets id i + 1 as when seeded directly, and two
    services seeded alike hold the same rows under the same ids."""
    conn = http.client.HTTPConnection(host, timeout=30)
    for name, description in rows.rows(count):
        body = json.dumps({"name": name, "description": description})
        conn.request("POST", "/api/example/", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            sys.exit(f"seeding failed: {response.status} {data[:200]!r}")
    conn.close()


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--direct":
        direct.seed(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3:
        through_api(sys.argv[1], int(sys.argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
