#!/usr/bin/env bash
# Installs the Debian packages and npm modules one purpose needs, and no
# more (issue 13: `make run` must not pull in Chromium, nginx or clang):
#   bash scripts/install-deps.sh run     build and run the server and pages
#   bash scripts/install-deps.sh pg      + a local PostgreSQL server (make run-pg)
#   bash scripts/install-deps.sh test    + unit, API, browser and PostgreSQL tests, fuzzing
#   bash scripts/install-deps.sh lint    + cppcheck and clang-tidy
#   bash scripts/install-deps.sh bench   + nginx, wrk, curl, PostgreSQL (bench/pg.sh)
#   bash scripts/install-deps.sh all    everything (`make deps`)
# Several purposes may be given. Idempotent and quick when everything is
# present already: it asks dpkg first and calls apt-get only for what is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN=(build-essential pkg-config
     libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev libqrencode-dev
     libxlsxwriter-dev libzip-dev libexpat1-dev libpq-dev)
TEST=(libcmocka-dev sqlite3 python3-openpyxl postgresql chromium fonts-noto-cjk
      clang libclang-rt-14-dev)
LINT=(cppcheck clang-tidy clang)
BENCH=(nginx wrk curl ca-certificates sqlite3 postgresql)

[ $# -gt 0 ] || set -- all
PKGS=("${RUN[@]}")
npm_dirs=(web)
for what in "$@"; do
  case "$what" in
  run) ;;
  pg) PKGS+=(postgresql) ;;
  test) PKGS+=("${TEST[@]}"); npm_dirs+=(tests) ;;
  lint) PKGS+=("${LINT[@]}") ;;
  bench) PKGS+=("${BENCH[@]}") ;;
  all) PKGS+=("${TEST[@]}" "${LINT[@]}" "${BENCH[@]}"); npm_dirs+=(tests) ;;
  *) echo "usage: $0 [run|test|lint|bench|all]..." >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # unique, in order
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm: the web front end (run) and the test drivers (test). `npm ci` only
# when the lock changed since the last install (node_modules/.package-lock.json
# is npm's own record of what it installed).
for d in $(printf '%s\n' "${npm_dirs[@]}" | awk '!seen[$0]++'); do
  if [ -f "$d/package-lock.json" ]; then
    if [ ! -f "$d/node_modules/.package-lock.json" ] || [ "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ]; then
      (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
