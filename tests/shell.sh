#!/usr/bin/env bash
# boe beside the shell's other tools: completion scripts for bash, zsh and
# fish (each loads, and completing `boe calc url` offers the preset), `boe
# help COMMAND`, `boe eval` reading stdin and at its calculator prompt
# (through a private tmux server), the man page's version, views and
# environment, and the README's command table.
#   BOE=build/boe bash tests/shell.sh      (from the repository root)
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit $?
}
for tool in tmux bash zsh fish groff; do
	command -v $tool >/dev/null 2>&1 || { fail "$tool is required (make deps installs it)"; finish; }
done
BASH_COMPLETION=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
[ -r "$BASH_COMPLETION" ] || { fail "bash-completion is required (make deps installs it)"; finish; }
[ -x "$BOE" ] || { fail "boe binary not found at $BOE"; finish; }
BOE=$(cd "$(dirname "$BOE")" && pwd)/$(basename "$BOE")
ROOT=$PWD
MAN=${MAN:-$(dirname "$(readlink -f "$BOE")")/boe.1}

tmp=$(mktemp -d)
SOCK=boe-shell-$$
TM="tmux -L $SOCK -f /dev/null"
cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -rf "$tmp" 2>/dev/null || { sleep 0.5; rm -rf "$tmp"; }
}
trap cleanup EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config
export BOE_PRESET_PATH=$ROOT/presets
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME" "$tmp/work" "$tmp/bin"
ln -s "$BOE" "$tmp/bin/boe"
export PATH=$tmp/bin:$PATH

# same NAME A B: A and B are equal
same() {
	if [ "$2" = "$3" ]; then pass; else fail "$1: got '${2:0:300}', expected '${3:0:300}'"; fi
}
has() {
	if printf '%s\n' "$2" | grep -qF -- "$3"; then pass; else fail "$1: '$3' not in '${2:0:400}'"; fi
}
hasnt() {
	if printf '%s\n' "$2" | grep -qF -- "$3"; then fail "$1: '$3' in '${2:0:400}'"; else pass; fi
}

# ---- boe help COMMAND ----
cmds=$(boe completion --words commands)
has "the command list" "$cmds" calc
for c in $cmds; do
	[ "$c" = help ] && continue
	a=$(boe help "$c" 2>&1); ra=$?
	b=$(boe "$c" --help 2>&1); rb=$?
	same "boe help $c is boe $c --help" "$a/$ra" "$b/$rb"
	has "boe help $c says something" "$a" usage
done
same "boe help alone is boe --help" "$(boe help)" "$(boe --help)"
for h in help --help -h; do
	out=$(boe help "$h" 2>&1); rc=$?
	same "boe help $h is boe --help" "$out/$rc" "$(boe --help)/0"
done
has "boe --help: calc's line names every format" "$(boe --help)" "text, markdown, json, yaml or html"
out=$(boe help clac 2>&1); rc=$?
same "boe help of an unknown command: exit" "$rc" 2
has "boe help of an unknown command suggests" "$out" "did you mean 'calc'"
has "boe --help names help and completion" "$(boe --help)" "completion"

# ---- eval from stdin ----
same "echo '5 KB * 3' | boe eval" "$(echo '5 KB * 3' | boe eval)" "15 KB"
same "boe eval - reads stdin" "$(echo '5 KB * 3' | boe eval -)" "15 KB"
out=$(printf 'x = 5M\n\n# a comment\nx * 3\nans / 5\npeak_qps\n' | boe eval --set dau=50M)
same "stdin: definitions, blank lines, comments, ans and a standard quantity" "$out" "$(printf '15M\n3M\n%s' "$(boe eval peak_qps --set dau=50M)")"
out=$(printf '1 + 1\n2 KB + 3 s\n3\n' | boe eval 2>"$tmp/err"); rc=$?
same "stdin: the first error stops with exit 2" "$rc" 2
same "stdin: the results before the error are printed" "$out" "2"
has "stdin: the error names its line and column" "$(cat "$tmp/err")" "stdin:2:"
out=$(printf '1+2\n' | boe eval --format json)
has "stdin: --format json" "$out" '"value": 3'
out=$(printf 'ans * 2\n' | boe eval 2>&1); rc=$?
has "stdin: ans before any result says so" "$out/$rc" "stdin:1:1: ans is the last result, and there is none yet"
hasnt "stdin: ... with no misleading suggestion" "$out" "did you mean"
out=$(echo 1 | boe eval - '2' 2>&1); rc=$?
same "eval - with expressions too: exit" "$rc" 2
out=$(boe eval </dev/null); rc=$?
same "eval with empty stdin prints nothing" "$out/$rc" "/0"
# names redefined, read, and met again after the scenario comes and after it changes
out=$(printf 'x = 1\nx + 0\nx = 5\nx * 2\ny = x * peak_qps / peak_qps\ny + x\ndau = 50M\nx + y\nx = ans\nx\n' | boe eval)
same "stdin: a redefined name is read as it is now, before and after the scenario" "$(echo $out)" "1 10 10 10 10"
# a long stream: 200,000 names, each defined from the one before, then redefined
python3 -c "
for i in range(200000): print(f'x{i} = {i} MB' if i == 0 else f'x{i} = x{i-1} + 1 MB')
print('x199999')
for i in range(200000): print(f'x{i} = {i} KB')
print('x199999 - x99999')
" >"$tmp/long.txt"
same "stdin: 400,000 definitions, read as they were made" "$(boe eval <"$tmp/long.txt" | tr '\n' ' ')" "200 GB 100 MB "

# ---- completion scripts ----
for sh in bash zsh fish; do
	boe completion $sh >"$tmp/comp.$sh"
	[ -s "$tmp/comp.$sh" ] && pass || fail "boe completion $sh printed nothing"
done
out=$(boe completion tcsh 2>&1); rc=$?
same "completion for an unknown shell: exit" "$rc" 2

# bash: the function completes as bash-completion calls it
bash_complete() { # LINE: the words offered for the last word of LINE
	bash --norc --noprofile -c '
		source "$1"; source "$2"
		line=$3
		read -ra COMP_WORDS <<<"$line"
		[ "${line: -1}" = " " ] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$line; COMP_POINT=${#line}
		_boe boe "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_COMPLETION" "$tmp/comp.bash" "$1" 2>&1
}
out=$(bash --norc --noprofile -c 'source "$1"; source "$2"; complete -p boe' _ "$BASH_COMPLETION" "$tmp/comp.bash" 2>&1)
has "bash: the script loads and registers _boe" "$out" "complete -F _boe boe"
same "bash: boe calc url" "$(bash_complete 'boe calc url')" "url-shortener"
has "bash: commands" "$(bash_complete 'boe ca')" "calc"
has "bash: options of calc" "$(bash_complete 'boe calc --fo')" "--format"
has "bash: formats" "$(bash_complete 'boe calc --format ')" "html"
hasnt "bash: formats are the command's" "$(bash_complete 'boe eval --format ')" "yaml"
has "bash: quantities after --set" "$(bash_complete 'boe calc --set peak_f')" "peak_factor="
has "bash: help COMMAND" "$(bash_complete 'boe help so')" "solve"
has "bash: presets for check" "$(bash_complete 'boe check paste')" "paste-bin"
# after --set (and --sensitivity, --for, --show): the named scenarios' own quantities too
same "bash: a preset's define after --set" "$(bash_complete 'boe calc url-shortener --set base6')" "base62_code_length="
same "bash: ... of a file" "$(bash_complete "boe compare $ROOT/presets/paste-bin.yaml --set pastes_per")" "pastes_per_year="
has "bash: ... after --sensitivity" "$(bash_complete 'boe calc url-shortener --sensitivity urls_')" "urls_5y"
same "bash: not for eval, which takes no scenario" "$(bash_complete 'boe eval url-shortener --set base6')" ""
same "bash: not from an option's value" "$(bash_complete 'boe calc --format url-shortener --set base6')" ""
# the decks for cards, the values of --difficulty and --skill, and sweep's and solve's NAME= first
same "bash: cards offers its decks" "$(bash_complete 'boe cards la')" "latency"
has "bash: ... every deck" "$(bash_complete 'boe cards ')" "powers-of-two"
same "bash: --difficulty values" "$(bash_complete 'boe practice --difficulty h')" "hard"
same "bash: --skill values" "$(bash_complete 'boe mock --skill ca')" "caching"
same "bash: sweep's INPUT= first" "$(bash_complete 'boe sweep da')" "dau="
has "bash: solve's NAME= first, an option's value aside" "$(bash_complete 'boe solve --set dau=5 serv')" "servers="
same "bash: ... a preset's own too" "$(bash_complete 'boe sweep url-shortener base6')" "base62_code_length="
same "bash: then the presets" "$(bash_complete 'boe sweep dau=1..5 url')" "url-shortener"
same "bash: nothing while the range is typed" "$(bash_complete 'boe sweep dau=1..')" ""
# --opt=VALUE: bash-completion keeps the word whole; the value is offered alone
same "bash: --format=VALUE" "$(bash_complete 'boe calc --format=ya')" "yaml"
has "bash: --format= offers every format" "$(bash_complete 'boe calc --format=')" "html"
same "bash: --set=NAME" "$(bash_complete 'boe calc --set=peak_f')" "peak_factor="
has "bash: --sensitivity=NAME" "$(bash_complete 'boe calc url-shortener --sensitivity=urls_')" "urls_5y"
same "bash: --skill=VALUE" "$(bash_complete 'boe mock --skill=ca')" "caching"
same "bash: nothing for a --set=NAME=VALUE" "$(bash_complete 'boe calc --set=dau=5')" ""
# --show takes a comma-separated list: the name after the last comma
same "bash: --show's list, the names before kept" "$(bash_complete 'boe sweep dau=1..5 --show peak_qps,servers,storage_t')" "peak_qps,servers,storage_total"
same "bash: --show=LIST" "$(bash_complete 'boe sweep dau=1..5 --show=peak_qps,cache_m')" "peak_qps,cache_memory"
same "bash: --show, the first name" "$(bash_complete 'boe sweep dau=1..5 --show cache_m')" "cache_memory"
# bash without bash-completion splits the line at '=': COMP_WORDS as it gives them
bash_plain() { # WORD...: the words offered for the last of them, with bash's own splitting
	bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_boe boe "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/comp.bash" "$@" 2>&1
}
same "bash alone: --format =ya" "$(bash_plain boe calc --format = ya)" "yaml"
has "bash alone: --format = (the cursor after the '=')" "$(bash_plain boe calc --format =)" "markdown"
same "bash alone: --set = peak_f" "$(bash_plain boe calc --set = peak_f)" "peak_factor="
same "bash alone: nothing for --set dau = 5" "$(bash_plain boe calc --set dau = 5)" ""
same "bash alone: boe calc url" "$(bash_plain boe calc url)" "url-shortener"
same "bash alone: --show = LIST" "$(bash_plain boe sweep dau=1..5 --show = peak_qps,cache_m)" "peak_qps,cache_memory"
words=$(boe completion --words quantities calc url-shortener url-shortener nosuch.yaml -)
same "completion --words quantities: a preset's define, once" "$(printf '%s\n' "$words" | grep -cx urls_5y)" "1"
has "completion --words quantities: the standard ones first" "$(printf '%s\n' "$words" | head -1)" "dau"

# boe list reads only a file's header, but lists (and offers to a shell's
# completion) only what the loader takes: a file whose header the loader
# refuses (a name that is not a slug, such as one a shell would run; an
# unknown difficulty, key or schema version; not a mapping; invalid YAML) is
# skipped with the loader's own message
mkdir -p "$tmp/evil" "$tmp/stub"
sed 's|^name: .*|name: "$(touch '"$tmp"'/ran)"|' "$ROOT/presets/url-shortener.yaml" >"$tmp/evil/evil.yaml"
sed 's|^difficulty: .*|difficulty: impossible|' "$ROOT/presets/paste-bin.yaml" >"$tmp/evil/odd.yaml"
printf 'version: "3"\nservices:\n  web: { image: nginx }\n' >"$tmp/evil/compose.yaml"
printf 'boe: 2\nname: future\n' >"$tmp/evil/future.yaml"
printf 'name: nover\ntitle: No version\n' >"$tmp/evil/nover.yaml"
printf -- '- boe: 1\n' >"$tmp/evil/seq.yaml"
printf 'just words\n' >"$tmp/evil/scalar.yaml"
: >"$tmp/evil/empty.yaml"
printf 'boe: 1\nname: broken\nset: [\n' >"$tmp/evil/broken.yaml"
printf 'boe: 1\nname: maptitle\ntitle: { a: b }\n' >"$tmp/evil/maptitle.yaml"
printf 'boe: 1\nname: &n anchored\n' >"$tmp/evil/anchor.yaml"
printf 'boe: 1\nname: dup\nname: dup2\n' >"$tmp/evil/dup.yaml"
out=$(BOE_PRESET_PATH=$tmp/evil boe list 2>&1 >/dev/null); rc=$?
same "list: skipping them is a warning (exit)" "$rc" 0
for f in "$tmp"/evil/*.yaml; do
	said=$(boe calc "$f" 2>&1 | head -n 1)
	said=${said#boe: }
	has "list skips $(basename "$f") with what calc says of it" "$out" "boe: warning: skipping $said"
done
out=$(BOE_PRESET_PATH=$tmp/evil boe list --format json)
hasnt "list --format json: not listed" "$out" "touch"
hasnt "completion --words presets: not offered" "$(BOE_PRESET_PATH=$tmp/evil boe completion --words presets)" "touch"
BOE_PRESET_PATH=$tmp/evil bash_complete 'boe calc ' >/dev/null
[ ! -e "$tmp/ran" ] && pass || fail "bash: completing presets ran a command from a preset's name"
# and the script runs nothing boe offers, nor splits or globs a file name:
# a boe that offers such words
cat >"$tmp/stub/boe" <<STUB
#!/bin/sh
printf '%s\n' '\$(touch $tmp/ran2)' '*' 'plain-word'
STUB
chmod +x "$tmp/stub/boe"
out=$(PATH=$tmp/stub:$PATH bash_complete 'boe calc ')
[ ! -e "$tmp/ran2" ] && pass || fail "bash: a word boe offered was run"
has "bash: such a word is offered as it is" "$out" "\$(touch $tmp/ran2)"
same "bash: '*' is offered once, not globbed" "$(printf '%s\n' "$out" | grep -cx '\*')" "1"
out=$(PATH=$tmp/stub:$PATH bash_complete 'boe calc --set pl')
same "bash: --set offers the word with its =" "$out" "plain-word="
out=$(cd "$tmp/work" && touch 'my scenario.yaml' && bash_complete 'boe calc my')
same "bash: a file name with a space is one word" "$out" "my scenario.yaml"

# fish: complete -C runs the completions as the shell would
fish_complete() { fish --no-config -c "source $tmp/comp.fish; complete -C '$1'" 2>&1; }
has "fish: boe calc url" "$(fish_complete 'boe calc url')" "url-shortener"
has "fish: commands" "$(fish_complete 'boe ev')" "eval"
has "fish: formats" "$(fish_complete 'boe calc --format ')" "html"
has "fish: quantities after --set" "$(fish_complete 'boe calc --set peak_f')" "peak_factor="
has "fish: a preset's define after --set" "$(fish_complete 'boe calc url-shortener --set base6')" "base62_code_length="
has "fish: cards offers its decks" "$(fish_complete 'boe cards la')" "latency"
has "fish: --skill values" "$(fish_complete 'boe mock --skill ca')" "caching"
has "fish: sweep's INPUT=" "$(fish_complete 'boe sweep da')" "dau="
has "fish: options" "$(fish_complete 'boe check --a')" "--all"
has "fish: --format=VALUE" "$(fish_complete 'boe calc --format=ya')" "--format=yaml"
has "fish: --set=NAME" "$(fish_complete 'boe calc --set=peak_f')" "--set=peak_factor="
has "fish: --show's list, the names before kept" "$(fish_complete 'boe sweep dau=1..5 --show peak_qps,cache_m')" "peak_qps,cache_memory"
has "fish: --show=LIST" "$(fish_complete 'boe sweep dau=1..5 --show=peak_qps,cache_m')" "--show=peak_qps,cache_memory"
rm -f "$tmp/ran2"
out=$(PATH=$tmp/stub:$PATH fish_complete 'boe calc ')
[ ! -e "$tmp/ran2" ] && pass || fail "fish: a word boe offered was run"
has "fish: such a word is offered as it is" "$out" "\$(touch $tmp/ran2)"

# zsh: the script loads under compinit (sourced, and from $fpath as _boe)
out=$(zsh -f -c "autoload -U compinit; compinit -u -d $tmp/zcd; source $tmp/comp.zsh; print -r -- \${_comps[boe]}" 2>&1)
same "zsh: sourced after compinit, boe completes with _boe" "$out" "_boe"
mkdir -p "$tmp/zfunc"
cp "$tmp/comp.zsh" "$tmp/zfunc/_boe"
out=$(zsh -f -c "fpath=($tmp/zfunc \$fpath); autoload -U compinit; compinit -u -d $tmp/zcd2; print -r -- \${_comps[boe]}" 2>&1)
same "zsh: from \$fpath, compinit finds _boe" "$out" "_boe"

# zsh and bash interactively, in tmux: Tab after 'boe calc url'
start() { # name command
	$TM new-session -d -s "$1" -x 100 -y 30 -c "$tmp/work" "$2" || return 1
}
screen() { $TM capture-pane -p -t "$1"; }
wait_for() {
	local i=0
	while [ $i -lt 200 ]; do
		screen "$1" | grep -Eq -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
check() {
	if wait_for "$2" "$3"; then pass; else
		fail "$1 (screen does not show /$3/)"
		screen "$2" | sed 's/^/    | /' | head -30
	fi
}
cat >"$tmp/zshrc" <<ZRC
PS1='zsh%% '
fpath=($tmp/zfunc \$fpath)
autoload -U compinit; compinit -u -d $tmp/zcd3
ZRC
mkdir -p "$tmp/zdot"
cp "$tmp/zshrc" "$tmp/zdot/.zshrc"
start zsh "env ZDOTDIR=$tmp/zdot zsh -i"
if wait_for zsh '^zsh%'; then
	# zsh_tab NAME TYPED REGEX: a fresh line, TYPED, Tab; the screen shows REGEX
	zsh_tab() {
		$TM send-keys -t zsh C-u
		$TM send-keys -t zsh -l "$2"
		$TM send-keys -t zsh Tab
		check "zsh: $1" zsh "$3"
	}
	zsh_tab "Tab after 'boe calc url' completes the preset" 'boe calc url' 'boe calc url-shortener'
	zsh_tab "Tab after --set offers the preset's define" 'boe calc url-shortener --set base6' \
		'boe calc url-shortener --set base62_code_length='
	zsh_tab "sweep's INPUT= first" 'boe sweep peak_f' 'boe sweep peak_factor=$'
	zsh_tab "cards offers its decks" 'boe cards powers' 'boe cards powers-of-two'
	zsh_tab "--skill values" 'boe practice --skill avail' 'boe practice --skill availability'
	zsh_tab "--format=VALUE" 'boe calc --format=ya' 'boe calc --format=yaml'
	zsh_tab "--set=NAME" 'boe calc --set=peak_f' 'boe calc --set=peak_factor=$'
	zsh_tab "--show's list, the names before kept" 'boe sweep dau=1..5 --show peak_qps,cache_m' \
		'boe sweep dau=1..5 --show peak_qps,cache_memory'
else
	fail "zsh did not start in tmux"
fi
# bash_tab SESSION NAME TYPED REGEX: a fresh line, TYPED, Tab; the screen shows REGEX
bash_tab() {
	$TM send-keys -t "$1" C-u
	$TM send-keys -t "$1" -l "$3"
	$TM send-keys -t "$1" Tab
	check "$2" "$1" "$4"
}
bash_start() { # SESSION SETUP: an interactive bash that has run SETUP
	start "$1" "env HISTFILE= bash --norc --noprofile -i"
	sleep 0.2
	$TM send-keys -t "$1" -l "$2"
	$TM send-keys -t "$1" Enter
}
bash_start bashi "PS1='bash\$ '; source $BASH_COMPLETION; source $tmp/comp.bash"
bash_tab bashi "bash: Tab after 'boe calc url' completes the preset" 'boe calc url' 'boe calc url-shortener'
bash_tab bashi "bash: Tab after --format=ya completes the format" 'boe calc --format=ya' 'boe calc --format=yaml'
bash_start bashp "PS1='plain\$ '; source $tmp/comp.bash"
bash_tab bashp "bash without bash-completion: Tab after --set=peak_f" 'boe calc --set=peak_f' 'boe calc --set=peak_factor=$'

# ---- the calculator prompt, on a terminal ----
# (capture-pane drops the spaces that end a line: "boe> " shows as "boe>")
start repl "env TERM=xterm-256color PS1='$ ' HISTFILE= bash --norc --noprofile"
wait_for repl '^\$' || true
$TM send-keys -t repl -l "boe eval; echo exit=\$?"
$TM send-keys -t repl Enter
check "prompt: opens" repl '^boe>'
$TM send-keys -t repl -l 'x = 5M'
$TM send-keys -t repl Enter
$TM send-keys -t repl -l 'x * 3'
$TM send-keys -t repl Enter
check "prompt: a name defined and used" repl '^15M$'
$TM send-keys -t repl -l 'ans / 5'
$TM send-keys -t repl Enter
check "prompt: ans is the last result" repl '^3M$'
$TM send-keys -t repl -l '2 KB + 1 s'
$TM send-keys -t repl Enter
check "prompt: an error is shown and the prompt comes back" repl "cannot add|dimension|mismatch"
$TM send-keys -t repl -l 'peak_q'
$TM send-keys -t repl Tab
check "prompt: Tab completes a quantity" repl '^boe> peak_qps$'
$TM send-keys -t repl Enter
check "prompt: the completed quantity evaluates" repl "^$(boe eval peak_qps | sed 's/\./\\./g')\$"
$TM send-keys -t repl -l 'downt'
$TM send-keys -t repl Tab
$TM send-keys -t repl -l '(99.9%, mon'
$TM send-keys -t repl Tab
check "prompt: Tab completes a function and a unit" repl '^boe> downtime\(99\.9%, month$'
$TM send-keys -t repl -l ')'
$TM send-keys -t repl Enter
check "prompt: the function's result" repl '^43\.2 min$'
$TM send-keys -t repl -l 'peak_'
$TM send-keys -t repl Tab Tab
check "prompt: a second Tab lists the candidates" repl 'peak_factor  .*peak_qps'
$TM send-keys -t repl C-u
$TM send-keys -t repl Up
check "prompt: Up recalls the last line" repl '^boe> downtime\(99\.9%, month\)$'
$TM send-keys -t repl Up
check "prompt: Up again, the line before" repl '^boe> peak_qps$'
$TM send-keys -t repl Down Down
check "prompt: Down back to an empty line" repl '^boe>$'
$TM send-keys -t repl -l '1 +'
$TM send-keys -t repl C-c
check "prompt: Ctrl-C drops the line" repl '^boe>$'
$TM send-keys -t repl C-d
check "prompt: Ctrl-D leaves with exit 0" repl '^exit=0$'
hist=$XDG_STATE_HOME/boe/eval_history
if [ -f "$hist" ]; then pass; else fail "prompt: no history at $hist"; fi
has "prompt: the history keeps the lines" "$(cat "$hist" 2>/dev/null)" "x = 5M"
# the next sessions each start after a mark of their own, and what they show
# is looked for below it (the screen still holds the sessions before)
after() { # MARK REGEX: wait until the screen below MARK shows REGEX
	local i=0
	while [ $i -lt 200 ]; do
		screen repl | sed -n "/^$1\$/,\$p" | grep -Eq -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
check_after() { # NAME MARK REGEX
	if after "$2" "$3"; then pass; else
		fail "$1 (the screen below $2 does not show /$3/)"
		screen repl | sed 's/^/    | /' | tail -12
	fi
}
session() { # MARK: boe eval again, at its prompt
	$TM send-keys -t repl -l "echo $1; boe eval; echo $1-exit=\$?"
	$TM send-keys -t repl Enter
	after "$1" '^boe>$' || true
}
session MARK-2
$TM send-keys -t repl Up
check_after "prompt: the history is there in the next session" MARK-2 '^boe> downtime\(99\.9%, month\)$'
$TM send-keys -t repl C-u
$TM send-keys -t repl -l 'quit'
$TM send-keys -t repl Enter
check_after "prompt: quit leaves" MARK-2 '^MARK-2-exit=0$'
# lines that arrive together (pasted, or typed ahead of a slow line) are each read: none is dropped
session MARK-P
$TM send-keys -t repl -l $'6 * 7\r5 * 5\r'
check_after "prompt: two lines pasted at once: the first is read" MARK-P '^42$'
check_after "prompt: ... and the second" MARK-P '^25$'
$TM send-keys -t repl C-d
check_after "prompt: and it leaves" MARK-P '^MARK-P-exit=0$'
# a line of the history file is shown with its control characters as '?',
# never sent to the terminal (here: clear the screen, set the window title)
printf '1+1\033[2J\033]2;HIJACKED\007\302\233\n' >"$hist"
session MARK-3
# Ctrl-U and Ctrl-K on a line not typed yet erase nothing (and touch no buffer)
$TM send-keys -t repl C-u C-k
$TM send-keys -t repl Up
check_after "prompt: a history line's controls are shown as ?" MARK-3 '^boe> 1\+1\?\[2J\?\]2;HIJACKED\?\?$'
check "prompt: ... and the screen was not cleared" repl '^MARK-2-exit=0$'
hasnt "prompt: ... nor the title set" "$($TM display-message -p -t repl '#{pane_title}')" "HIJACKED"
$TM send-keys -t repl C-u
$TM send-keys -t repl C-d
check_after "prompt: and it leaves" MARK-3 '^MARK-3-exit=0$'
# a long history: the last 1,000 lines are kept, in order
seq 1 300000 | sed 's/^/1+/' >"$hist"
session MARK-4
$TM send-keys -t repl Up
check_after "prompt: a 300,000-line history recalls its last line" MARK-4 '^boe> 1\+300000$'
$TM send-keys -t repl C-u
$TM send-keys -t repl C-d
check_after "prompt: ... and leaves" MARK-4 '^MARK-4-exit=0$'
same "prompt: the saved history is its last 1,000 lines" "$(wc -l <"$hist"),$(head -1 "$hist"),$(tail -1 "$hist")" "1000,1+299001,1+300000"
# a history that cannot be saved says why, and the session still ends well
mkdir -p "$tmp/badstate"
: >"$tmp/badstate/boe"
$TM send-keys -t repl -l "echo MARK-5; XDG_STATE_HOME=$tmp/badstate boe eval; echo MARK-5-exit=\$?"
$TM send-keys -t repl Enter
after MARK-5 '^boe>$' || true
$TM send-keys -t repl -l '1+2'
$TM send-keys -t repl Enter
after MARK-5 '^3$' || true
$TM send-keys -t repl C-d
check_after "prompt: a history it cannot save is a warning" MARK-5 "warning: the history was not saved: $tmp/badstate/boe/eval_history"
check_after "prompt: ... with the reason" MARK-5 "Not a directory"
check_after "prompt: ... and exit 0" MARK-5 '^MARK-5-exit=0$'
# two prompts at once: each keeps what the other saved while it was open
session MARK-6
$TM send-keys -t repl -l 'first_session = 1'
$TM send-keys -t repl Enter
after MARK-6 '^1$' || true
start repl2 "env TERM=xterm-256color PS1='$ ' HISTFILE= bash --norc --noprofile"
wait_for repl2 '^\$' || true
$TM send-keys -t repl2 -l "boe eval; echo second-exit=\$?"
$TM send-keys -t repl2 Enter
wait_for repl2 '^boe>' || true
$TM send-keys -t repl2 -l 'second_session = 2'
$TM send-keys -t repl2 Enter
wait_for repl2 '^2$' || true
$TM send-keys -t repl2 C-d
check "prompt: the second session leaves" repl2 '^second-exit=0$'
$TM send-keys -t repl C-d
check_after "prompt: then the first" MARK-6 '^MARK-6-exit=0$'
same "prompt: both sessions' lines are kept, in the order they were saved" \
	"$(grep -x -e 'first_session = 1' -e 'second_session = 2' "$hist" | tr '\n' ' ')" "second_session = 2 first_session = 1 "
same "prompt: ... after the 998 latest lines before them (1,000 kept)" "$(grep -c '^1+' "$hist"),$(wc -l <"$hist"),$(head -1 "$hist")" "998,1000,1+299003"

# ---- make install ----
# into a staging directory, with the binary under test as it is (-o: not rebuilt)
bdir=$(dirname "$BOE")
inst=$tmp/inst
if make -s -C "$ROOT" install DESTDIR="$inst" BUILD="$bdir" -o "$bdir/boe" >"$tmp/install.log" 2>&1; then pass; else
	fail "make install: $(tail -5 "$tmp/install.log")"
fi
prefix=$(make -s -C "$ROOT" -p -n install 2>/dev/null | sed -n 's/^PREFIX [:?]*= *//p' | head -1)
root=$inst${prefix:-/usr/local}
for f in bin/boe share/man/man1/boe.1 share/bash-completion/completions/boe share/zsh/site-functions/_boe \
	share/fish/vendor_completions.d/boe.fish share/doc/boe/README.md; do
	[ -s "$root/$f" ] && pass || fail "make install: no $f"
done
same "make install: every preset" "$(ls "$root/share/boe/presets" | wc -l)" "$(ls "$ROOT/presets" | wc -l)"
# the installed docs' links lead to installed files, and the help texts' pointers too
why=$(python3 - "$root/share/doc/boe" <<'PY'
import os, re, sys
top = sys.argv[1]
for d, _, files in os.walk(top):
    for f in files:
        if not f.endswith(".md"):
            continue
        path = os.path.join(d, f)
        for target in re.findall(r"\]\(([^)#\s]+)", open(path, encoding="utf-8").read()):
            if re.match(r"[a-z]+:", target):
                continue
            if not os.path.exists(os.path.join(d, target)):
                print(f"{os.path.relpath(path, top)} links to {target}, which is not installed")
PY
)
if [ -z "$why" ]; then pass; else fail "make install: $why"; fi
for c in calc check eval; do
	for doc in $(boe $c --help | grep -o '[a-z][a-z-]*\.md' | sort -u); do
		[ -f "$root/share/doc/boe/$doc" ] && pass || fail "boe $c --help names $doc, which make install does not install"
	done
	has "boe $c --help names where the docs are installed" "$(boe $c --help)" "${prefix:-/usr/local}/share/doc/boe"
done

# ---- the man page ----
version=$(boe --version | sed 's/^boe //')
if [ -r "$MAN" ]; then pass; else fail "no built man page at $MAN"; fi
has "man: .TH carries the version" "$(head -1 "$MAN")" "\"boe $version\""
hasnt "man: no placeholder left" "$(cat "$MAN")" "@"
# wide lines, no hyphenation, and runs of spaces squeezed: phrases stay on one line
rendered=$(groff -man -Tutf8 -rLL=400n -rHY=0 -P-cbou "$MAN" 2>/dev/null | tr -s ' ')
has "man: the rendered footer has the version" "$(printf '%s\n' "$rendered" | tail -3)" "boe $version"
# every variable the source reads (each getenv in src/), and the path variables it documents
envs=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$ROOT/src" | sed 's/getenv("\(.*\)")/\1/' | sort -u)
[ "$(printf '%s\n' "$envs" | wc -l)" -ge 10 ] && pass || fail "man: found only these getenv calls in src/: $envs"
for v in $envs BOE_PRESET_PATH BOE_CARDS_PATH; do
	has "man: ENVIRONMENT lists $v" "$(printf '%s\n' "$rendered" | sed -n '/^ENVIRONMENT/,/^FILES/p')" "$v"
done
# the views of the interface: the screens with a key of their own in src/tui/main.c
views=$(sed -n '/^const Screen screens\[/,/^};/p' "$ROOT/src/tui/main.c" | grep -cE "^\s*\[SCR_[A-Z_]*\] = \{\"[^\"]*\", '[0-9]'")
words=(zero one two three four five six seven eight nine ten eleven twelve)
has "man: the interface has ${words[$views]} views (src/tui/main.c)" "$rendered" "${words[$views]} views"
for c in $cmds; do
	has "man: the command $c" "$rendered" "boe $c"
done

# ---- the README's command table lists every option ----
table=$(sed -n '/^| command | what it does |/,/^$/p' "$ROOT/README.md" | head -40)
for c in $cmds; do
	row=$(printf '%s\n' "$table" | grep -F "| \`boe $c" | head -3)
	[ -n "$row" ] || { fail "README: no row for boe $c"; continue; }
	for o in $(boe completion --words options "$c"); do
		[ "$o" = --help ] && continue
		has "README: boe $c lists $o" "$row" "$o"
	done
done

finish
