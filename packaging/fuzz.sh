#!/usr/bin/env bash
# Runs the fuzz targets (tests/fuzz) for longer than the test command does: each for SECONDS (default 600),
# one after another, on both cores (libFuzzer's -fork). Needs build-asan/, which packaging/sanitize.sh asan
# builds. New inputs are kept in build-asan/tests/fuzz/found/TARGET/, and the input of a crash goes to
# build-asan/tests/fuzz/crashes/: copy it to tests/fuzz/corpus/TARGET/ once fixed, and it is a test.
#   packaging/fuzz.sh [--seconds N] [TARGET...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=600
if [ "${1:-}" = --seconds ]; then
  seconds=$2
  shift 2
fi
fuzz=build-asan/tests/fuzz
[ -d "$fuzz" ] || { echo "fuzz: no $fuzz: run packaging/sanitize.sh asan first" >&2; exit 1; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for binary in "$fuzz"/fuzz_*; do targets+=("${binary##*/fuzz_}"); done
fi

source packaging/sanitizers/environment.sh

status=0
for target in "${targets[@]}"; do
  mkdir -p "$fuzz/found/$target" "$fuzz/crashes"
  echo "fuzz: $target for $seconds s"
  "$fuzz/fuzz_$target" -fork="$(nproc)" -ignore_crashes=1 -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$fuzz/crashes/$target-" "$fuzz/found/$target" "tests/fuzz/corpus/$target" \
    2> "$fuzz/$target.log" || status=1
  tail -n 3 "$fuzz/$target.log"
done
found=$(find "$fuzz/crashes" -type f | wc -l)
echo "fuzz: $found crash inputs in $fuzz/crashes"
[ "$found" -eq 0 ] && [ "$status" -eq 0 ]
