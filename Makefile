# metasync: Meta Ads -> NDJSON -> SQLite/PostgreSQL.  See README.
include config.mk

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(PG_CFLAGS)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(PG_LIBS)

LIBSRC = lib/audit.c lib/backfill.c lib/buf.c lib/clock.c lib/date.c lib/error.c lib/fetch.c lib/graph.c lib/http.c \
         lib/ig.c lib/jscan.c lib/keytab.c lib/load.c lib/log.c lib/map.c lib/mapping.c lib/notify.c lib/page.c lib/pgconn.c \
         lib/plan.c lib/query.c lib/ratelimit.c lib/rdb.c lib/rdb_pg.c lib/rdb_sqlite.c lib/report.c lib/run.c lib/schema.c lib/singer.c \
         lib/stats.c lib/store.c lib/store_pg.c lib/store_sqlite.c lib/summary.c lib/svg.c lib/table.c lib/util.c
LIBOBJ = $(LIBSRC:.c=.o)
LIBHDR = $(wildcard lib/*.h)
LIB    = lib/libmeta.a

BIN    = bin/meta-backfill bin/meta-fetch bin/meta-transform bin/meta-load bin/meta-report
MAN1   = man/meta-backfill.1 man/meta-fetch.1 man/meta-transform.1 man/meta-load.1 man/meta-report.1
MAN5   = man/metasync-map.5
MAN7   = man/metasync.7

UNITSRC = $(wildcard tests/unit/*.c)
UNITBIN = $(UNITSRC:tests/unit/%.c=tests/bin/%)

# make fuzz: each tests/fuzz/fuzz-NAME.c is a libFuzzer target, built with
# clang from the library sources (so the library is instrumented too, which
# a libmeta.a built by cc would not be) and run for FUZZ_SECONDS on a copy
# of its seeds tests/fuzz/corpus-NAME/: libFuzzer writes what it finds into
# the first corpus directory, which must not be the one under git.
FUZZCC       = clang
FUZZ_SECONDS = 60
FUZZ_CFLAGS  = -std=c11 -pthread -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=undefined -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
FUZZSRC      = $(wildcard tests/fuzz/*.c)
FUZZBIN      = $(FUZZSRC:tests/fuzz/%.c=tests/bin/%)

ALL_CFLAGS = $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -Ilib

all: $(BIN)
ifeq ($(PG),0)
	@echo "PostgreSQL support is off (libpq not found by pkg-config, or PG=0): --db takes SQLite files only"
endif

# Objects depend on the flags they were built with, so `make SAN=1` after a
# plain build rebuilds everything instead of mixing the two.
BUILD_FLAGS = $(CC) $(ALL_CFLAGS) $(LDFLAGS) $(PKG_LIBS)
.build-flags: FORCE
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' >$@

$(LIB): $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

lib/%.o: lib/%.c $(LIBHDR) config.mk .build-flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

bin/%: cmd/%.c $(LIB) $(LIBHDR) .build-flags
	@mkdir -p bin
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(PKG_LIBS) $(LIBS)

tests/bin/%: tests/unit/%.c tests/unit/tap.h $(LIB) $(LIBHDR) .build-flags
	@mkdir -p tests/bin
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LDFLAGS) $(PKG_LIBS) $(LIBS)

tests/bin/fuzz-%: tests/fuzz/fuzz-%.c $(LIBSRC) $(LIBHDR)
	@mkdir -p tests/bin
	$(FUZZCC) $(FUZZ_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -Ilib -o $@ $< $(LIBSRC) $(PKG_LIBS) $(LIBS)

fuzz:
	@command -v $(FUZZCC) >/dev/null 2>&1 || apt-get install -y clang
	@$(MAKE) -s $(FUZZBIN)
	@for bin in $(FUZZBIN); do \
		name=$${bin#tests/bin/fuzz-}; \
		mkdir -p tests/bin/corpus-$$name && \
		$$bin -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=tests/bin/$$name- \
		    tests/bin/corpus-$$name tests/fuzz/corpus-$$name/ || exit 1; \
	done

# Installs the Debian packages the build and the tests need (apt-get, as root).
deps:
	@sh scripts/deps.sh

# The main job on the bundled fake Graph server, into demo/meta.db.
demo: deps
	@$(MAKE) -s all
	@sh scripts/demo.sh

# make check also runs each libFuzzer target for FUZZ_CHECK_SECONDS
# (tests/t0900-fuzz.sh), when clang is there to build them.
FUZZ_CHECK_SECONDS = 20

check: deps
	@$(MAKE) -s all $(UNITBIN)
	@if command -v $(FUZZCC) >/dev/null 2>&1; then $(MAKE) -s $(FUZZBIN); \
	else echo "check: $(FUZZCC) not found: the fuzz targets are skipped"; fi
	mandoc -Tlint -Wwarning $(MAN1) $(MAN5) $(MAN7)
	FUZZ_SECONDS=$(FUZZ_CHECK_SECONDS) prove -f $(UNITBIN) tests/t[0-9]*.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5 \
	         $(DESTDIR)$(MANPREFIX)/man7
	cp -f $(BIN) $(DESTDIR)$(PREFIX)/bin/
	cp -f $(MAN1) $(DESTDIR)$(MANPREFIX)/man1/
	cp -f $(MAN5) $(DESTDIR)$(MANPREFIX)/man5/
	cp -f $(MAN7) $(DESTDIR)$(MANPREFIX)/man7/

uninstall:
	rm -f $(BIN:bin/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANPREFIX)/man1/%) $(MAN7:man/%=$(DESTDIR)$(MANPREFIX)/man7/%)
	rm -f $(MAN5:man/%=$(DESTDIR)$(MANPREFIX)/man5/%)

clean:
	rm -rf bin tests/bin demo $(LIB) $(LIBOBJ) .build-flags

.PHONY: all deps demo check fuzz install uninstall clean FORCE
.PRECIOUS: $(LIBOBJ)
