# The sanitizers' run-time options, for packaging/sanitize.sh and packaging/fuzz.sh (sourced, from the
# repository's root): suppressions from this folder, stacks on every report, and clang's runtimes told where
# Debian's llvm-symbolizer is, so that they name functions and lines.
suppressions=$PWD/packaging/sanitizers
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0:check_initialization_order=1
export LSAN_OPTIONS=suppressions=$suppressions/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=suppressions=$suppressions/tsan.supp:print_suppressions=0:second_deadlock_stack=1
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi
