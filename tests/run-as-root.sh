#!/bin/sh
# Runs a test that needs root (test_full_disk mounts a small filesystem of its own) as root: directly when we
# are, through sudo when it may be used without a password (as on the fresh machine CI makes, whose user
# installs with it); otherwise as we are, and the test says it is skipped and why. The sanitizers' options
# go along.
if [ "$(id -u)" -ne 0 ] && sudo -n true 2> /dev/null; then
  exec sudo -n --preserve-env=QT_QPA_PLATFORM,ASAN_OPTIONS,LSAN_OPTIONS,UBSAN_OPTIONS,TSAN_OPTIONS,ASAN_SYMBOLIZER_PATH "$@"
fi
exec "$@"
