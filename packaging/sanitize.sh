#!/usr/bin/env bash
# The tests again under sanitizers, in a build folder of their own. A finding fails its test.
#   packaging/sanitize.sh asan   every test under AddressSanitizer with UndefinedBehaviorSanitizer, and
#                                each fuzz target for a while (build-asan/, clang, for libFuzzer);
#                                packaging/test.sh runs this after the plain tests
#   packaging/sanitize.sh tsan   the engine's tests, without the window's, under ThreadSanitizer
#                                (build-tsan/, gcc); packaging/test.sh runs this last. Left out: the tests
#                                labelled "forks" (tests/CMakeLists.txt), which start processes while
#                                threads run, which ThreadSanitizer does not support
# Both run the pg.* tests on the server INTEGRATOR_TEST_POSTGRES names, as packaging/test.sh sets it.
# What is suppressed, and why, is in packaging/sanitizers/. Built at -O1 with line tables only: enough for
# the sanitizers' stacks, and much quicker to build than the plain build's full debug information.
set -euo pipefail
cd "$(dirname "$0")/.."

which=${1:-}
case "$which" in asan | tsan) ;; *) echo "usage: $0 asan|tsan" >&2; exit 2 ;; esac

# Set for the build too: the tests are listed by running them (gtest_discover_tests).
source packaging/sanitizers/environment.sh
export QT_QPA_PLATFORM=offscreen

# build FOLDER SANITIZERS [cmake options...]
build() {
  local folder=$1 sanitize=$2
  shift 2
  local started
  started=$(date +%s)
  cmake -S . -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DINTEGRATOR_SANITIZE="$sanitize" -DINTEGRATOR_BUILD_BENCHMARKS=OFF "$@" > "$folder.log" 2>&1 ||
    { cat "$folder.log"; exit 1; }
  cmake --build "$folder" --parallel "$(nproc)"
  echo "$folder: built in $(($(date +%s) - started)) s"
}

# run FOLDER [ctest options...]
run() {
  local folder=$1
  shift
  local started
  started=$(date +%s)
  ctest --test-dir "$folder" --output-on-failure --parallel "$(nproc)" --timeout 900 "$@"
  echo "$folder: tests in $(($(date +%s) - started)) s"
}

if [ "$which" = asan ]; then
  build build-asan address,undefined -DCMAKE_CXX_COMPILER=clang++-14 -DINTEGRATOR_FUZZ=ON
  run build-asan
else
  build build-tsan thread -DINTEGRATOR_BUILD_GUI_TESTS=OFF
  run build-tsan --label-exclude forks
fi
