#!/usr/bin/env bash
# tools/check-layers.sh - the include rules of src/ (STYLE.md "Layout"):
# dependencies point one way, http → api → domain → store → core, with auth
# used by http, api and domain, and json by api and http.
#   core    includes nothing of the project but core
#   store   includes only core and store
#   json    includes only core and json
#   auth    includes only core, store and auth (never domain, api, http)
#   domain  never includes api, http or json, nor a transport or storage
#           library header (microhttpd, jansson, sqlite3, libpq)
#   api     includes of http only http/request.h and http/router.h
# and no header includes itself through others (a circle). Prints every
# violation; exits 1 if there is one.
set -u
cd "$(dirname "$0")/.." || exit 2
fail=0

# rule DIR ALLOWED-REGEX MESSAGE: every project include in src/DIR must match
rule() {
	local dir=$1 allow=$2 msg=$3 hits
	hits=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' src/"$dir"/*.[ch] |
		grep -vE "#[[:space:]]*include[[:space:]]*\"($allow)\"" || true)
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits"
		echo "layering violation: $msg"
		fail=1
	fi
}

rule core 'core/[a-z0-9_]+\.h' 'core includes only core'
rule store '(core|store)/[a-z0-9_]+\.h' 'store includes only core and store'
rule json '(core|json)/[a-z0-9_]+\.h' 'json includes only core and json'
rule auth '(core|store|auth)/[a-z0-9_]+\.h' 'auth never includes domain, api or http'
rule domain '(core|store|auth|domain)/[a-z0-9_]+\.h' 'domain never includes api, http or json'
rule api '(core|store|auth|domain|json|api)/[a-z0-9_]+\.h|http/(request|router)\.h' \
	'api includes of http only request.h and router.h'

if grep -nE '#include *[<"](microhttpd|jansson|sqlite3|libpq-fe)\.h' src/domain/*.[ch] src/core/*.[ch] src/auth/*.[ch]; then
	echo "layering violation: core/auth/domain include a transport or storage header"
	fail=1
fi

# include circles: tsort reports a loop in the graph "included includer"
pairs=$(for f in src/*/*.[ch]; do
	grep -oE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z0-9_]+/[a-z0-9_]+\.h"' "$f" |
		sed -E 's/.*"(.*)"/\1/' | while read -r h; do
			[ "src/$h" = "$f" ] || echo "src/$h $f"
		done
done)
if ! printf '%s\n' "$pairs" | tsort >/dev/null 2>/tmp/lj_tsort.$$; then
	grep -v '^tsort: -: input contains a loop:' /tmp/lj_tsort.$$ | sed 's/^tsort: /circle: /'
	echo "layering violation: include circle"
	fail=1
fi
rm -f /tmp/lj_tsort.$$
exit $fail
