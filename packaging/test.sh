#!/usr/bin/env bash
# Installs what is missing, builds, checks the formatting, runs every test, and builds and checks the Debian
# package. CI runs this inside a fresh Debian 12 root (.ci/run, packaging/fresh-machine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/build.sh
./packaging/check-format.sh

started=$(date +%s)
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
echo "tests: $(($(date +%s) - started)) s"
./packaging/check-package.sh
