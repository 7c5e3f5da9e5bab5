#!/bin/sh
# Installs what boe needs and is missing, on Debian or Ubuntu (apt-get).
#   sh tools/deps.sh run    to build and run: a C compiler, pkg-config, ncurses, libyaml
#   sh tools/deps.sh test   and to test: cmocka, tmux, python3, jq, groff, coreutils
#   sh tools/deps.sh fuzz   and to fuzz: clang with libFuzzer
# Each level checks what it needs by using it (a compiler that cannot build a
# program is missing), names the Debian package of each missing thing, and
# installs them: as root directly, otherwise through sudo. Without either it
# says what to install and fails. Exits 0 only when nothing is missing after.
# CC and PKG_CONFIG come from the Makefile.
set -u

level=${1:-test}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/boe-deps.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }

# compiles: CC can build and link a C program
compiles() {
	printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' >"$tmp/t.c"
	"$CC" -o "$tmp/t" "$tmp/t.c" >/dev/null 2>&1
}

# fuzzes: clang builds a libFuzzer target with the sanitizers make fuzz uses
fuzzes() {
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$tmp/f.c"
	clang -fsanitize=fuzzer,address,undefined,float-cast-overflow -o "$tmp/f" "$tmp/f.c" >/dev/null 2>&1
}

pc() { have "$PKG_CONFIG" && "$PKG_CONFIG" --exists "$@"; }

# what is missing: "what (package)" lines, and the packages
missing=""
pkgs=""
need() { missing="$missing
  $1: Debian package $2"; pkgs="$pkgs $2"; }

check() {
	if ! compiles; then
		case $(basename "$CC") in
		clang*) need "a C compiler: $CC" "clang libc6-dev" ;;
		*) need "a C compiler: $CC" "gcc libc6-dev" ;;
		esac
	fi
	have "$PKG_CONFIG" || need "pkg-config" pkg-config
	pc ncursesw || pc ncurses || need "ncurses headers" libncurses-dev
	pc yaml-0.1 || need "libyaml headers" libyaml-dev
	[ "$level" = run ] && return
	pc cmocka || need "cmocka (unit tests)" libcmocka-dev
	have tmux || need "tmux (interface tests)" tmux
	have python3 || need "python3 (interface and preset tests)" python3
	have jq || need "jq (JSON checks)" jq
	have groff || need "groff (the man page check)" groff-base
	for t in timeout mkfifo stat mktemp seq; do
		have $t || { need "$t" coreutils; break; }
	done
	{ have diff && have cmp; } || need "diff and cmp" diffutils
	have infocmp || need "infocmp (terminal types)" ncurses-bin
	[ "$level" = fuzz ] || return
	fuzzes || need "clang with libFuzzer (make fuzz)" "clang libclang-rt-dev"
}

check
[ -z "$missing" ] && exit 0
# shellcheck disable=SC2086
pkgs=$(printf '%s\n' $pkgs | sort -u | tr '\n' ' ')
pkgs=${pkgs% }
echo "deps: missing for 'make $level':$missing" >&2

if ! have apt-get; then
	echo "deps: no apt-get here: install the equivalents of these Debian packages: $pkgs" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif have sudo; then
	sudo="sudo"
else
	echo "deps: you are not root and there is no sudo: as root, run" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $pkgs" >&2
	exit 1
fi
# sudo drops the environment: DEBIAN_FRONTEND goes on its command line
run() {
	echo "deps: $*" >&2
	"$@" || { echo "deps: '$*' failed" >&2; exit 1; }
}
if [ -n "$sudo" ]; then
	run sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	run sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs
else
	run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs
fi

missing=""
pkgs=""
check
if [ -n "$missing" ]; then
	echo "deps: still missing after the install:$missing" >&2
	exit 1
fi
exit 0
