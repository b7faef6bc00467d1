#!/usr/bin/env bash
# Sums the results of every test runner in a log (cmocka's "[  PASSED  ] N
# test(s)" / "[  FAILED  ] N test(s)", node's "# pass N" / "# fail N", and
# fuzz/run.sh's "N passed, N failed") into one closing line.
set -euo pipefail
log="$1"
awk '
  /^\[  PASSED  \] [0-9]+ test/ { p += $4 }
  /^\[  FAILED  \] [0-9]+ test/ { f += $4 }
  /^# pass [0-9]+$/ { p += $3 }
  /^# fail [0-9]+$/ { f += $3 }
  /^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 }
  END { printf "%d passed, %d failed\n", p, f }
' "$log"
