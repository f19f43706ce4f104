#!/usr/bin/env python3
"""Checks the body of one request of each scenario before it is measured: the benchmark must measure correct
answers. usage: check.py HOST:PORT ROWS (the number of rows seeded, lib/rows.py)"""
import http.client
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import rows as seeded  # noqa: E402


def call(host, method, path, body=None):
    conn = http.client.HTTPConnection(host, timeout=120)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, None if body is None else json.dumps(body), headers)
    response = conn.getresponse()
    data = response.read()
    return response.status, json.loads(data) if data else None


def expect(condition, message):
    if not condition:
        sys.exit(f"body check failed: {message}")


def check_reads(host, rows):
    status, body = call(host, "GET", "/api/example/500/")
    expect(status == 200 and list(body) == ["id", "name", "description"] and body["id"] == 500, f"detail: {body}")
    expect(body["name"] == seeded.row(499, set())[0], f"detail: id 500 is row 499 (seeded in order): {body}")
    status, body = call(host, "GET", "/api/example/?page=2")
    expect(status == 200 and body["count"] >= rows and len(body["results"]) == 20, f"list page 2: {status}")
    expect(body["results"][0]["id"] == 21 and body["previous"].endswith("/api/example/"), "page 2 starts at id 21")
    status, body = call(host, "GET", "/api/example/?search=delta-005")
    expect(status == 200 and body["count"] >= 10, f"search: {status} {body and body['count']}")
    expect(all("delta-005" in r["name"] for r in body["results"]), "search results match")
    status, body = call(host, "GET", "/api/example/?ordering=-name&page=3")
    names = [r["name"] for r in body["results"]]
    expect(status == 200 and names == sorted(names, reverse=True), "ordering by -name")
    check_search_word(host, rows)
    check_deep_page(host, rows)


def check_search_word(host, rows):
    status, body = call(host, "GET", f"/api/example/?search={seeded.WORD}")
    expect(status == 200 and body["count"] == seeded.MATCHES, f"search {seeded.WORD}: {status} {body}")
    expected = sorted(seeded.row(i, {i})[0] for i in seeded.marked(rows))
    expect(sorted(r["name"] for r in body["results"]) == expected, f"search {seeded.WORD}: the marked rows")
    expect(all(r["description"].endswith(seeded.WORD) for r in body["results"]), "search: marked descriptions")


def check_deep_page(host, rows):
    page = seeded.deep_page(rows)
    status, body = call(host, "GET", f"/api/example/?page={page}")
    ids = [r["id"] for r in body["results"]] if status == 200 else []
    first = (page - 1) * seeded.PAGE_SIZE + 1
    expect(ids == list(range(first, first + seeded.PAGE_SIZE)), f"deep page {page}: {status} ids {ids[:3]}..")


def check_writes(host):
    status, body = call(host, "POST", "/api/example/", {"name": "bench", "description": "check"})
    expect(status == 201 and body["name"] == "bench", f"create: {status}")
    status, body = call(host, "PATCH", "/api/example/1/", {"description": "patched"})
    expect(status == 200 and body["description"] == "patched", f"patch: {status}")


def main():
    host, rows = sys.argv[1], int(sys.argv[2])
    check_reads(host, rows)
    check_writes(host)


if __name__ == "__main__":
    main()
