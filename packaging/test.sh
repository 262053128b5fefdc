#!/usr/bin/env bash
# Installs what is missing, builds, checks the formatting, runs every test, builds and checks the Debian
# package, and runs the tests again under AddressSanitizer and UndefinedBehaviorSanitizer, and the engine's
# under ThreadSanitizer (packaging/sanitize.sh). CI runs this inside a fresh Debian 12 root (.ci/run,
# packaging/fresh-machine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/build.sh
./packaging/check-format.sh

# A PostgreSQL server of the tests' own, for the second backend's tests, stopped whatever happens.
postgres_folder=$(mktemp -d)
trap './packaging/test-postgres.sh stop "$postgres_folder"' EXIT
INTEGRATOR_TEST_POSTGRES=$(./packaging/test-postgres.sh start "$postgres_folder")
export INTEGRATOR_TEST_POSTGRES

started=$(date +%s)
export QT_QPA_PLATFORM=offscreen
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
echo "tests: $(($(date +%s) - started)) s"
./packaging/check-package.sh

# The tests again under AddressSanitizer and UndefinedBehaviorSanitizer, then the engine's under
# ThreadSanitizer, each in a build folder of its own, on the same PostgreSQL server.
./packaging/sanitize.sh asan
./packaging/sanitize.sh tsan
