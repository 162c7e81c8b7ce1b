#!/bin/bash
# Every crontab line documented in README and in the man pages works when
# pasted into a crontab: run as cron runs it (/bin/sh -c, PATH=/usr/bin:/bin,
# nothing else from the environment but HOME), from a scratch `make install`,
# it loads data with a good token, silently, and fails loudly (non-zero exit,
# a message for cron to mail) with a bad one.
#
# A crontab line is found by its five schedule fields.  Substituted: the
# install prefix (/usr/local) by the scratch one, act_123 and act_456 by the
# fake's accounts, HOME by a scratch home holding meta/token and
# meta/webhook, as the README tells users to set it up.  META_GRAPH_URL,
# pointing at the fake, is the one stand-in added to cron's environment.
. "$(dirname "$0")/lib.sh"

TOKEN=t0410-cron-token-0b5e27d4c1
PREFIX=$SCRATCH/prefix
DOCS="README man/meta-backfill.1 man/meta-fetch.1 man/meta-transform.1 man/meta-load.1 man/meta-report.1 man/metasync.7"

start_fake_graph --seed 7 --accounts 2 --campaigns 1 --adsets 1 --ads 2 --today "$(date -u +%F)" --token "$TOKEN"
start_webhook_sink
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')
A1=${ACCOUNTS%% *}
A2=${ACCOUNTS##* }

# crontab_lines FILE...: "FILE:LINE<TAB>command" for every crontab entry;
# man page escapes undone, a trailing backslash kept (to be refused).
crontab_lines () {
	python3 - "$@" <<-'EOF'
	import re, sys
	field = r"[0-9*][0-9*,/-]*"
	entry = re.compile(r"^\s*(?:@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)|(?:%s\s+){4}%s)\s+(\S.*)$" % (field, field))
	for path in sys.argv[1:]:
	    for n, line in enumerate(open(path, encoding="utf-8"), 1):
	        line = line.rstrip("\n")
	        if path[-2:] in (".1", ".7"):
	            line = line.replace("\\e", "\\").replace("\\-", "-").replace("\\&", "")
	        m = entry.match(line)
	        if m:
	            print("%s:%d\t%s" % (path, n, m.group(1)))
	EOF
}

test_expect_success 'make install into a scratch prefix' '
	# -o all: install what was built (perhaps with SAN=1), never rebuild it.
	(cd "$TOP" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -o all install PREFIX="$PREFIX") &&
	test -x "$PREFIX/bin/meta-backfill" && test -x "$PREFIX/bin/meta-fetch" &&
	test -x "$PREFIX/bin/meta-transform" && test -x "$PREFIX/bin/meta-load"
'

test_expect_success 'the documentation has crontab lines: README 2, meta-backfill(1) 1, metasync(7) 2' '
	(cd "$TOP" && crontab_lines $DOCS) >"$SCRATCH/cron-lines" &&
	cat "$SCRATCH/cron-lines" &&
	test "$(grep -c "^README:" "$SCRATCH/cron-lines")" -ge 2 &&
	test "$(grep -c "^man/meta-backfill.1:" "$SCRATCH/cron-lines")" -ge 1 &&
	test "$(grep -c "^man/metasync.7:" "$SCRATCH/cron-lines")" -ge 2
'

test_expect_success 'each is one line, without % (cron makes it a newline), naming the programs by their full path' '
	while IFS="	" read -r where cmd; do
		case $cmd in
		*\\) echo "$where: continued on the next line: crontab has no continuation lines"; exit 1 ;;
		*%*) echo "$where: a % is a newline to cron"; exit 1 ;;
		esac
		# Any meta-* program run must be named by its installed path.
		echo "$cmd" | tr " ;&|()" "\n\n\n\n\n\n" | grep "meta-\(fetch\|transform\|load\|backfill\|report\)$" |
			grep -v "^/usr/local/bin/meta-" && { echo "$where: not a full path"; exit 1; }
		:
	done <"$SCRATCH/cron-lines"
'

# as_cron HOME COMMAND: runs a crontab command the way cron does.
as_cron () {
	env -i PATH=/usr/bin:/bin HOME="$1" LOGNAME=cron SHELL=/bin/sh META_GRAPH_URL="$FAKE_URL" \
		/bin/sh -c "$2"
}

# cron_home DIR TOKEN: a home set up as the README says.
cron_home () {
	mkdir -p "$1/meta" && chmod 700 "$1/meta" &&
	echo "$2" >"$1/meta/token" &&
	echo "$HOOK_URL" >"$1/meta/webhook"
}

# the_command N: the Nth documented command, on the scratch install and the fake's accounts.
the_command () {
	sed -n "${1}p" "$SCRATCH/cron-lines" | cut -f2- |
		sed -e "s|/usr/local/bin/|$PREFIX/bin/|g" -e "s/act_123/$A1/g" -e "s/act_456/$A2/g" \
			-e "s|/var/www/html/|$SCRATCH/www/|g"
}

# A web server's root (meta-report(1) publishes its page under /var/www/html/).
mkdir -p "$SCRATCH/www/meta"
n=$(cat "$SCRATCH/cron-lines" 2>/dev/null | wc -l | tr -d " ")
i=0
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	where=$(sed -n "${i}p" "$SCRATCH/cron-lines" | cut -f1)
	export i

	test_expect_success "$where: a good token: exit 0, silent, rows loaded" '
		h=$SCRATCH/good$i &&
		cron_home "$h" "$TOKEN" &&
		cmd=$(the_command $i) &&
		echo "$cmd" &&
		as_cron "$h" "$cmd" >"$h/cron.out" 2>"$h/cron.err" &&
		cat "$h/cron.out" "$h/cron.err" &&
		! test -s "$h/cron.out" && ! test -s "$h/cron.err" &&
		db=$(find "$h" -name "*.db") &&
		equal "databases" "$(echo "$db" | wc -l | tr -d " ")" 1 &&
		rows=$(sql "$db" "SELECT count(*) FROM insights") &&
		echo "$rows insights rows" &&
		test "$rows" -gt 0 &&
		case $cmd in
		*--html*) grep -q "^</html>$" "$(HOME=$h sh -c "echo ${cmd##*--html }")" ;;
		esac
	'

	test_expect_success "$where: a bad token: non-zero exit, a message for cron to mail, nothing loaded" '
		h=$SCRATCH/bad$i &&
		cron_home "$h" expired-token &&
		cmd=$(the_command $i) &&
		hooks_before=$(wc -l <"$HOOKS") &&
		st=0 &&
		{ as_cron "$h" "$cmd" >"$h/cron.out" 2>"$h/cron.err" || st=$?; } &&
		cat "$h/cron.err" &&
		test "$st" -ne 0 &&
		grep -q "token" "$h/cron.err" &&
		for db in $(find "$h" -name "*.db"); do
			equal "insights rows" "$(sql "$db" "SELECT count(*) FROM insights")" 0 || return 1
		done &&
		case $cmd in
		*--notify-url-file*) equal "webhook messages" "$(wc -l <"$HOOKS")" $((hooks_before + 1)) ;;
		esac
	'
done

test_done
