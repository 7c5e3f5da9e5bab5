# boe — back-of-envelope capacity calculator.
#   make run     build, then open the interface on the default scenario
#   make test    build, then run every test (unit, CLI, presets, interface)
#   make bench   print speed and memory figures
# Missing system packages are installed by the `deps` step (apt-get).

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/boe
MANPREFIX  ?= $(PREFIX)/share/man
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
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

OPT      ?= -O2
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= $(OPT) -g
ALL_CFLAGS := -std=c11 $(WARN) $(CFLAGS) -Iinclude -Isrc \
	-D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED \
	-DBOE_VERSION='"$(VERSION)"' -DBOE_DATADIR='"$(DATADIR)"' \
	$(YAML_CFLAGS)
ifneq ($(SAN),)
ALL_CFLAGS += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
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

.PHONY: all deps run test unit-tests script-tests check-asan bench install uninstall clean

all: boe

# ./boe is the normal build; other BUILD directories (sanitizers, clang) keep theirs
boe: $(BUILD)/boe
	@if [ "$(BUILD)" = build ]; then ln -sf build/boe boe; fi

$(BUILD)/boe: $(CLI_OBJ) $(TUI_OBJ) $(BUILD)/libboe.a
	$(say) LD $@
	$(Q)$(CC) $(LDSAN) -o $@ $(CLI_OBJ) $(TUI_OBJ) $(BUILD)/libboe.a $(YAML_LIBS) $(CURSES_LIBS) -lm

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
		-o $@ $< $(BUILD)/libboe.a $(LDSAN) $(CMOCKA_LIBS) $(YAML_LIBS) -lm

# Installs what the build and the tests need when it is missing (Debian/Ubuntu).
DEB_PKGS := libncurses-dev libyaml-dev libcmocka-dev pkg-config tmux
deps:
	@missing=""; \
	command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
	  $(PKG_CONFIG) --exists ncursesw || $(PKG_CONFIG) --exists ncurses || missing="$$missing libncurses-dev"; \
	  $(PKG_CONFIG) --exists yaml-0.1 || missing="$$missing libyaml-dev"; \
	  $(PKG_CONFIG) --exists cmocka || missing="$$missing libcmocka-dev"; \
	else missing="$$missing libncurses-dev libyaml-dev libcmocka-dev"; fi; \
	command -v tmux >/dev/null 2>&1 || missing="$$missing tmux"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "deps: missing:$$missing — install them with your package manager" >&2; exit 1; fi; \
	  echo "deps: $$sudo apt-get update"; $$sudo apt-get update -qq || exit 1; \
	  echo "deps: $$sudo apt-get install -y$$missing"; \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing >/dev/null || exit 1; \
	fi

run: deps
	@$(MAKE) --no-print-directory boe
	./boe

unit-tests: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do $$t || fail=1; done; exit $$fail

script-tests: boe
	@fail=0; for t in $(SCRIPT_TESTS); do echo "== $$t"; BOE=$(CURDIR)/$(BUILD)/boe bash $$t || fail=1; done; exit $$fail

test: deps
	@$(MAKE) --no-print-directory boe $(UNIT_BIN)
	@fail=0; \
	$(MAKE) --no-print-directory unit-tests || fail=1; \
	$(MAKE) --no-print-directory script-tests || fail=1; \
	if [ $$fail = 0 ]; then echo "make test: all runners passed"; else echo "make test: FAILURES above"; fi; \
	exit $$fail

check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 OPT=-O1 test

bench: deps
	@$(MAKE) --no-print-directory boe $(BUILD)/bench
	@BOE=$(CURDIR)/$(BUILD)/boe BENCH=$(CURDIR)/$(BUILD)/bench bash tests/bench/bench.sh

$(BUILD)/bench: tests/bench/bench.c $(BUILD)/libboe.a
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libboe.a $(YAML_LIBS) -lm

install: boe
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/presets $(DESTDIR)$(DATADIR)/cards $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(BUILD)/boe $(DESTDIR)$(BINDIR)/boe
	install -m 644 presets/*.yaml $(DESTDIR)$(DATADIR)/presets/
	install -m 644 cards/*.yaml $(DESTDIR)$(DATADIR)/cards/
	sed 's/@VERSION@/$(VERSION)/' docs/boe.1 > $(DESTDIR)$(MANPREFIX)/man1/boe.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/boe $(DESTDIR)$(MANPREFIX)/man1/boe.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan boe
