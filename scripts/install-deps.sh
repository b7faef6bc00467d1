#!/usr/bin/env bash
# Installs every Debian package and npm module the build, the tests and the
# benchmarks need. Idempotent and quick when everything is present already:
# it asks dpkg first and calls apt-get only for what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential pkg-config
      libmicrohttpd-dev libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libqrencode-dev
      libxlsxwriter-dev libzip-dev libexpat1-dev python3-openpyxl
      libpq-dev postgresql
      libcmocka-dev
      chromium fonts-noto-cjk
      nginx wrk curl ca-certificates
      cppcheck clang-tidy clang libclang-rt-14-dev)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm: the web front end and the test drivers. `npm ci` only when the lock
# changed since the last install (node_modules/.package-lock.json is npm's own
# record of what it installed).
for d in web tests; do
  if [ -f "$d/package-lock.json" ]; then
    if [ ! -f "$d/node_modules/.package-lock.json" ] || [ "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ]; then
      (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
