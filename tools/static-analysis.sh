#!/usr/bin/env bash
# Static analysis with no findings allowed: cppcheck and clang-tidy over src/.
# Configuration: .cppcheck-suppressions, .clang-tidy; see each for why.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== cppcheck"
cppcheck --enable=warning,portability,performance --std=c11 --inline-suppr \
  --error-exitcode=1 -q -Isrc -D_DEFAULT_SOURCE --include=tools/cppcheck-jansson.h \
  --suppressions-list=.cppcheck-suppressions src/
echo "== clang-tidy"
CFLAGS_TIDY="-std=c11 -D_DEFAULT_SOURCE -Isrc $(pkg-config --cflags libmicrohttpd sqlite3 jansson libsodium libqrencode xlsxwriter libzip expat libpq)"
export CFLAGS_TIDY
out=$(find src -name '*.c' | sort | xargs -P "$(nproc)" -I{} sh -c 'clang-tidy --quiet "{}" -- $CFLAGS_TIDY 2>/dev/null' || true)
if echo "$out" | grep -E '(warning|error):'; then
  echo "$out"
  exit 1
fi
echo "static analysis: no findings"
