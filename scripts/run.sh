#!/usr/bin/env bash
# Builds the app and serves it on http://127.0.0.1:${PORT:-8080}/ (Ctrl-C stops it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LUCID_ROOT"

bash scripts/setup.sh
port="${PORT:-8080}"
echo "run: building, then serving lucid at http://127.0.0.1:$port/"
exec trunk serve --release --address 127.0.0.1 --port "$port" --no-autoreload --disable-address-lookup
