#!/usr/bin/env bash
# `make run`: prepares ./data/lianjian.db (created if absent) with the
# reference region's divisions, the demo alliance and an admin account whose
# password is printed once, then serves http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${LIANJIAN_DB:-./data/lianjian.db}"
BIN=./build/lianjian
mkdir -p "$(dirname "$DB")"
fresh=0
[ -f "$DB" ] || fresh=1
"$BIN" init --db "$DB"
"$BIN" import-divisions data/divisions --db "$DB"
if [ "$fresh" = 1 ]; then
  echo "== 管理员账号 (admin account) — the password is shown only once:"
  "$BIN" user add admin --role admin --display-name 系统管理员 --random-password --db "$DB"
fi
"$BIN" demo --db "$DB" || echo "(demo data not loaded)"
exec "$BIN" serve --db "$DB" --listen "${LIANJIAN_LISTEN:-127.0.0.1:8080}" --web web/dist
