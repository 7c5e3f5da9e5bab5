# Helpers for testing the interface as a person would: boe runs in a shell in
# a private tmux server (tmux -L), keys are sent to it and the screen is read
# with capture-pane. A script sources this file, then calls
#
#	tui_setup NAME [TOOL...]
#
# which checks that tmux (and each TOOL) is there and BOE is built, makes the
# scratch directory $tmp (with $tmp/work, where shells start), points HOME,
# XDG_DATA_HOME, XDG_STATE_HOME and BOE_PRESET_PATH into it, starts counting
# with pass and fail, and removes everything on exit. The script ends with
# `finish`, which prints "N passed, N failed" and exits non-zero on a failure.

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit $?
}

tui_setup() { # name [tool...]
	local name=$1 tool
	shift
	for tool in tmux "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			echo "FAIL $tool is required (make deps installs it)"
			echo "0 passed, 1 failed"
			exit 1
		fi
	done
	BOE=${BOE:-./boe}
	if [ ! -x "$BOE" ]; then
		echo "FAIL boe binary not found at $BOE (build it or set BOE=)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	BOE=$(cd "$(dirname "$BOE")" && pwd)/$(basename "$BOE")
	ROOT=$PWD
	tmp=$(mktemp -d)
	TM="tmux -L boe-$name-$$ -f /dev/null"
	trap tui_cleanup EXIT
	trap 'tui_cleanup; exit 130' INT TERM
	export HOME=$tmp/home XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state BOE_PRESET_PATH=$tmp/presets
	unset NO_COLOR BOE_ASCII BOE_TUI_TIMING
	export LANG=C.UTF-8 LC_ALL=C.UTF-8
	mkdir -p "$HOME" "$XDG_DATA_HOME" "$BOE_PRESET_PATH" "$tmp/work"
}

tui_cleanup() {
	$TM kill-server >/dev/null 2>&1
	# a shell being killed may still be writing into $tmp
	rm -rf "$tmp" 2>/dev/null || { sleep 0.5; rm -rf "$tmp"; }
}

# A shell in the private server, TERM as given, in $tmp/work.
start_shell() { # name term [w h]
	$TM new-session -d -s "$1" -x "${3:-100}" -y "${4:-40}" -c "$tmp/work" \
		"env TERM=$2 PS1='$ ' HISTFILE= bash --norc --noprofile" || return 1
	wait_for "$1" '^\$' 5
}
keys() { local s=$1; shift; $TM send-keys -t "$s" "$@"; }
text() { local s=$1; shift; $TM send-keys -t "$s" -l "$*"; }
screen() { $TM capture-pane -p -t "$1"; }
# wait_for SESSION REGEX [SECONDS]: polls the screen until the regex matches.
wait_for() {
	local s=$1 re=$2 limit=${3:-10} i=0
	local n=$((limit * 20))
	while [ $i -lt $n ]; do
		screen "$s" | grep -Eq -- "$re" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# check NAME SESSION REGEX [SECONDS]: one test that the screen shows REGEX.
check() {
	if wait_for "$2" "$3" "${4:-10}"; then pass; else
		fail "$1 (screen does not show /$3/)"
		screen "$2" | sed 's/^/    | /' | head -45
	fi
}
# check_not NAME SESSION REGEX [SECONDS]: the screen, once it has settled (two
# captures 0.1 s apart agree), does not show REGEX; one capture right after a key
# could be taken before the key's effect is drawn.
check_not() {
	local a b i=0 n=$((${4:-2} * 10))
	a=$(screen "$2")
	while [ $i -lt $n ]; do
		sleep 0.1
		b=$(screen "$2")
		[ "$a" = "$b" ] && break
		a=$b
		i=$((i + 1))
	done
	if grep -Eq -- "$3" <<<"$a"; then
		fail "$1 (screen shows /$3/)"
	else pass; fi
}
