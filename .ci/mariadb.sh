#!/usr/bin/env bash
# Starts a throwaway MariaDB on 127.0.0.1:3307 for the tests and prints the URL they take
# (TESSERA_TEST_MYSQL_URL). Installs the server, and the client library the `mysql` feature links (found with
# pkg-config), from Debian's packages when they are missing. Run as root. `.ci/mariadb.sh database NAME` creates
# one more database on it and prints its URL; `.ci/mariadb.sh stop` stops it and removes its files.
set -euo pipefail
port=${MYSQL_PORT_TESSERA:-3307}
state=/tmp/tessera-mariadb.path

if [ "${1:-}" = database ]; then
  dir=$(cat "$state")
  mariadb --no-defaults -uroot --socket="$dir/run/mysqld.sock" -e "CREATE DATABASE \`$2\`"
  echo "mysql://tessera:tessera@127.0.0.1:$port/$2"
  exit 0
fi

if [ "${1:-}" = stop ]; then
  dir=$(cat "$state" 2>/dev/null) || exit 0
  mariadb-admin --no-defaults -uroot --socket="$dir/run/mysqld.sock" shutdown >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  exit 0
fi

if ! command -v mariadbd >/dev/null 2>&1 || ! [ -e /usr/include/mariadb/mysql.h ] \
  || ! command -v pkg-config >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server libmariadb-dev pkg-config >&2
fi
dir=$(mktemp -d /tmp/tessera-mariadb.XXXXXX)
mkdir -p "$dir/data" "$dir/run"
chown -R mysql:mysql "$dir"
mariadb-install-db --no-defaults --user=mysql --datadir="$dir/data" \
  --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1
# Durability is not what these tests measure: skip the fsyncs, as the PostgreSQL of the tests does.
mariadbd --no-defaults --user=mysql --datadir="$dir/data" --socket="$dir/run/mysqld.sock" --port="$port" \
  --bind-address=127.0.0.1 --skip-name-resolve --max-connections=500 --innodb-flush-log-at-trx-commit=0 \
  --innodb-doublewrite=0 --log-error="$dir/server.log" </dev/null >/dev/null 2>&1 &
echo "$dir" > "$state"
for _ in $(seq 1 120); do
  mariadb-admin --no-defaults -uroot --socket="$dir/run/mysqld.sock" ping >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb --no-defaults -uroot --socket="$dir/run/mysqld.sock" -e "
  CREATE USER 'tessera'@'127.0.0.1' IDENTIFIED BY 'tessera';
  GRANT ALL PRIVILEGES ON *.* TO 'tessera'@'127.0.0.1';
  CREATE DATABASE tessera;" >&2
echo "mysql://tessera:tessera@127.0.0.1:$port/tessera"
