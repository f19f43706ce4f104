#!/usr/bin/env bash
# Builds the release binary and runs the benchmark (bench/run.py --help for options, bench/README.md for what it
# measures). Installs what it needs from Debian's packages when missing: wrk; psql and pgbench for a postgres://
# URL; the mysql client for a mysql:// URL; python3-venv for --drf (bench/drf/setup.sh then installs the DRF
# reference's pinned packages into bench/drf/.venv).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v wrk >/dev/null || missing+=(wrk)
if [[ "$*" == *postgres* ]]; then
  command -v pgbench >/dev/null && command -v psql >/dev/null || missing+=(postgresql-client)
fi
if [[ "$*" == *mysql://* || "$*" == *mariadb://* ]]; then
  command -v mysql >/dev/null || missing+=(mariadb-client)
fi
if [[ " $* " == *" --drf "* ]]; then
  python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
fi
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
if [[ " $* " == *" --drf "* ]]; then
  bench/drf/setup.sh
fi
# A MySQL/MariaDB database URL needs the binary built with the mysql feature.
if [[ "$*" == *mysql://* || "$*" == *mariadb://* ]]; then
  cargo build --release --quiet --features mysql
else
  cargo build --release --quiet
fi
exec python3 bench/run.py "$@"
