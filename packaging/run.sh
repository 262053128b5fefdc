#!/usr/bin/env bash
# Installs what is missing, builds, and starts the Integrator with its defaults. Arguments are passed on:
#   packaging/run.sh --headless --db /tmp/hub.db
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/build.sh
exec ./build/app/integrator "$@"
