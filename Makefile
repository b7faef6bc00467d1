# Lianjian build. `make` builds build/lianjian; `make test` runs every test;
# `make run` installs what is missing, builds, prepares ./data/lianjian.db with
# the reference region and demo data, and serves http://127.0.0.1:8080.
CC      ?= cc
Q       := $(if $(V),,@)
PKGS    := libmicrohttpd sqlite3 jansson libsodium libqrencode xlsxwriter libzip expat libpq
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
CFLAGS  ?= -O2 -g
# Every unit (server, tests, fuzz) starts with core/banned.h: a banned call
# fails the build.
CPPFLAGS += -D_DEFAULT_SOURCE -Isrc -include src/core/banned.h
ALL_CFLAGS = $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS))
REL_FLAGS := -D_FORTIFY_SOURCE=2 -fstack-protector-strong
LIBS    := $(shell pkg-config --libs $(PKGS)) -lpthread -lm

SRC     := $(sort $(wildcard src/*/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
MIGRATIONS := $(sort $(wildcard sql/migrations/*.sql))
PG_MIGRATIONS := $(sort $(wildcard sql/pg/*.sql))
OBJ     := $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC)) build/obj/gen/migrations.o build/obj/main.o
TOBJ    := $(patsubst src/%.c,build/tobj/%.o,$(LIB_SRC)) build/tobj/gen/migrations.o
TESTS   := $(patsubst tests/unit/%.c,build/test/%,$(sort $(wildcard tests/unit/test_*.c)))
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: run-pg all test unit-test pg-test api-test api-test-pg browser-test run deps deps-run deps-test deps-lint deps-bench web clean check-layers bench fuzz lint
all: build/lianjian web

build/gen/migrations.c: $(MIGRATIONS) $(PG_MIGRATIONS) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-sql.sh $@ $(MIGRATIONS)
	SYM=pg_migrations APPEND=1 sh scripts/embed-sql.sh $@ $(PG_MIGRATIONS)

build/obj/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

build/tobj/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -c $< -o $@

build/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(REL_FLAGS) -MMD -MP -c $< -o $@

build/lianjian: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/tobj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -O1 -MMD -MP -c $< -o $@

build/test/%: tests/unit/%.c $(TOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -O1 -Itests/unit -o $@ $< $(TOBJ) $(LIBS) -lcmocka

# The sanitizer build of the server, used by the API tests.
build/lianjian-asan: $(TOBJ) build/tobj/main.o
	$(CC) $(SAN) -o $@ $^ $(LIBS)
build/tobj/main.o: src/main.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -O1 -MMD -MP -c $< -o $@

web: web/dist/index.html
web/dist/index.html: $(shell find web/src -type f 2>/dev/null) web/index.html web/package-lock.json web/vite.config.js
	cd web && npm run build --silent

# What each purpose needs (scripts/install-deps.sh): `make run` only what
# building and running takes; tests, lint and bench add their own tools.
deps:
	bash scripts/install-deps.sh all
deps-run:
	bash scripts/install-deps.sh run
deps-test:
	bash scripts/install-deps.sh test
deps-lint:
	bash scripts/install-deps.sh lint
deps-bench:
	bash scripts/install-deps.sh bench

# Includes point down the layers only, and never in a circle (tools/check-layers.sh).
check-layers:
	@bash tools/check-layers.sh

unit-test: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; ASAN_OPTIONS=detect_leaks=1 $$t; done

# The areas written over the thin SQL driver, on a throwaway real PostgreSQL:
# test_store_engines and every test_pg_<area>.c (tests/unit/engines.h).
PG_TESTS := build/test/test_store_engines $(filter build/test/test_pg_%,$(TESTS))
pg-test: $(PG_TESTS)
	ASAN_OPTIONS=detect_leaks=1 bash tests/pg/run.sh sh -c 'set -e; for t in $(PG_TESTS); do echo "== $$t"; $$t; done'

api-test: build/lianjian-asan build/lianjian
	cd tests && LIANJIAN_BIN=$(CURDIR)/build/lianjian-asan node --test --test-concurrency=1 api/

# The same API suite with every test server on its own database of a
# throwaway PostgreSQL (tests/lib/server.mjs; tests of the SQLite file
# alone skip themselves).
api-test-pg: build/lianjian-asan build/lianjian
	bash tests/pg/run.sh sh -c 'cd tests && LIANJIAN_BIN=$(CURDIR)/build/lianjian-asan node --test --test-concurrency=1 api/'

browser-test: build/lianjian web
	cd tests && LIANJIAN_BIN=$(CURDIR)/build/lianjian node --test --test-concurrency=1 browser/

test: deps-test check-layers
	$(MAKE) all
	$(MAKE) unit-test
	$(MAKE) pg-test
	$(MAKE) api-test
	$(MAKE) api-test-pg
	$(MAKE) browser-test

run: deps-run
	$(MAKE) all
	bash scripts/run-demo.sh

# The same demo on a local PostgreSQL (./data/pg; docs/deploy.md).
run-pg:
	bash scripts/install-deps.sh run pg
	$(MAKE) all
	bash scripts/run-demo-pg.sh

# cppcheck and clang-tidy over src/, no findings allowed
lint: deps-lint build/gen/migrations.c
	bash tools/static-analysis.sh

bench: deps-bench all
	bash bench/run.sh

clean:
	rm -rf build web/dist

# make fuzz [FUZZ_SECONDS=N], make fuzz-replay (fuzz/README.md)
include fuzz/fuzz.mk

-include $(OBJ:.o=.d) $(TOBJ:.o=.d)
