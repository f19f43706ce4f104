#!/usr/bin/env bash
# The split layout on Debian's nginx: deploy/nginx-split.conf as shipped (only its listen port, upstream ports and
# log path replaced for a throwaway layout) in front of a monolith and a split-out catalog, on fresh SQLite files,
# their events through a NATS of the layout's own. .ci/split_contract.py then sends the same requests through nginx
# and to a plain monolith and compares them (same bodies, links naming nginx's address), and this script checks
# that nginx's request id is in nginx's log and in the log of the catalog process that answered. Installs nginx
# and nats-server when they are missing (as root, without starting them as services).
#   bash .ci/nginx.sh [path/to/tessera]        (NGINX_PORTS="nginx monolith catalog reference nats" to move them)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/debug/tessera}
read -r nginx_port monolith_port catalog_port reference_port nats_port \
  <<< "${NGINX_PORTS:-8770 8771 8772 8773 8774}"

if ! command -v nginx >/dev/null; then
  # policy-rc.d keeps the package from starting nginx on port 80.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
fi
nginx -v

work=$(mktemp -d /tmp/tessera-nginx.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

user=split-check
password=split-check-password
start() { # name port [serve arguments]; environment before
  local name=$1 port=$2; shift 2
  APP__DATA_DIR="$work/$name" APP__SERVER__PORT="$port" "$bin" serve "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && return; sleep 0.2; done
  echo "$name did not start:"; cat "$work/$name.log"; exit 1
}
for name in monolith reference; do
  echo "$password" | APP__DATA_DIR="$work/$name" "$bin" createuser "$user" --staff
done
# Events between the split processes (orders' OrderPlaced, catalog's reply) go through a NATS of the layout's own,
# as docs/splitting-a-module.md says to run it.
if ! command -v nats-server >/dev/null; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >/dev/null
fi
nats-server -js -sd "$work/nats" -a 127.0.0.1 -p "$nats_port" -l "$work/nats.log" </dev/null >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$nats_port") 2>/dev/null && break; sleep 0.1; done
export APP__EVENTS__BROKER_URL="nats://127.0.0.1:$nats_port"
start catalog "$catalog_port" --modules catalog
APP__MODULES__CATALOG__REMOTE_URL="http://127.0.0.1:$catalog_port" start monolith "$monolith_port"
unset APP__EVENTS__BROKER_URL
start reference "$reference_port"

mkdir -p "$work/nginx/tmp"
sed -e "s/listen 80;/listen 127.0.0.1:$nginx_port;/" \
    -e "s/127.0.0.1:8000;/127.0.0.1:$monolith_port;/" \
    -e "s/127.0.0.1:8001;/127.0.0.1:$catalog_port;/" \
    -e "s#/var/log/nginx/#$work/nginx/#" deploy/nginx-split.conf > "$work/nginx/split.conf"
for substituted in "listen 127.0.0.1:$nginx_port;" "127.0.0.1:$monolith_port;" "127.0.0.1:$catalog_port;"; do
  grep -qF "$substituted" "$work/nginx/split.conf" || { echo "deploy/nginx-split.conf changed shape"; exit 1; }
done
cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/split.conf;
}
EOF
# Workers run as nginx's default user: let them into the throwaway folder.
chmod 755 "$work" "$work/nginx" && chmod 777 "$work/nginx/tmp"
nginx -t -p "$work/nginx" -c "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nginx_port/health/live" >/dev/null && break; sleep 0.2; done

request_id=$(python3 .ci/split_contract.py "http://127.0.0.1:$nginx_port" "http://127.0.0.1:$reference_port" \
  "$user" "$password")
sleep 0.5
grep -q "request_id=$request_id" "$work/nginx/tessera-access.log" \
  || { echo "nginx's log lacks request id $request_id"; exit 1; }
grep "request_id=$request_id" "$work/catalog.log" | grep -q "GET /api/catalog/products/1/ " \
  || { echo "the catalog process's log lacks request id $request_id"; cat "$work/catalog.log" | tail; exit 1; }
if grep -h "^\[[^ ]* ERROR tessera" "$work"/*.log; then
  echo "a tessera process logged an error"; exit 1
fi
echo "nginx: request id $request_id in nginx's log and the catalog process's"
