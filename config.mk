# metasync build knobs; override on the command line (make PREFIX=/opt/meta).
VERSION = 0.1.0

PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man

CC      ?= cc
PKGS    = libcurl jansson sqlite3 libcrypto
CFLAGS  = -std=c11 -pthread -O2 -g -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wno-format-nonliteral -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CPPFLAGS = -DMETASYNC_VERSION=\"$(VERSION)\"
LDFLAGS = -pthread
LIBS    = -lm

# PostgreSQL support (--db postgresql://...) when pkg-config finds libpq;
# make PG=0 builds without it.
PG ?= $(shell pkg-config --exists libpq 2>/dev/null && echo 1 || echo 0)
ifeq ($(PG),1)
PG_CFLAGS = -DHAVE_LIBPQ $(shell pkg-config --cflags libpq)
PG_LIBS   = $(shell pkg-config --libs libpq)
endif

# make SAN=1: AddressSanitizer + UndefinedBehaviorSanitizer build.
ifeq ($(SAN),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
