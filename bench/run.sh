#!/usr/bin/env bash
# Builds the release binary and runs the benchmark (bench/run.py --help for options). Installs wrk from
# Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
# A MySQL/MariaDB database URL needs the binary built with the mysql feature.
if [[ " $* " == *" mysql://"* || " $* " == *" mariadb://"* ]]; then
  cargo build --release --quiet --features mysql
else
  cargo build --release --quiet
fi
exec python3 bench/run.py "$@"
