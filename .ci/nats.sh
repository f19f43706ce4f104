#!/usr/bin/env bash
# Starts a throwaway NATS server with JetStream on 127.0.0.1:4223 (its store in a fresh folder) for the events
# tests and prints the URL they take (TESSERA_TEST_NATS_URL). Installs Debian's nats-server package when it is
# missing. Run as root. `.ci/nats.sh stop` stops it and removes its store. The events tests that restart NATS start
# servers of their own with the same binary.
set -euo pipefail
port=${NATS_PORT_TESSERA:-4223}
state=/tmp/tessera-nats.path

if [ "${1:-}" = stop ]; then
  dir=$(cat "$state" 2>/dev/null) || exit 0
  kill "$(cat "$dir/pid")" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$(cat "$dir/pid")" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$dir" "$state"
  exit 0
fi

if ! command -v nats-server >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >&2
fi
dir=$(mktemp -d /tmp/tessera-nats.XXXXXX)
nats-server -js -sd "$dir/store" -a 127.0.0.1 -p "$port" -l "$dir/server.log" </dev/null >/dev/null 2>&1 &
echo $! > "$dir/pid"
echo "$dir" > "$state"
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "nats://127.0.0.1:$port"
