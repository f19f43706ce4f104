"""The split layout behind a proxy answers as one monolith does: the same requests, in the same order, to the proxy
(SPLIT) and to a monolith serving every module itself (REFERENCE), both on fresh data, must give the same status,
headers that matter and body, once the reference's own address is replaced by the proxy's; so every link names the
proxy. Bodies differ only where they must: timestamps and tokens. Also checks the request ids the proxy sets.

Usage: python3 split_contract.py SPLIT_URL REFERENCE_URL USERNAME PASSWORD
"""

import json
import re
import sys
import time
import urllib.error
import urllib.request

SPLIT, REFERENCE, USERNAME, PASSWORD = sys.argv[1:5]
HEADERS = ["content-type", "location", "allow", "www-authenticate", "content-length", "retry-after"]
MOMENT = re.compile(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"')
TOKEN = re.compile(r'"(access|refresh)":"[^"]+"')


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirects)


def send(base, method, path, body=None, token=None, headers=None):
    request = urllib.request.Request(base + path, method=method)
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        response = opener.open(request, data=data, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    text = response.read().decode()
    return response.status, {k.lower(): v for k, v in response.headers.items()}, text


def normalized(base, status, headers, body):
    text = body.replace(base, "<origin>")
    text = TOKEN.sub(lambda m: f'"{m.group(1)}":"<token>"', MOMENT.sub('"<moment>"', text))
    kept = {name: headers[name].replace(base, "<origin>") for name in HEADERS if name in headers}
    if text != body:
        # Addresses, timestamps and tokens vary in length.
        kept.pop("content-length", None)
    return status, kept, text


failures = []
checked = 0
tokens = {}


def same(method, path, body=None, auth=False, headers=None, settle=0):
    """Sends the request to both; their answers must agree. The split layout's answer is returned. With `settle`
    (seconds), a read is asked again until both agree or the time is up: what events change (an order's stock
    reply) arrives later across processes, through the broker, than within one."""
    global checked
    deadline = time.monotonic() + settle
    while True:
        answers = {}
        for base in (SPLIT, REFERENCE):
            answers[base] = send(base, method, path, body, tokens.get(base) if auth else None, headers)
        split = normalized(SPLIT, *answers[SPLIT])
        reference = normalized(REFERENCE, *answers[REFERENCE])
        if split == reference or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    checked += 1
    if split != reference:
        failures.append(f"{method} {path}:\n  split:     {split}\n  reference: {reference}")
    return answers[SPLIT]


def expect(what, condition):
    global checked
    checked += 1
    if not condition:
        failures.append(what)


# The API root and the empty lists; links must name the proxy.
status, _, text = same("GET", "/api/")
root = json.loads(text)
expect(f"the API root names the proxy: {root}", all(url.startswith(SPLIT + "/api/") for url in root.values()))
same("GET", "/api/catalog/products/")
same("GET", "/api/catalog/products.json")
same("GET", "/api/catalog/products")
same("OPTIONS", "/api/catalog/products/")
same("HEAD", "/api/catalog/products/")

# Authentication: refused without a token, then a token from accounts (in the monolith).
same("POST", "/api/catalog/products/", {"sku": "N-0", "name": "Refused", "price": "1.00"})
for base in (SPLIT, REFERENCE):
    status, _, text = send(base, "POST", "/api/accounts/token/", {"username": USERNAME, "password": PASSWORD})
    tokens[base] = json.loads(text)["access"]
same("POST", "/api/accounts/token/", {"username": USERNAME, "password": "wrong"})

# Enough products for two pages; catalog runs in its own process behind the proxy.
for n in range(1, 26):
    same("POST", "/api/catalog/products/", {"sku": f"N-{n}", "name": f"Widget {n:02}", "price": f"{n}.50"}, True)
status, _, text = same("GET", "/api/catalog/products/?page=2")
page = json.loads(text)
expect(f"page 2's previous link names the proxy: {page.get('previous')}",
       str(page.get("previous")).startswith(SPLIT + "/api/catalog/products/"))
status, _, text = same("GET", "/api/catalog/products/?page_size=5&ordering=-price")
expect("the next link names the proxy", json.loads(text)["next"].startswith(SPLIT + "/api/catalog/products/"))
same("GET", "/api/catalog/products/?search=widget%201&ordering=name")
same("GET", "/api/catalog/products/?page=9")
same("GET", "/api/catalog/products/3/")
same("GET", "/api/catalog/products/999/")
same("PATCH", "/api/catalog/products/3/", {"price": "5"}, True)
same("PUT", "/api/catalog/products/4/", {"sku": "N-4", "name": "Renamed", "price": 7}, True)
same("POST", "/api/catalog/products/", {"sku": "N-1", "name": "", "price": "abc"}, True)
same("POST", "/api/catalog/products/", b'{"sku": ', True)
same("DELETE", "/api/catalog/products/25/", None, True)
same("DELETE", "/api/catalog/products/25/", None, True)

# orders asks catalog through its published interface; example stays in the monolith.
same("POST", "/api/orders/", {"product_id": 3, "quantity": 2}, True)
same("POST", "/api/orders/", {"product_id": 25, "quantity": 1}, True)
# catalog rejects the order (no stock) through the broker: the order ends cancelled in both layouts.
same("GET", "/api/orders/", None, True, settle=15)
same("GET", "/api/orders/")
same("POST", "/api/example/", {"name": "alpha", "description": "first"})
same("GET", "/api/example/?page=1")
same("GET", "/api/example/?page=last")
same("GET", "/api-docs/openapi.json")

# The proxy's request id reaches tessera, which returns it (and logs it, see .ci/nginx.sh).
status, headers, _ = send(SPLIT, "GET", "/api/catalog/products/1/")
request_id = headers.get("x-request-id", "")
expect(f"nginx's request id is returned: {request_id!r}", re.fullmatch(r"[0-9a-f]{32}", request_id) is not None)
print(request_id)

for failure in failures:
    print("MISMATCH", failure, file=sys.stderr)
print(f"split layout: {checked - len(failures)} passed, {len(failures)} failed", file=sys.stderr)
sys.exit(1 if failures else 0)
