#!/usr/bin/env bash
# Creates bench/drf/.venv with the pinned packages of requirements.txt; does nothing when they are installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$here/.venv/requirements.installed"
if [[ -f "$stamp" ]] && cmp -s "$stamp" "$here/requirements.txt"; then
  exit 0
fi
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cp "$here/requirements.txt" "$stamp"
