#!/usr/bin/env bash
# Installs what is missing and builds everything into build/ (Release with debug info). Used by run.sh and
# test.sh; safe to run again, it only rebuilds what changed. Says how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
./packaging/install-deps.sh
installed=$(date +%s)
echo "install: $((installed - started)) s"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build --parallel "$(nproc)"
echo "build: $(($(date +%s) - installed)) s"
