#!/usr/bin/env bash
# Starts the DRF reference service: applies its migrations, then gunicorn with 5 workers on 127.0.0.1:PORT.
# usage: DATABASE_URL=sqlite:///abs/path.sqlite3|postgres://user:pass@host:port/db bench/drf/serve.sh [PORT]
# (no DATABASE_URL: bench/drf/db.sqlite3). DRF_WORKER_CLASS (default gthread) and DRF_THREADS (default 4): see
# bench/README.md for why.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/setup.sh"
cd "$here"
.venv/bin/python manage.py migrate --noinput -v 0
exec .venv/bin/gunicorn reference.wsgi --bind "127.0.0.1:${1:-8901}" --workers 5 \
  --worker-class "${DRF_WORKER_CLASS:-gthread}" --threads "${DRF_THREADS:-4}" --backlog 2048 --log-level warning
