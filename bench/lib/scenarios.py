"""What is measured: (name, path, wrk script) per scenario. Paths that depend on the table's size take the number
of rows seeded (lib/rows.py)."""
import http.client
import json
from urllib.parse import urlsplit

from lib import rows

CEILING = ("ceiling: GET /health/live", "/health/live", None)


def reads(count):
    """Measured at 1,000 rows on every service (the ceiling on tessera only)."""
    return [
        CEILING,
        ("detail GET", "/api/example/500/", None),
        ("list page 2", "/api/example/?page=2", None),
        ("search", "/api/example/?search=delta-005", None),
        ("list ordered by name", "/api/example/?ordering=-name&page=3", None),
    ] + at_scale(count)[3:]


def at_scale(count):
    """Measured again on a table of --rows rows, and compared with the same at 1,000 rows."""
    return [
        ("detail GET", "/api/example/500/", None),
        ("list page 2", "/api/example/?page=2", None),
        ("search", "/api/example/?search=delta-005", None),
        (f"search, {rows.MATCHES} rows", f"/api/example/?search={rows.WORD}", None),
        ("deep page", f"/api/example/?page={rows.deep_page(count)}", None),
    ]


WRITES = [
    ("create (POST)", "/api/example/", "create.lua"),
    ("partial update (PATCH)", "/api/example/1/", "patch.lua"),
]


def cursor(host):
    """The hook for cursor pagination (issue 10): when `/api/example/?cursor=` answers with a cursor page (a `next`
    link with `cursor=` and no `count`), page 2 by cursor and a deep cursor page (the second page of the list by
    `-id`: the same rows as the deep page by number) join the measured scenarios: {name: path}, empty until then.
    The paths are the service's own links (cursor tokens are opaque)."""
    first = get(host, "/api/example/?cursor=")
    if not first or "count" in first or "cursor=" not in (first.get("next") or ""):
        return {}
    found = {"cursor page 2": path_of(first["next"])}
    deep = get(host, "/api/example/?cursor=&ordering=-id") or {}
    if "cursor=" in (deep.get("next") or ""):
        found["cursor deep page"] = path_of(deep["next"])
    return found


def get(host, path):
    conn = http.client.HTTPConnection(host, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    data = response.read()
    return json.loads(data) if response.status == 200 else None


def path_of(url):
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
