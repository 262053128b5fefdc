#!/usr/bin/env bash
# Fails, naming each file, when a C++ file in the repository is not as the committed .clang-format lays it
# out. Debian's clang-format (installed by install-deps.sh) is the one that decides. Fix with:
#   git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."

unformatted=()
while IFS= read -r file; do
  if ! clang-format --dry-run -Werror "$file" > /dev/null 2>&1; then
    unformatted+=("$file")
  fi
done < <(git ls-files '*.cpp' '*.h')

if [ ${#unformatted[@]} -ne 0 ]; then
  echo "Not formatted with the committed .clang-format ($(clang-format --version)):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "Fix with: git ls-files '*.cpp' '*.h' | xargs clang-format -i" >&2
  exit 1
fi
echo "format: every C++ file as .clang-format lays it out"
