#!/usr/bin/env bash
# Installs the Debian 12 packages Integrator needs to build, run and test, skipping those already present.
# Runs apt-get directly as root, through sudo otherwise. What apt prints goes to install.log, shown on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # the compiler and the build
  build-essential cmake ninja-build pkg-config git
  # Qt 6 (HttpServer needs WebSockets' CMake files), its SQLite driver and SVG icons
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
  libqt6sql6-sqlite libqt6svg6 qt6-svg-dev
  # the libraries the engine calls directly
  libsqlite3-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev openssl
  # the tests, and the formatting check of the test command; PostgreSQL, the second backend, with Qt's driver
  # for it (the tests run a server of their own, packaging/test-postgres.sh)
  libgtest-dev libgmock-dev clang-format postgresql libqt6sql6-psql
  # libpq itself, for bench_pg_driver's side of the comparison of the two drivers
  libpq-dev
  # the sanitizer build of the test command, in clang for libFuzzer, with its runtimes and llvm-symbolizer
  clang-14 libclang-rt-14-dev llvm-14
  # the package check of the test command: file (which CPack runs to find the libraries it links), the
  # desktop entry's and the AppStream metainfo's validators
  desktop-file-utils appstream file
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

echo "Installing: ${missing[*]} (apt's output in install.log)"
apt_get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0)
if ! { "${apt_get[@]}" update && "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}"; } \
  > install.log 2>&1; then
  tail -n 40 install.log
  echo "Installing the packages above failed; install.log has all that apt printed." >&2
  exit 1
fi
