#!/usr/bin/env bash
# Fuzzes the served API against its own OpenAPI document with every schemathesis check (config in
# schemathesis.toml), as a staff user, on fresh SQLite databases. Fails on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/tessera}
port=${SCHEMATHESIS_PORT:-8765}
data=$(mktemp -d /tmp/tessera-st.XXXXXX)
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore schemathesis
echo 'schemathesis-password' | APP__DATA_DIR="$data" "$bin" createuser fuzzer --staff
# The login throttle (10/minute by default) would answer most of the fuzzer's attempts 429 and leave the
# endpoint's logic untested; tests/api/security_throttle.rs tests the throttle.
APP__DATA_DIR="$data" APP__SERVER__PORT="$port" APP__MODULES__ACCOUNTS__THROTTLE_LOGIN="" RUST_LOG=warn "$bin" \
  > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.2; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/accounts/token/" -H 'Content-Type: application/json' \
  -d '{"username":"fuzzer","password":"schemathesis-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])')
# Deleting, deactivating or demoting a user may hit the fuzzer's own account and lock it out of every later
# request; those two operations have API tests of their own (tests/api/accounts_users.rs).
python3 -m schemathesis.cli run "http://127.0.0.1:$port/api-docs/openapi.json" --checks all \
  --exclude-operation-id accounts_users_destroy --exclude-operation-id accounts_users_partial_update \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-50}" -H "Authorization: Bearer $token"
# tessera logs panics and 500s at ERROR (a 500's access line carries its cause); actix's own ERROR lines about
# requests it could not parse (schemathesis sends some) are no finding.
if grep -q "^\[[^ ]* ERROR tessera" "$data/server.log"; then
  echo "the server logged a panic or a 500:"; grep "^\[[^ ]* ERROR tessera" "$data/server.log"; exit 1
fi
