#!/usr/bin/env bash
# `make run`: prepares ./data/lianjian.db (created if absent; or the
# postgresql:// database in LIANJIAN_DB, as `make run-pg` sets it) with the
# reference region's divisions, the demo alliance and an admin account whose
# password is printed once, then serves http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${LIANJIAN_DB:-./data/lianjian.db}"
BIN=./build/lianjian
fresh=0
case "$DB" in
postgres://* | postgresql://*)
  # a database server: fresh when it has no admin account yet
  "$BIN" init --db "$DB" >/dev/null
  "$BIN" user list --db "$DB" 2>/dev/null | grep -qw admin || fresh=1 ;;
*)
  mkdir -p "$(dirname "$DB")"
  [ -f "$DB" ] || fresh=1 ;;
esac
"$BIN" init --db "$DB"
"$BIN" import-divisions data/divisions --db "$DB"
if [ "$fresh" = 1 ]; then
  echo "== 管理员账号 (admin account) — the password is shown only once:"
  "$BIN" user add admin --role admin --display-name 系统管理员 --random-password --db "$DB"
fi
"$BIN" demo --db "$DB" || echo "(demo data not loaded)"
exec "$BIN" serve --db "$DB" --listen "${LIANJIAN_LISTEN:-127.0.0.1:8080}" --web web/dist
