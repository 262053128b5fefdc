#!/usr/bin/env bash
# The README's first command, as a newcomer's first start makes it, checked without a display: run.sh
# installs what is missing (nothing, after test.sh), builds (nothing) and starts the application, which
# opens its window offscreen on a database of its own, runs for a few seconds and is closed by SIGTERM as a
# logout would close it. Fails when it cannot start, stops by itself, or does not close cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

./packaging/run.sh --version
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
log="$home/run.log"
status=0
# A port nothing listens on, so that whatever else runs here does not get in the way.
port=28420
while (: < "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
  port=$((port + 1))
done
QT_QPA_PLATFORM=offscreen HOME="$home" timeout --preserve-status --kill-after=10 10 \
  ./packaging/run.sh --db "$home/integrator.db" --listen "127.0.0.1:$port" > "$log" 2>&1 || status=$?
if [ "$status" -ne 0 ] || ! grep -q "running on" "$log"; then
  cat "$log"
  echo "first start: the application did not start and close cleanly (exit $status)" >&2
  exit 1
fi
echo "first start: the application started, ran for 10 s and closed cleanly on SIGTERM"
