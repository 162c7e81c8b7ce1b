# tests/lib.sh - sourced by every tests/tNNNN-*.sh (bash): TAP output, a scratch
# directory per script, the fake Graph server, and small assertions.
# Test bodies chain their steps with && (as git's t/ does), because `set -e`
# does not apply inside a tested compound command.

set -eu
# A failing meta-fetch must fail the pipeline it feeds, not hide behind meta-load.
set -o pipefail
LC_ALL=C
export LC_ALL
TOP=$(cd "$(dirname "$0")/.." && pwd)
PATH=$TOP/bin:$PATH
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/metasync-test.XXXXXX")
export SCRATCH

# Nothing from the caller's environment may steer the tools under test.
unset META_ACCESS_TOKEN META_APP_SECRET META_GRAPH_URL META_API_VERSION META_NOTIFY_URL || true

# A single quote, for SQL string literals inside single-quoted test bodies.
Q="'"

test_count=0
test_failed=0
FAKE_PID=
SINK_PID=

cleanup () {
	[ -z "${PG_DIR:-}" ] || stop_postgres
	for pid in $FAKE_PID $SINK_PID; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# test_expect_success DESCRIPTION BODY
test_expect_success () {
	test_count=$((test_count + 1))
	if (eval "$2") >"$SCRATCH/test.out" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$SCRATCH/test.out"
		test_failed=$((test_failed + 1))
	fi
}

test_done () {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}

# test_cmp EXPECTED ACTUAL: files equal, or show the difference.
test_cmp () {
	diff -u "$1" "$2"
}

# expect_status WANT COMMAND...: COMMAND exits with status WANT.
expect_status () {
	want=$1
	shift
	set +e
	"$@"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		echo "exit status $got, want $want: $*" >&2
		return 1
	fi
}

# equal WHAT GOT WANT
equal () {
	if [ "$2" != "$3" ]; then
		echo "$1: got '$2', want '$3'" >&2
		return 1
	fi
}

# start_fake_graph [fake-graph.py options]: starts the server on a free
# port, exports META_GRAPH_URL to it.  FAKE_URL is the same base.
start_fake_graph () {
	rm -f "$SCRATCH/port"
	python3 "$TOP/tests/fake-graph.py" --port 0 --port-file "$SCRATCH/port" \
		--log "$SCRATCH/graph.log" "$@" 2>"$SCRATCH/graph.err" &
	FAKE_PID=$!
	i=0
	while [ ! -s "$SCRATCH/port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 200 ] || ! kill -0 "$FAKE_PID" 2>/dev/null; then
			echo "fake Graph server did not start:" >&2
			cat "$SCRATCH/graph.err" >&2
			return 1
		fi
		sleep 0.05
	done
	FAKE_URL=http://127.0.0.1:$(cat "$SCRATCH/port")
	META_GRAPH_URL=$FAKE_URL
	export FAKE_URL META_GRAPH_URL
}

# fake GET|POST PATH [JSON-BODY]: a test-only endpoint of the fake server.
fake () {
	if [ "$1" = POST ]; then
		curl -sf -X POST -H 'Content-Type: application/json' --data "${3:-{\}}" "$FAKE_URL$2"
	else
		curl -sf "$FAKE_URL$2"
	fi
}

# graph_requests: HTTP requests to the Graph (items inside a batch are not requests).
graph_requests () {
	fake GET /__requests | json 'sum(1 for r in d if r["path"].startswith("/v") and not r.get("batch"))'
}

# json EXPR < JSON: prints a value, EXPR being a Python expression on `d`.
json () {
	python3 -c 'import json,sys; d=json.load(sys.stdin); v=eval(sys.argv[1]); print(v if not isinstance(v,(dict,list)) else json.dumps(v,sort_keys=True))' "$1"
}

# sql DB QUERY: one value per line, as sqlite3 prints it.
sql () {
	sqlite3 -batch "$1" "$2"
}

# start_webhook_sink: starts tests/webhook-sink.py on a free port.  HOOK_URL
# is a URL on it; HOOKS the file where it appends one JSON line per POST.
start_webhook_sink () {
	HOOKS=$SCRATCH/hooks
	rm -f "$SCRATCH/sink.port"
	python3 "$TOP/tests/webhook-sink.py" --port-file "$SCRATCH/sink.port" --out "$HOOKS" \
		2>"$SCRATCH/sink.err" &
	SINK_PID=$!
	i=0
	while [ ! -s "$SCRATCH/sink.port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 200 ] || ! kill -0 "$SINK_PID" 2>/dev/null; then
			echo "webhook sink did not start:" >&2
			cat "$SCRATCH/sink.err" >&2
			return 1
		fi
		sleep 0.05
	done
	HOOK_URL=http://127.0.0.1:$(cat "$SCRATCH/sink.port")/hook
}

# stop_webhook_sink: stops it, so that posting to HOOK_URL fails.
stop_webhook_sink () {
	if [ -n "$SINK_PID" ]; then
		kill "$SINK_PID" 2>/dev/null || true
		wait "$SINK_PID" 2>/dev/null || true
		SINK_PID=
	fi
}

# ---- PostgreSQL: a throwaway server for the tests (t0600 and others) ----
#
# start_postgres: initdb into a new directory and start a server on a Unix
# socket in it (no TCP), as an unprivileged user when run as root (initdb
# refuses root): postgres if the system has it, else nobody.  Sets PG_BIN,
# PG_DIR and PG_HOST (the socket directory); cleanup stops it.  Returns 1,
# having said why on stderr, when PostgreSQL is not installed.
# pg_createdb NAME: creates database NAME, prints its URL.
# psql_query URL SQL: unaligned tuples, one row a line, fields split by |.
# stop_postgres: stops the server and removes its directory.
PG_DIR=
pg_find_bindir () {
	if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
		pg_config --bindir
		return
	fi
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && pg_d=$d
	done
	[ -n "${pg_d:-}" ] && echo "$pg_d"
}

pg_as_owner () {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_OWNER" -- "$@"
	else
		"$@"
	fi
}

# require_postgres: starts PostgreSQL for the rest of the script; where it
# is not installed, the whole script is one TAP skip (never a pass); when it
# is installed but does not start, one failed test.
require_postgres () {
	if [ -z "$(pg_find_bindir)" ]; then
		echo "ok 1 # skip PostgreSQL is not installed (make deps installs it)"
		echo "1..1"
		exit 0
	fi
	if ! start_postgres 2>"$SCRATCH/pg.err"; then
		echo "not ok 1 - PostgreSQL starts"
		sed 's/^/#   /' "$SCRATCH/pg.err"
		echo "1..1"
		exit 1
	fi
}

start_postgres () {
	PG_BIN=$(pg_find_bindir) || true
	if [ -z "$PG_BIN" ]; then
		echo "PostgreSQL is not installed (no initdb; make deps installs it)" >&2
		return 1
	fi
	PG_OWNER=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		PG_OWNER=nobody
		getent passwd postgres >/dev/null && PG_OWNER=postgres
	fi
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/metasync-pg.XXXXXX")
	chmod 755 "$PG_DIR"
	[ "$(id -u)" -ne 0 ] || chown "$PG_OWNER" "$PG_DIR"
	PG_HOST=$PG_DIR
	pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U metasync --auth=trust -E UTF8 \
		--no-sync >"$PG_DIR/initdb.log" 2>&1 &&
	pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off \
		    -c max_connections=40 -c shared_buffers=64MB" start >"$PG_DIR/pg_ctl.log" 2>&1 || {
		echo "PostgreSQL did not start:" >&2
		cat "$PG_DIR/initdb.log" "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log" >&2 2>/dev/null
		return 1
	}
	export PG_BIN PG_HOST
}

pg_createdb () {
	"$PG_BIN/psql" -X -q -h "$PG_HOST" -U metasync -d postgres -c "CREATE DATABASE $1" >/dev/null &&
	echo "postgresql://metasync@/$1?host=$PG_HOST"
}

psql_query () {
	"$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

stop_postgres () {
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
		pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	[ -z "${PG_DIR:-}" ] || rm -rf "$PG_DIR"
	PG_DIR=
}
# ---- end of PostgreSQL ----
