#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's postgresql package: initdb and
# postgres from /usr/lib/postgresql/<version>/bin) in a temporary directory,
# listening only on a Unix socket there, runs the given command with
# LIANJIAN_TEST_PG set to its conninfo, and removes everything afterwards.
# As root (CI), the server runs as the postgres user the package creates.
#   tests/pg/run.sh build/test/test_store_engines
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "tests/pg/run.sh: PostgreSQL is not installed (make deps installs it)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/lianjian-pg.XXXXXX)
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as=(runuser -u postgres --)
fi
cleanup() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log"; exit 1; }
# No TCP at all; a socket in our own directory; small and quick.
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c shared_buffers=16MB" start >/dev/null ||
  { cat "$dir/server.log"; exit 1; }
"${as[@]}" "$bindir/createdb" -h "$dir" -U postgres lianjian

export LIANJIAN_TEST_PG="host=$dir user=postgres dbname=lianjian"
# For tests that stop and start the server under a running app (a restart,
# a failover): $LIANJIAN_TEST_PG_CTL stop|start|restart [pg_ctl options].
cat >"$dir/ctl.sh" <<CTL
#!/bin/sh
exec ${as[*]} "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \\
  -o "-c listen_addresses='' -k $dir -c fsync=off -c shared_buffers=16MB" "\$@"
CTL
chmod 755 "$dir/ctl.sh"
export LIANJIAN_TEST_PG_CTL="$dir/ctl.sh"
"$@"
