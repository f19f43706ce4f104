#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1:5433 for the tests and prints the URL they take
# (TESSERA_TEST_POSTGRES_URL). Installs the server from Debian's packages when it is missing. Run as root.
set -euo pipefail
port=${PGPORT_TESSERA:-5433}
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdata=$(mktemp -d /tmp/tessera-pgdata.XXXXXX)
chown postgres:postgres "$pgdata"; chmod 700 "$pgdata"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >&2
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c max_connections=300" >&2
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE ROLE tessera LOGIN CREATEDB PASSWORD 'tessera'" >&2
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres -O tessera tessera >&2
echo "$pgdata" > /tmp/tessera-pgdata.path
echo "postgres://tessera:tessera@127.0.0.1:$port/tessera"
