#!/usr/bin/env bash
# `make run-pg`: the demo of `make run` on a local PostgreSQL instead of the
# SQLite file. A cluster of its own in ./data/pg (created if absent, kept
# between runs; as root it runs as the postgres user), listening on a Unix
# socket in that directory only, started if it is not running; then
# scripts/run-demo.sh with LIANJIAN_DB pointing at it. Stop the cluster
# with: pg_ctl -D data/pg/data stop (as postgres when root).
set -euo pipefail
cd "$(dirname "$0")/.."
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "run-pg: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
dir=$PWD/data/pg
mkdir -p "$dir"
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as=(runuser -u postgres --)
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  "${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir" start >/dev/null
fi
"${as[@]}" "$bindir/psql" -h "$dir" -U postgres -qAtc "SELECT 1 FROM pg_database WHERE datname='lianjian'" postgres |
  grep -q 1 || "${as[@]}" "$bindir/createdb" -h "$dir" -U postgres lianjian
export LIANJIAN_DB="postgresql:///lianjian?host=$dir&user=postgres"
echo "== PostgreSQL: $LIANJIAN_DB"
exec bash scripts/run-demo.sh
