#!/bin/sh
# Installs the Debian packages metasync needs to build and to run its tests,
# and only those that are missing, so `make demo` and `make check` work on a
# fresh machine.  Not root: prints the apt-get line to run instead.
set -eu

pkgs="gcc make pkg-config libcurl4-openssl-dev libjansson-dev libsqlite3-dev libssl-dev
      sqlite3 python3 perl mandoc curl ca-certificates clang
      libpq-dev postgresql chromium"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing packages:$missing (install them with your package manager)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
