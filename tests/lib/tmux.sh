# Helpers for testing the interface as a person would: boe runs in a shell in
# a private tmux server (tmux -L), keys are sent to it and the screen is read
# with capture-pane. Source it after setting TM (the tmux command with its
# private socket), tmp (a scratch directory with work/ in it), and pass/fail
# functions that count results.

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
