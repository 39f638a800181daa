#!/usr/bin/env bash
# Installs, builds and runs the service with its built-in defaults: no .env needed, SQLite at
# data/rover.db, http://127.0.0.1:3000 (Swagger at /docs). Any variable already set in the
# environment (see .env.example) is passed through unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/services.sh
source scripts/lib/services.sh

rmc_require_node
rmc_ensure_node_modules
# Always rebuild from a clean dist/: tsc is quick, never deletes outputs whose sources were removed,
# and a stale dist/ silently runs yesterday's code (or a deleted migration).
rm -rf dist
npm run --silent build
# The default SQLite path lives here; the app should not have to create parent directories.
mkdir -p data
# exec so signals (Ctrl-C, SIGTERM) reach node directly and graceful shutdown stops the rover.
exec node dist/main.js
