# boe — back-of-envelope capacity calculator.
#   make run     build, then open the interface on the default scenario
#   make test    build, then run every test (unit, CLI, presets, interface)
#   make bench   print speed and memory figures
#   make fuzz    build the libFuzzer targets (clang) and run each for FUZZ_TIME seconds
# Missing system packages are installed by the deps steps (tools/deps.sh, apt-get):
# `make run` installs what building needs, `make test` what the tests use too.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/boe
MANPREFIX  ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/boe
# where each shell looks for completions by itself
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
PKG_CONFIG ?= pkg-config
CC         ?= cc
BUILD      ?= build
SAN        ?=

CURSES_PKG := $(shell $(PKG_CONFIG) --exists ncursesw 2>/dev/null && echo ncursesw || echo ncurses)
# ncurses' own feature macros would clash with ours (-D_XOPEN_SOURCE=600)
CURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE%,$(shell $(PKG_CONFIG) --cflags $(CURSES_PKG) 2>/dev/null))
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs $(CURSES_PKG) 2>/dev/null || echo -lncursesw)
YAML_CFLAGS   := $(shell $(PKG_CONFIG) --cflags yaml-0.1 2>/dev/null)
YAML_LIBS     := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)
# boe is linked statically when the archives are installed (Debian's -dev
# packages and libc6-dev ship them): a process with no shared library to map
# and relocate starts faster than a bare dynamic one, and keeps less memory
# (make bench measures both). Under the sanitizers, which need the shared C
# library, only libyaml and ncurses are. STATIC_LIBS=0 links everything as
# shared libraries.
STATIC_LIBS ?= 1
ifeq ($(STATIC_LIBS),1)
LIB_ARCHIVES_OK := $(shell for l in $(patsubst -l%,%,$(filter -l%,$(YAML_LIBS) $(CURSES_LIBS))); do \
	a=$$($(CC) -print-file-name=lib$$l.a); [ "$${a#/}" != "$$a" ] || echo no; done)
LIBC_ARCHIVE := $(shell a=$$($(CC) -print-file-name=libc.a); [ "$${a#/}" != "$$a" ] && echo yes)
ifeq ($(LIB_ARCHIVES_OK),)
ifeq ($(SAN)$(FUZZ)$(TSAN),)
ifeq ($(LIBC_ARCHIVE),yes)
BOE_LDFLAGS := -static
BOE_LIBS := $(YAML_LIBS) $(CURSES_LIBS)
endif
endif
BOE_LIBS ?= -Wl,-Bstatic $(YAML_LIBS) $(CURSES_LIBS) -Wl,-Bdynamic
endif
endif
BOE_LIBS ?= $(YAML_LIBS) $(CURSES_LIBS)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

OPT      ?= -O2
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= $(OPT) -g
ALL_CFLAGS := -std=c11 -pthread $(WARN) $(CFLAGS) -Iinclude -Isrc \
	-D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED \
	-DBOE_VERSION='"$(VERSION)"' -DBOE_DATADIR='"$(DATADIR)"' -DBOE_DOCDIR='"$(DOCDIR)"' -DBOE_SRCDIR='"$(CURDIR)"' \
	$(YAML_CFLAGS)
ifneq ($(SAN),)
ALL_CFLAGS += -DBOE_FREE_AT_EXIT -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow \
	-fno-sanitize-recover=undefined,float-cast-overflow
LDSAN := -fsanitize=address,undefined,float-cast-overflow
endif
# ThreadSanitizer: the commands that spread their work over threads (make check-threads)
ifneq ($(TSAN),)
ALL_CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=thread
LDSAN := -fsanitize=thread
endif
# the library as the fuzz targets link it (clang only)
FUZZ_SAN := address,undefined,float-cast-overflow
ifneq ($(FUZZ),)
ALL_CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -fno-sanitize-recover=all
endif

# quiet by default; `make V=1` shows the commands
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-6s %s\n'
endif

LIB_SRC := $(wildcard src/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
TUI_SRC := $(wildcard src/tui/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ := $(TUI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# tests/regen-*.sh rewrite golden files: they are tools, not tests
SCRIPT_TESTS := $(sort $(filter-out tests/regen-%,$(wildcard tests/*.sh)))

.PHONY: all deps deps-run deps-fuzz run test unit-tests script-tests check-asan check-threads bench install uninstall clean \
	fuzz fuzz-build fuzz-bins

all: boe $(BUILD)/boe.1

# the man page with the version and the documentation directory filled in
$(BUILD)/boe.1: docs/boe.1 Makefile
	@mkdir -p $(BUILD)
	$(say) GEN $@
	$(Q)sed -e 's/@VERSION@/$(VERSION)/g' -e 's|@DOCDIR@|$(DOCDIR)|g' docs/boe.1 > $@

# ./boe is the normal build; other BUILD directories (sanitizers, clang) keep theirs
boe: $(BUILD)/boe
	@if [ "$(BUILD)" = build ]; then ln -sf build/boe boe; fi

$(BUILD)/boe: $(CLI_OBJ) $(TUI_OBJ) $(BUILD)/libboe.a
	$(say) LD $@
	$(Q)$(CC) $(LDSAN) $(BOE_LDFLAGS) -o $@ $(CLI_OBJ) $(TUI_OBJ) $(BUILD)/libboe.a $(BOE_LIBS) -lm -pthread

# the preset search path is compiled in: rebuild preset.o when DATADIR changes
DATADIR_STAMP := $(BUILD)/.datadir$(subst /,_,$(DATADIR))
$(DATADIR_STAMP):
	@mkdir -p $(BUILD)
	@rm -f $(BUILD)/.datadir_*
	@touch $@
$(BUILD)/src/preset.o $(BUILD)/src/cards.o: $(DATADIR_STAMP)

$(BUILD)/libboe.a: $(LIB_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $(LIB_OBJ)

$(BUILD)/src/tui/%.o: src/tui/%.c $(wildcard include/boe/*.h src/tui/*.h)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(wildcard include/boe/*.h src/cli/*.h)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(BUILD)/libboe.a
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -DFIXTURESDIR='"$(CURDIR)/tests/fixtures"' \
		-o $@ $< $(BUILD)/libboe.a $(LDSAN) $(CMOCKA_LIBS) $(YAML_LIBS) -lm -pthread

# the line editor's test links the interface's editor, which needs no terminal
$(BUILD)/tests/test_lineedit: tests/unit/test_lineedit.c tests/unit/testutil.h $(BUILD)/libboe.a \
		$(BUILD)/src/tui/lineedit.o
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(BUILD)/src/tui/lineedit.o \
		$(BUILD)/libboe.a $(LDSAN) $(CMOCKA_LIBS) $(YAML_LIBS) -lm -pthread

# Install what is missing (Debian/Ubuntu): see tools/deps.sh.
deps:
	@CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" sh tools/deps.sh test
deps-run:
	@CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" sh tools/deps.sh run
deps-fuzz:
	@CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" sh tools/deps.sh fuzz

run: deps-run
	@$(MAKE) --no-print-directory boe
	./boe

unit-tests: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do $$t || fail=1; done; exit $$fail

# several at once (tests/lib/run-scripts.sh: one per core, at most 4; TEST_JOBS=1 for one at a time)
script-tests: boe $(BUILD)/boe.1
	@BOE=$(CURDIR)/$(BUILD)/boe bash tests/lib/run-scripts.sh $(SCRIPT_TESTS)

test: deps
	@$(MAKE) --no-print-directory boe $(BUILD)/boe.1 $(UNIT_BIN)
	@fail=0; \
	$(MAKE) --no-print-directory unit-tests || fail=1; \
	$(MAKE) --no-print-directory script-tests || fail=1; \
	if [ $$fail = 0 ]; then echo "make test: all runners passed"; else echo "make test: FAILURES above"; fi; \
	exit $$fail

check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 test

# the thread pool's test, then the threaded commands, under ThreadSanitizer (each command
# compared with the normal build's output)
check-threads: deps boe
	@$(MAKE) --no-print-directory BUILD=build-tsan TSAN=1 OPT=-O1 boe build-tsan/tests/test_parallel
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" build-tsan/tests/test_parallel
	@BOE=$(CURDIR)/build-tsan/boe REF=$(CURDIR)/build/boe bash tests/threads/run.sh

bench: deps
	@$(MAKE) --no-print-directory boe $(BUILD)/bench $(BUILD)/floor $(BUILD)/floor-static $(BUILD)/bare
	@BOE=$(CURDIR)/$(BUILD)/boe BENCH=$(CURDIR)/$(BUILD)/bench FLOOR=$(CURDIR)/$(BUILD)/floor bash tests/bench/bench.sh

# the process floor the whole runs are measured against: built as a C program is by default
$(BUILD)/floor: tests/bench/floor.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(OPT) -o $@ $<

# what the floor is made of (make bench shows them beside it): the same program
# linked statically, as boe is, and a process with no C library at all. Where
# either cannot be built (no libc.a; another architecture) the bench says so.
$(BUILD)/floor-static: tests/bench/floor.c
	@mkdir -p $(dir $@)
	$(say) CC "$< (static)"
	$(Q)$(CC) $(OPT) -static -o $@ $< 2>/dev/null || { rm -f $@; echo "  no static C library: no static floor"; }

$(BUILD)/bare: tests/bench/bare.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(OPT) -static -nostdlib -nostartfiles -o $@ $< 2>/dev/null || { rm -f $@; echo "  no bare process on this architecture"; }

$(BUILD)/bench: tests/bench/bench.c $(BUILD)/libboe.a
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libboe.a $(YAML_LIBS) -lm -pthread

# ---- fuzzing: fuzz/fuzz_*.c, seeds in fuzz/corpus/<target>/, a dictionary in fuzz/<target>.dict if any ----
FUZZ_TARGETS  := units scenario yaml drill lineedit
FUZZ_BUILD    := build-fuzz
FUZZ_TIME     ?= 30
FUZZ_MAX_LEN  ?= 65536
FUZZ_ARGS     ?=

fuzz-build: deps-fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang FUZZ=1 fuzz-bins

fuzz-bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(BUILD)/libboe.a $(BUILD)/src/tui/lineedit.o
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -DPRESETSDIR='"$(CURDIR)/presets"' -fsanitize=fuzzer,$(FUZZ_SAN) \
		-o $@ $< $(BUILD)/src/tui/lineedit.o $(BUILD)/libboe.a $(YAML_LIBS) -lm -pthread

# Each target for FUZZ_TIME seconds, from its seeds and what earlier runs found
# ($(FUZZ_BUILD)/corpus); a crash, leak, timeout or failed check is saved in
# $(FUZZ_BUILD)/findings/ and fails the run.
fuzz: fuzz-build
	@fail=0; passed=0; failed=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/findings; \
	  log=$(FUZZ_BUILD)/fuzz_$$t.log; \
	  if $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -max_len=$(FUZZ_MAX_LEN) \
	       -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	       -artifact_prefix=$(FUZZ_BUILD)/findings/$$t- $(FUZZ_ARGS) \
	       $$( [ -f fuzz/$$t.dict ] && echo -dict=fuzz/$$t.dict ) \
	       $(FUZZ_BUILD)/corpus/$$t fuzz/corpus/$$t >$$log 2>&1; then \
	    passed=$$((passed + 1)); \
	    echo "fuzz_$$t: $$(sed -n 's/^stat::number_of_executed_units: *//p' $$log) runs in $(FUZZ_TIME) s, $$(ls $(FUZZ_BUILD)/corpus/$$t | wc -l) inputs in the corpus, no finding"; \
	  else \
	    failed=$$((failed + 1)); \
	    echo "FAIL fuzz_$$t: a finding (log $$log)"; \
	    grep -E -A30 '^==[0-9]+==ERROR|runtime error|^fuzz: |ERROR: libFuzzer' $$log | head -60; \
	    grep -E '^artifact_prefix|Test unit written' $$log; \
	  fi; \
	done; \
	echo "fuzz: $$passed passed, $$failed failed"; \
	[ $$failed = 0 ]

install: boe $(BUILD)/boe.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/presets $(DESTDIR)$(DATADIR)/cards $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(DOCDIR)/presets $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(BUILD)/boe $(DESTDIR)$(BINDIR)/boe
	install -m 644 presets/*.yaml $(DESTDIR)$(DATADIR)/presets/
	install -m 644 cards/*.yaml $(DESTDIR)$(DATADIR)/cards/
	install -m 644 $(BUILD)/boe.1 $(DESTDIR)$(MANPREFIX)/man1/boe.1
	@# the docs side by side, as the help texts name them; the README's links to docs/ made theirs
	install -m 644 docs/*.md $(BUILD)/boe.1 $(DESTDIR)$(DOCDIR)/
	install -m 644 docs/presets/*.md $(DESTDIR)$(DOCDIR)/presets/
	sed -e 's|\[docs/|[|g' -e 's|](docs/|](|g' README.md > $(DESTDIR)$(DOCDIR)/README.md
	$(BUILD)/boe completion bash > $(DESTDIR)$(BASHCOMPDIR)/boe
	$(BUILD)/boe completion zsh > $(DESTDIR)$(ZSHCOMPDIR)/_boe
	$(BUILD)/boe completion fish > $(DESTDIR)$(FISHCOMPDIR)/boe.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/boe $(DESTDIR)$(MANPREFIX)/man1/boe.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/boe $(DESTDIR)$(ZSHCOMPDIR)/_boe $(DESTDIR)$(FISHCOMPDIR)/boe.fish
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build build-asan $(FUZZ_BUILD) boe
