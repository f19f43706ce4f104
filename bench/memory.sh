#!/usr/bin/env bash
# Builds the release binary and measures its memory under issue 16's attacks (bench/memory.py).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 bench/memory.py "$@"
