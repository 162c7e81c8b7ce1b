#!/bin/bash
# meta-report --html in a browser: headless Chromium (tests/page-check.py,
# a DevTools client over --remote-debugging-pipe) loads the page with no
# request but the file itself, no console or log error (a refusal of the
# page's Content-Security-Policy is one) and a screenshot that is not one
# flat colour.  Deliberately broken pages prove the check fails: one that
# fetches an image, one that logs an error, the real page with an external
# image added (refused by its policy), and a blank page.
. "$(dirname "$0")/lib.sh"

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
	echo "1..0 # SKIP chromium is not installed (make deps installs it on Debian)"
	exit 0
fi

META_ACCESS_TOKEN=t0710-page-token-71ad
export META_ACCESS_TOKEN
DB=$SCRATCH/meta.db
PAGE=$SCRATCH/report.html
start_fake_graph --seed 7 --accounts 2 --campaigns 3 --adsets 2 --ads 2 --idle-campaigns 1 \
	--idle-status ACTIVE
ACCOUNTS=$(fake GET /__truth/accounts | json '" ".join(d["accounts"])')

# check PAGE: tests/page-check.py on PAGE, its screenshot next to it; 2 (no browser) fails too.
check () {
	python3 "$TOP/tests/page-check.py" "$1" "${1%.html}.png"
}

test_expect_success 'a database and its page' '
	set -- &&
	for a in $ACCOUNTS; do set -- "$@" -a "$a"; done &&
	meta-backfill -q "$@" --db "$DB" --since 2026-10-01 --until 2026-11-22 --level ad,account \
		--map "$TOP/scripts/maps/agency.json" &&
	meta-report --db "$DB" --since 2026-10-24 --until 2026-11-22 --html "$PAGE" &&
	grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src ${Q}none${Q};" "$PAGE" &&
	! grep -qi "<script" "$PAGE" &&
	test "$(grep -c "<svg " "$PAGE")" -ge 6
'

test_expect_success 'Chromium loads the page: no request, no error, a screenshot that is not blank' '
	check "$PAGE"
'

test_expect_success 'the check fails on a page that fetches an image' '
	printf "<!DOCTYPE html><html><head><title>x</title></head><body><h1>x</h1><img src=\"http://127.0.0.1:%s/x.png\"></body></html>\n" \
		"${FAKE_URL##*:}" >"$SCRATCH/fetch.html" &&
	expect_status 1 check "$SCRATCH/fetch.html" 2>"$SCRATCH/err" &&
	grep "request: http://127.0.0.1" "$SCRATCH/err"
'

test_expect_success 'the check fails on a page that logs an error' '
	printf "<!DOCTYPE html><html><head><title>x</title></head><body><h1>x</h1><p>%s</p><script>console.error(\"boom\")</script></body></html>\n" \
		"$(seq 1 200)" >"$SCRATCH/console.html" &&
	expect_status 1 check "$SCRATCH/console.html" 2>"$SCRATCH/err" &&
	grep "console error: boom" "$SCRATCH/err"
'

test_expect_success 'the page policy refuses an external image added to it, and the check says so' '
	sed "s|</body>|<img src=\"http://127.0.0.1:9/x.png\"></body>|" "$PAGE" >"$SCRATCH/csp.html" &&
	expect_status 1 check "$SCRATCH/csp.html" 2>"$SCRATCH/err" &&
	grep -i "log error:.*Content Security Policy" "$SCRATCH/err"
'

test_expect_success 'the check fails on a blank page' '
	printf "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>\n" >"$SCRATCH/blank.html" &&
	expect_status 1 check "$SCRATCH/blank.html" 2>"$SCRATCH/err" &&
	grep "screenshot is blank" "$SCRATCH/err"
'

test_done
