#!/usr/bin/env bash
# Client generators nobody here wrote, on the served OpenAPI document as it is (no option beyond the input file):
# openapi-python-client, openapi-typescript with openapi-fetch, and @hey-api/openapi-ts, at the versions pinned
# in .ci/clients/ (requirements.txt, package-lock.json). Each generated client must import or type-check (tsc,
# strict) and make a round trip against a fresh tessera: list, create, a validation error, a token, an
# authenticated create, every body sent as JSON. Fails on a generator warning or any mismatch.
#   bash .ci/clients.sh [path/to/tessera]      (CLIENTS_PORT picks the port, 8766 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bin=${1:-${CARGO_TARGET_DIR:-target}/debug/tessera}
port=${CLIENTS_PORT:-8766}
work=$(mktemp -d /tmp/tessera-clients.XXXXXX)
base=http://127.0.0.1:$port
user=client-check
password=client-check-password

echo "$password" | APP__DATA_DIR="$work/data" "$bin" createuser "$user" --staff
APP__DATA_DIR="$work/data" APP__SERVER__PORT="$port" RUST_LOG=warn "$bin" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "$base/health/live" >/dev/null && break; sleep 0.2; done
curl -sf "$base/api-docs/openapi.json" -o "$work/openapi.json"

echo "== openapi-python-client"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r .ci/clients/requirements.txt
(
  cd "$work"
  # ruff, installed with the generator, formats the package it writes.
  PATH="$work/venv/bin:$PATH" openapi-python-client generate --path openapi.json --output-path python \
    2>&1 | tee generate.log
  if grep -qi "warning\|error" generate.log; then
    echo "openapi-python-client did not take the document as it is"; exit 1
  fi
  # Every module imports (a broken one fails here, as `Unset` once did).
  PYTHONPATH=python venv/bin/python -c '
import importlib, pkgutil, tessera_client
for module in pkgutil.walk_packages(tessera_client.__path__, "tessera_client."):
    importlib.import_module(module.name)
print("python client: every module imports")'
  PYTHONPATH=python venv/bin/python "$repo/.ci/clients/roundtrip.py" "$base" "$user" "$password"
)

echo "== openapi-typescript + openapi-fetch, @hey-api/openapi-ts"
mkdir -p "$work/ts/src"
cp .ci/clients/package.json .ci/clients/package-lock.json .ci/clients/tsconfig.json "$work/ts/"
cp .ci/clients/*.ts "$work/ts/src/"
(
  cd "$work/ts"
  npm ci --no-audit --no-fund --loglevel=error
  npx --no-install openapi-typescript ../openapi.json -o src/openapi-typescript/schema.d.ts \
    2>&1 | tee generate.log
  npx --no-install openapi-ts -i ../openapi.json -o src/hey-api 2>&1 | tee -a generate.log
  if grep -qi "warn\|error" generate.log; then
    echo "a TypeScript generator did not take the document as it is"; exit 1
  fi
  # Type-checks the generated code and the round trips against it, then compiles them.
  npx --no-install tsc -p .
  node dist/openapi-fetch.js "$base" "$user" "$password"
  node dist/hey-api.js "$base" "$user" "$password"
)

if grep -q "^\[[^ ]* ERROR tessera" "$work/server.log"; then
  echo "the server logged an error:"; grep "^\[[^ ]* ERROR tessera" "$work/server.log"; exit 1
fi
echo "clients: 3 passed, 0 failed"
