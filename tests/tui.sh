#!/usr/bin/env bash
# Tests the interactive interface the way a person sees it: boe runs in a
# private tmux server (tmux -L) at a fixed size, keys are sent to it, and the
# screen (capture-pane) is compared with what `boe calc` computes.
#
#   bash tests/tui.sh                 (from the repository root)
#   BOE=/path/to/boe bash tests/tui.sh
#   BOE=/path/to/boe bash tests/tui.sh --bench
#                  prints "tui first_frame_ms N" and "tui edit_ms N" (medians)
#
# Nothing outside a temporary directory is touched: HOME, XDG_DATA_HOME,
# XDG_STATE_HOME (the drill's history) and BOE_PRESET_PATH point into it. Prints one line per failure and ends with
# "N passed, N failed".

set -u

BENCH=0
[ "${1:-}" = "--bench" ] && BENCH=1
. "$(dirname "$0")/lib/tmux.sh"
tui_setup test python3
mkdir -p "$tmp/work/presets"
# Sanitizer reports go to the stderr files checked at the end. ncurses leaks
# a few bytes when it sets up GPM for the mouse on TERM=linux; full stacks
# let the suppression name it.
printf 'leak:mousemask_sp\n' >"$tmp/lsan.supp"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp:print_suppressions=0"

FIX=$tmp/presets/test-shop.yaml
cat >"$FIX" <<'EOF'
boe: 1
name: test-shop
title: Test Shop
difficulty: easy
source: tests/tui.sh
summary: a shop for the interface tests
notes: |
  The numbers are round so a person can check them.
set:
  dau: 5M
  requests_per_user: 20 / day
  reads_per_write: 10
  object_size: 2 KB
define:
  orders_per_day: avg_write_qps * day
expect:
  avg_write_qps: { value: 105/s, tolerance: 5% }
availability:
  tiers:
    - { name: web tier, availability: 99.9%, replicas: 2 }
    - { name: database, availability: 99.95% }
latency_budget:
  target: 200 ms
  hops:
    - { name: edge, time: 20 ms }
    - { name: app server, time: 50 ms }
EOF
cat >"$tmp/presets/alpha-chat.yaml" <<'EOF'
boe: 1
name: alpha-chat
title: Alpha Chat
difficulty: medium
summary: messages for everyone
set:
  dau: 1M
EOF
cat >"$tmp/presets/beta-video.yaml" <<'EOF'
boe: 1
name: beta-video
title: Beta Video
difficulty: hard
summary: streaming at scale
set:
  dau: 2M
EOF
# a ./presets in the working directory is not searched (and not shipped): only
# BOE_PRESET_PATH, the user's and the installed presets, and this source tree's
cp "$tmp/presets/alpha-chat.yaml" "$tmp/work/presets/"
REPO=$(pwd)

# ---- tmux helpers (start_shell, keys, text, screen, wait_for, check, check_not: tests/lib/tmux.sh) ----

S=main
# The line of the sheet for quantity $2.
row() { screen "$1" | grep -E "^. $2 " | head -1; }
# The number part of a quantity's display in `boe calc --format json`: "34.7K/s" -> "34.7K".
num() { # jsonfile name
	python3 - "$1" "$2" <<'EOF'
import json, re, sys
q = json.load(open(sys.argv[1]))["scenarios"][0]["quantities"][sys.argv[2]]
m = re.match(r"\$?-?[0-9.,]+[KMBT]?", q["display"])
print(m.group(0) if m else q["display"])
EOF
}
# Both JSON files hold the same values for every quantity.
same_values() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))["scenarios"][0]["quantities"]
b = json.load(open(sys.argv[2]))["scenarios"][0]["quantities"]
bad = [k for k in a if k not in b or abs(a[k]["value"] - b[k]["value"]) > 1e-9 * max(1, abs(a[k]["value"]))]
if bad:
    print("differ: " + ", ".join(bad[:8]))
    sys.exit(1)
EOF
}
# Selects a quantity with / so its row is on screen.
goto() { # session quantity
	text "$1" "/$2"
	keys "$1" Enter
	wait_for "$1" "$2 · " 5
}
row_has() { # name session quantity number
	local r
	goto "$2" "$3"
	for _ in $(seq 1 100); do
		r=$(row "$2" "$3")
		case "$r" in *" $4 "*) pass; return ;; esac
		sleep 0.05
	done
	fail "$1 ($3 should show $4; row: '$r')"
}
# After boe quits: the shell got the exit status and the terminal is sane.
SANE='echo "rc=$?"; stty -a | tr " ;" "\n\n" | grep -cx -e icanon -e echo | sed "s/^/sane=/"'

# ---- not a terminal ----

out=$("$BOE" tui "$FIX" 2>"$tmp/err0" </dev/null)
rc=$?
if [ $rc = 2 ] && [ -z "$out" ] && [ "$(wc -l <"$tmp/err0")" = 1 ] && grep -q "boe calc" "$tmp/err0"; then
	pass
else
	fail "stdout not a terminal: want exit 2 and a one-line hint naming boe calc (got $rc: $(cat "$tmp/err0"))"
fi
"$BOE" >/dev/null 2>"$tmp/err0b" </dev/null
[ $? = 2 ] && pass || fail "'boe' with no terminal should exit 2"

if [ $BENCH = 1 ]; then
	start_shell bench xterm-256color || { echo "FAIL tmux did not start"; exit 1; }
	for i in 1 2 3 4 5; do
		text bench "BOE_TUI_TIMING=$tmp/timing $BOE tui $FIX 2>/dev/null; echo done$i"
		keys bench Enter
		wait_for bench 'Test Shop' 10
		keys bench +
		wait_for bench 'z undoes' 5
		keys bench z
		wait_for bench 'undone' 5
		keys bench q
		wait_for bench "^done$i" 10
	done
	python3 - "$tmp/timing" <<'EOF'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    f = line.split()
    t.setdefault(f[0], []).append(float(f[1]))
for k in ("first_frame_ms", "edit_ms"):
    v = t.get(k, [])
    if v:
        print("tui %s %.2f (median of %d, max %.2f)" % (k, statistics.median(v), len(v), max(v)))
EOF
	exit 0
fi

# ---- the main session ----

if ! start_shell $S xterm-256color; then
	fail "tmux did not start a shell"
	finish
fi
"$BOE" calc "$FIX" --format json >"$tmp/before.json"
"$BOE" calc "$FIX" --set dau=50M --format json >"$tmp/after.json"
"$BOE" calc "$FIX" --set dau=100M --format json >"$tmp/after2.json"

text $S "BOE_TUI_TIMING=$tmp/timing $BOE tui $FIX 2>$tmp/err1; $SANE"
keys $S Enter
check "header shows the title" $S 'boe .* Test Shop'
check "header shows the summary and source" $S 'a shop for the interface tests'
check "sections are listed" $S '^ Traffic .*─'
for q in peak_qps avg_write_qps servers; do
	row_has "the preset's numbers appear" $S $q "$(num "$tmp/before.json" $q)"
done
goto $S orders_per_day
check "the define is listed" $S '^. orders_per_day .*= avg_write_qps × day'
goto $S dau
check "the key bar shows the keys" $S 'Enter edit .*q quit'
check "the explanation pane explains dau" $S 'dau · Traffic'
check "the pane says what depends on dau" $S 'used by: request_rate, concurrent_users'

# export, before any change: the same bytes as boe calc --format markdown
keys $S e
check "export proposes a path" $S 'export the report \(\.md, \.html, \.\.\.\) to: test-shop.md'
keys $S Enter
check "export reports success" $S 'exported the report to test-shop.md'
"$BOE" calc "$FIX" --format markdown >"$tmp/calc.md"
if cmp -s "$tmp/calc.md" "$tmp/work/test-shop.md"; then pass; else
	fail "exported report differs from boe calc --format markdown"
fi
keys $S e
wait_for $S 'export the report' 5
keys $S Enter
check "export asks before overwriting" $S 'test-shop.md exists. Overwrite it\? \[y/N\]'
keys $S n
check "declining leaves the file" $S 'not overwritten'
# a name's extension gives the format, as with boe calc -o: the same bytes as calc --format
for pair in html:html json:json yaml:yaml txt:text; do
	ext=${pair%%:*}
	keys $S e
	wait_for $S 'export the report' 5
	keys $S C-u
	text $S "test-shop.$ext"
	keys $S Enter
	check "export to .$ext reports success" $S "exported the report to test-shop.$ext"
	"$BOE" calc "$FIX" --format "${pair#*:}" >"$tmp/calc.$ext"
	if cmp -s "$tmp/calc.$ext" "$tmp/work/test-shop.$ext"; then pass; else
		fail "export to .$ext differs from boe calc --format ${pair#*:}"
	fi
done
keys $S E
wait_for $S 'its charts beside it' 5
keys $S C-u
text $S page.html
keys $S Enter
check "E to an .html name: not written, the charts are inline there" $S 'not written: the charts go beside a markdown report'
if [ ! -e "$tmp/work/page.html" ]; then pass; else fail "E to page.html wrote it"; fi

# E: the report with its charts beside it, the same files as calc -o --charts
keys $S E
check "E proposes a path" $S 'export the report, its charts beside it, to: test-shop.md'
keys $S C-u
text $S charts/shop.md
mkdir -p "$tmp/work/charts"
keys $S Enter
check "E says what it wrote" $S 'exported the report to charts/shop.md and its [0-9]+ charts beside it'
mkdir -p "$tmp/cli"
"$BOE" calc "$FIX" -o "$tmp/cli/shop.md" --charts
for f in "$tmp"/cli/*; do
	b=$(basename "$f")
	if cmp -s "$f" "$tmp/work/charts/$b"; then pass; else fail "E: $b differs from calc -o --charts (or is missing)"; fi
done
if [ "$(ls "$tmp/work/charts")" = "$(ls "$tmp/cli")" ]; then pass; else
	fail "E wrote $(ls "$tmp/work/charts" | tr '\n' ' '), calc --charts $(ls "$tmp/cli" | tr '\n' ' ')"
fi
before_svg=$(cat "$tmp/work/charts/shop-traffic.svg")
keys $S E
wait_for $S 'its charts beside it' 5
keys $S C-u
text $S charts/shop.md
keys $S Enter
check "E asks before replacing the report or a chart" $S 'charts/shop.md or one of its charts exists. Overwrite them\? \[y/N\]'
keys $S y
check "E replaces them when told" $S 'exported the report to charts/shop.md'
ls "$tmp/work/charts" | grep -q '\.tmp' && fail "E left temporary files" || pass

# find and edit dau
text $S /
check "find opens a prompt" $S ' find:'
text $S peak_q
keys $S Enter
check "find selects the quantity" $S 'peak_qps · Traffic'
text $S /dau
keys $S Enter
check "find goes back to dau" $S 'dau · Traffic'
keys $S Enter
check "Enter edits with the expression prefilled" $S '^. dau +5M *$'
keys $S C-u
text $S 50M
keys $S Enter
check "the edit is applied" $S 'dau = 50M'
for q in peak_qps servers avg_write_qps; do
	row_has "editing dau updates $q" $S $q "$(num "$tmp/after.json" $q)"
done
if [ "$(num "$tmp/before.json" servers)" != "$(num "$tmp/after.json" servers)" ]; then pass; else
	fail "the test edit should change servers"
fi
check "changed numbers are marked" $S '^  peak_qps .*▲'
check "the header says modified" $S '\[modified\]'

# an invalid entry shows an error and changes nothing
keys $S Enter
keys $S C-u
text $S "20 MBs"
keys $S Enter
check "an invalid entry shows the error inline" $S "\^ unknown unit 'MBs' \(did you mean 'MB/s'\?\)"
keys $S Escape
check "Esc cancels the edit" $S 'edit cancelled'
row_has "an invalid entry changes nothing" $S dau 50M
row_has "an invalid entry leaves peak_qps" $S peak_qps "$(num "$tmp/after.json" peak_qps)"

# nudges, undo, redo
goto $S dau
keys $S +
check "+ doubles the input" $S 'dau = 100M'
# the numbers that moved are highlighted (yellow background), for a moment only
if $TM capture-pane -p -e -t $S | grep -q $'\e\[[0-9;]*43m'; then pass; else
	fail "changed numbers are not highlighted"
fi
faded=0
for _ in $(seq 1 80); do
	$TM capture-pane -p -e -t $S | grep -q $'\e\[[0-9;]*43m' || { faded=1; break; }
	sleep 0.05
done
[ $faded = 1 ] && pass || fail "the highlight of changed numbers does not fade"
row_has "doubling dau updates servers" $S servers "$(num "$tmp/after2.json" servers)"
keys $S z
check "z undoes" $S 'undone: dau = 50M'
row_has "undo restores servers" $S servers "$(num "$tmp/after.json" servers)"
keys $S Z
check "Z redoes" $S 'redone: dau = 100M'
keys $S r
check "r resets to the file's value" $S 'dau is back to 5M'
row_has "reset restores servers" $S servers "$(num "$tmp/before.json" servers)"
goto $S dau
keys $S z
check "a reset is undone like an edit" $S 'undone: dau = 100M'
keys $S z
check "undo steps back through every change" $S 'undone: dau = 50M'

# units
keys $S u
check "u switches units" $S 'SI bits'
keys $S u u u
check "u cycles back" $S 'SI bytes'

# save: valid YAML that boe calc reads back to the same numbers
keys $S s
check "save proposes the user presets directory" $S "save the scenario as: $XDG_DATA_HOME/boe/presets/test-shop.yaml"
keys $S C-u
text $S "$REPO/presets/mine.yaml"
keys $S Enter
check "save refuses a shipped preset directory" $S 'among the shipped presets'
[ ! -e "$REPO/presets/mine.yaml" ] && pass || fail "saved into the shipped presets"
keys $S s
wait_for $S 'save the scenario as' 5
keys $S Enter
check "save reports success" $S 'saved .*test-shop.yaml'
saved=$XDG_DATA_HOME/boe/presets/test-shop.yaml
if "$BOE" calc "$saved" --format json >"$tmp/saved.json" 2>"$tmp/saved.err"; then
	if msg=$(same_values "$tmp/after.json" "$tmp/saved.json"); then pass; else
		fail "the saved scenario computes other numbers: $msg"
	fi
else
	fail "boe calc cannot read the saved scenario: $(head -3 "$tmp/saved.err")"
fi
check_not "saving clears modified" $S '\[modified\]'

# the views
keys $S 2
check "charts: the day's traffic" $S 'Requests over a day'
check "charts: average and peak marked" $S 'avg [0-9.]+K/s'
check "charts: storage growth" $S 'Storage over the retention period'
keys $S 3
check "availability: tiers" $S 'web tier +99.9% +2'
check "availability: composite against the SLA" $S 'meets the SLA|misses the SLA'
keys $S 4
check "latency: the budget" $S 'Latency budget: 70 ms of 200 ms'
check "latency: the hops" $S 'app server +50 ms'
keys $S 5
check "notes: checks" $S 'avg_write_qps'
keys $S '?'
check "help lists every key" $S 'Everywhere'
keys $S Escape
keys $S 1
check "back to the sheet" $S '^ Traffic'

# a click selects, the wheel scrolls
y=$(screen $S | grep -n '^  peak_qps ' | head -1 | cut -d: -f1)
if [ -n "$y" ]; then
	text $S $'\e[<0;5;'"$y"'M'
	text $S $'\e[<0;5;'"$y"'m'
	check "a click selects a row" $S 'peak_qps · Traffic'
else
	fail "peak_qps is not on the screen"
fi

keys $S g
wait_for $S '^ Traffic ─' 5
for _ in 1 2 3; do text $S $'\e[<65;5;10M'; done
check "the wheel scrolls the list" $S '^. (storage|raw_storage|replication|object_size|retention)'
check_not "the wheel scrolled the first section away" $S '^ Traffic ─'
# an escape sequence curses does not know is not read as keys
text $S $'\e[5+G'
check_not "an unknown escape sequence is not read as keys" $S 'j k scroll'
check "an unknown escape sequence leaves the sheet" $S 'Enter edit'


# the picker filters
keys $S p
check "p opens the picker" $S 'Open a preset'
check "the picker lists the presets" $S 'alpha-chat +medium +Alpha Chat'
check "the picker shows the scope" $S 'Beta Video · streaming at scale'
text $S streaming
check "typing filters" $S ' 1 of [0-9]+$'
check_not "the filter hides what does not match" $S 'alpha-chat'
check "the filter keeps what matches" $S 'beta-video +hard +Beta Video'
keys $S Enter
check "Enter opens the preset" $S 'boe .* Beta Video'

# resize to 30x10 and back
$TM resize-window -t $S -x 30 -y 10
check "a small terminal shows a notice" $S 'too small'
$TM resize-window -t $S -x 100 -y 40
check "growing back redraws" $S 'boe .* Beta Video'
check "growing back redraws the sheet" $S '^  peak_qps '

# q asks when there are unsaved changes, then the terminal is normal again
keys $S +
wait_for $S 'z undoes' 5
keys $S q
check "q asks about unsaved changes" $S 'Unsaved changes'
keys $S q
check "q quits with status 0" $S '^rc=0'
check "q leaves the terminal in its normal mode" $S '^sane=2'

# timings for make bench
if grep -q '^first_frame_ms ' "$tmp/timing" 2>/dev/null && grep -q '^edit_ms ' "$tmp/timing"; then pass; else
	fail "BOE_TUI_TIMING wrote no first_frame_ms / edit_ms lines"
fi

# ---- SIGTERM and Ctrl-C ----

keys $S C-l
text $S "clear; sh -c 'echo \$\$ >$tmp/pid; exec $BOE tui $FIX 2>$tmp/err2'; $SANE"
keys $S Enter
check "boe starts again" $S 'boe .* Test Shop'
kill -TERM "$(cat "$tmp/pid")"
check "SIGTERM ends boe" $S '^rc=143'
check "SIGTERM leaves the terminal in its normal mode" $S '^sane=2'

text $S "clear; $BOE tui $FIX 2>$tmp/err3; $SANE"
keys $S Enter
check "boe starts once more" $S 'boe .* Test Shop'
keys $S C-c
check "Ctrl-C ends boe" $S '^rc=130'
check "Ctrl-C leaves the terminal in its normal mode" $S '^sane=2'

# a fatal error (the core aborts, e.g. out of memory) also restores the terminal
text $S "clear; sh -c 'echo \$\$ >$tmp/pid; exec $BOE tui $FIX 2>/dev/null'; $SANE"
keys $S Enter
check "boe starts for the fatal error" $S 'boe .* Test Shop'
kill -ABRT "$(cat "$tmp/pid")"
check "a fatal error ends boe" $S '^rc=134'
check "a fatal error leaves the terminal in its normal mode" $S '^sane=2'

# ---- the interview drill (d) ----

# The name in the line of question N on the screen: "Q3 [peak_qps] ..." -> peak_qps.
qname() { screen "$1" | sed -n "s/^ Q$2 \[\([a-z0-9_]*\)\].*/\1/p" | head -1; }
# An answer the drill reads: the quantity's value (from boe calc) times FACTOR, in base units.
answer() { # name factor
	python3 - "$tmp/before.json" "$1" "$2" <<'EOF'
import json, sys
q = json.load(open(sys.argv[1]))["scenarios"][0]["quantities"][sys.argv[2]]
u = q["unit"]
print(("%.10g %s" % (q["value"] * float(sys.argv[3]), u[1:] if u.startswith("1/") else u)).strip())
EOF
}
HISTORY=$XDG_STATE_HOME/boe/history.jsonl
history_lines() { if [ -e "$HISTORY" ]; then wc -l <"$HISTORY" | tr -d ' '; else echo 0; fi; }

start_shell drill xterm-256color
text drill "$BOE tui $FIX 2>$tmp/err-drill; $SANE"
keys drill Enter
check "boe starts for the drill" drill 'boe .* Test Shop'
keys drill d
check "d first asks for the drill's options" drill '^ Drill options: '
check "the options: questions, time limit, seed" drill '^ > Questions '
check "the options: the time limit is for the whole drill" drill '^   Time limit .*for the whole drill'
keys drill Enter
check "Enter on the options opens the drill at its first question" drill '^ Q1 \[[a-z_]+\] '
check "the drill is a tab" drill ' 6 Drill'
check "the drill states the scope" drill '^ Scope: a shop for the interface tests'
check "the drill lists the givens" drill '^   daily active users: 5M'
check "the drill lists the assumed figures" drill '^ Assume \(state these; change them if you disagree\):'
check "the drill shows its seed" drill '^ Seed: [0-9]+$'
check "the key bar shows the drill's keys" drill 'Enter answer .*skip move on'
q=$(qname drill 1)
text drill "$(answer "$q" 1)"
keys drill Enter
check "a correct answer is graded exact" drill '^   exact .*\| 2 points \|'
check "the grade gives the correct value and its derivation" drill "^     answer [^:]+: $q = "
check "the next question is asked" drill '^ Q2 \['
# the field takes the keys that are global elsewhere
text drill q
check "q goes into the answer field" drill '^ > q *$'
check_not "q in the answer field does not quit" drill '^rc='
keys drill C-u
q=$(qname drill 2)
text drill "$(answer "$q" 1000)"
keys drill Enter
check "a wildly wrong answer is graded off" drill '^   off 1,?000x too high'
check "the slip is named: a prefix off by 1000" drill '^   off 1,?000x too high .*; a prefix off by 1000'
check "the third question is asked" drill '^ Q3 \['
text drill "5 GB"
keys drill Enter
check "GB for a rate is graded wrong-unit" drill '^   wrong-unit you said 5 GB \(data\)'
q=$(qname drill 4)
text drill '?'
keys drill Enter
check "? shows the first rung of hints" drill "^   hint 1/3: [A-Z]"
text drill "twelve GB"
keys drill Enter
check "an unreadable answer says why" drill "cannot read 'twelve GB'"
check "an unreadable answer keeps the text" drill '^ > twelve GB *$'
check_not "an unreadable answer does not move on" drill '^ Q5 \['
keys drill C-u
text drill skip
keys drill Enter
check "skip is graded skipped" drill '^   skipped \| 0 points'
check "after skip the next question" drill '^ Q5 \['
if $TM capture-pane -p -e -t drill | grep -q $'\e\[[0-9;]*3[1-7]mexact'; then pass; else
	fail "the grade word exact is not coloured"
fi
keys drill Escape
check "Esc leaves the drill for the sheet" drill '^  peak_qps '
keys drill d
check "d resumes the drill in progress" drill '^ Q5 \['
check "the transcript is kept" drill '^   skipped \| 0 points'
# the smallest size: the question and the field stay in view
$TM resize-window -t drill -x 60 -y 16
check "at 60x16 the question stays in view" drill '^ Q5 \['
check "at 60x16 the answer field stays in view" drill '^ > *$'
check "at 60x16 every tab shows" drill '6 Drill'
$TM resize-window -t drill -x 100 -y 40
keys drill PPage PPage PPage PPage PPage PPage PPage PPage
check "PgUp scrolls the transcript back" drill '^ Practice: Test Shop \[test-shop\]'
check "the question stays while scrolled" drill '^ Q5 \['
keys drill NPage NPage NPage NPage NPage NPage NPage NPage
text drill quit
keys drill Enter
check "quit ends the drill with the score" drill '^ score: 2/[0-9]+$'
check "the drill says where the history went" drill "history: appended to $HISTORY"
[ "$(history_lines)" = 1 ] && pass || fail "the drill should append one history line (has $(history_lines))"
if python3 - "$HISTORY" <<'EOF'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
g = [a["grade"] for a in r["questions"]]
ok = r["preset"] == "test-shop" and r["points"] == 2 and g[:4] == ["exact", "off", "wrong-unit", "skipped"]
sys.exit(0 if ok else 1)
EOF
then pass; else fail "the history line does not hold the drill: $(head -c 300 "$HISTORY")"; fi
stats=$("$BOE" practice --stats 2>&1)
case "$stats" in *"1 drill, 4 graded answers"*) pass ;; *) fail "boe practice --stats does not read the drill back: $(echo "$stats" | head -3)" ;; esac
keys drill n
check "n asks for the options again" drill '^ Drill options: '
keys drill Enter
check "n starts a new drill" drill '^ Q1 \['
check_not "the new drill starts with a clean transcript" drill 'score: '
keys drill Escape
check "Esc leaves the new drill" drill '^  peak_qps '
keys drill q
check "q quits after the drill" drill '^rc=0'
check "the drill leaves the terminal in its normal mode" drill '^sane=2'
[ "$(history_lines)" = 1 ] && pass || fail "a drill with no answer should not be saved (history has $(history_lines) lines)"

# C-d in an empty field ends the drill; leaving boe saves one answered in part
text drill "clear; $BOE tui $FIX 2>$tmp/err-drill2; $SANE"
keys drill Enter
check "boe starts for a second drill" drill 'boe .* Test Shop'
keys drill 6 Enter
check "6 opens the drill" drill '^ Q1 \['
text drill "$(answer "$(qname drill 1)" 1.5)"
keys drill Enter
check "within a factor of 2 is graded close" drill '^   close \+50.0%'
keys drill C-d
check "C-d ends the drill" drill '^ score: 1/[0-9]+$'
[ "$(history_lines)" = 2 ] && pass || fail "C-d should save the drill (history has $(history_lines) lines)"
keys drill n Enter
check "n after the end starts again" drill '^ Q1 \['
text drill "$(answer "$(qname drill 1)" 1)"
keys drill Enter
check "the new drill grades" drill '^   exact '
keys drill C-n Enter
check "C-n starts over, saving the drill answered in part" drill 'the one before was scored and saved'
check "C-n asks the first question again" drill '^ Q1 \['
[ "$(history_lines)" = 3 ] && pass || fail "C-n should save the drill before (history has $(history_lines) lines)"
text drill "$(answer "$(qname drill 1)" 1)"
keys drill Enter
check "the third drill grades" drill '^   exact '
keys drill Escape
keys drill q
check "quitting boe mid-drill" drill '^rc=0'
[ "$(history_lines)" = 4 ] && pass || fail "quitting boe should save a drill answered in part (history has $(history_lines) lines)"

# a history that cannot be written is reported, and the drill still ends
: >"$tmp/state-file"
text drill "clear; XDG_STATE_HOME=$tmp/state-file $BOE tui $FIX 2>$tmp/err-drill3; $SANE"
keys drill Enter
check "boe starts with an unusable state directory" drill 'boe .* Test Shop'
keys drill d Enter
check "the drill starts without a history" drill '^ Q1 \['
text drill skip
keys drill Enter
text drill quit
keys drill Enter
check "the drill says the history was not saved" drill '^ history: not saved: '
check "and still shows the score" drill '^ score: 0/[0-9]+$'
keys drill q
check "boe quits after an unsaved drill" drill '^rc=0'

# the options before a drill: a count, a time limit for the whole drill (time left shown), a seed
text drill "clear; $BOE tui $FIX 2>$tmp/err-drill4; $SANE"
keys drill Enter
keys drill d
check "the options form is shown" drill '^ Drill options: '
text drill x
keys drill Enter
check "a count that does not read is refused, saying why" drill 'Questions: a whole number from 1 to 1000'
check "and the form stays" drill '^ Drill options: '
keys drill BSpace
text drill 2
keys drill Down
text drill "8 min"
keys drill Down
text drill 7
keys drill Enter
check "the drill asks the count chosen" drill '^ 2 questions, 2 points each'
check "the seed chosen is shown" drill '^ Seed: 7; time left: 8 min 0 s of 8 min 0 s'
check "the time left is shown while answering" drill ' time left: [0-9]+ min [0-9]+ s of 8 min 0 s'
text drill quit
keys drill Enter
keys drill q
check "boe quits after the timed drill" drill '^rc=0'


# ---- boe practice on a terminal: the line editor ----
# (Q1 avg_qps is 1K/s, Q2 peak_qps 2K/s in this drill)
cat >"$tmp/t-drill.yaml" <<'EOF'
boe: 1
name: t-drill
title: Test drill
set:
  dau: 8.64M
  requests_per_user: 10 / day
  reads_per_write: 9
  peak_factor: 2
EOF
start_shell le xterm-256color
text le "$BOE practice $tmp/t-drill.yaml --seed 1 --no-history; $SANE"
keys le Enter
check "practice on a terminal prompts" le '^> ?$'
text le "1/s"
keys le Left Left
text le K
keys le Home
text le "~"
keys le End
check "the line editor moves and inserts" le '^> ~1K/s$'
keys le Enter
check "the edited answer is graded" le '^exact \+0.0% \(you said 1K/s\)'
check_not "no escape codes in the answer" le '\[D|\^\['
text le "garbage"
keys le C-a
text le "x"
keys le C-e BSpace
check "Ctrl-A, Ctrl-E and Backspace edit the line" le '^> xgarbag$'
keys le C-u
text le "2K"
keys le Enter
check "Ctrl-U clears the line" le '^exact \+0.0% \(you said 2K/s\)'
text le "lots"
keys le Enter
check "on a terminal an unreadable line is asked again" le "^cannot read 'lots'"
check_not "on a terminal it is not graded unreadable" le '^unreadable'
keys le C-c
check "Ctrl-C ends the drill with the score" le '^score: 4/22$'
check "Ctrl-C restores the terminal" le '^sane=2'
text le "clear; ($BOE practice $tmp/t-drill.yaml --seed 1 --no-history & sleep 0.5; kill -TERM \$!; wait \$!); $SANE"
keys le Enter
check "SIGTERM ends the drill with the score" le '^score: 0/22$'
check "SIGTERM restores the terminal" le '^sane=2'
$TM kill-session -t le 2>/dev/null

# ---- terminal types: each draws and quits cleanly ----

n=0
for term in xterm-256color screen tmux-256color linux vt100; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		fail "no terminfo entry for TERM=$term (ncurses-base has it: is the system missing its terminfo?)"
		continue
	fi
	n=$((n + 1))
	s=term$n
	start_shell $s $term || { fail "no shell for TERM=$term"; continue; }
	text $s "$BOE tui $FIX 2>$tmp/err-$term; $SANE"
	keys $s Enter
	check "TERM=$term draws the sheet" $s '^  peak_qps '
	case $term in vt100) check "TERM=vt100 draws with ASCII" $s '^ Traffic -----' ;; esac
	keys $s q
	check "TERM=$term quits cleanly" $s '^sane=2'
done

# a terminal that cannot place the cursor gets a message, not a mess
start_shell dumb dumb
text dumb "$BOE tui $FIX 2>&1; $SANE"
keys dumb Enter
check "TERM=dumb is refused with a hint" dumb "cannot place the cursor; use 'boe calc'"
check "TERM=dumb exits 2" dumb '^rc=2'

# NO_COLOR and plain ASCII still show everything
start_shell mono xterm-256color
text mono "NO_COLOR=1 BOE_ASCII=1 $BOE tui $FIX 2>$tmp/err-mono; $SANE"
keys mono Enter
check "NO_COLOR with ASCII draws the sheet" mono '^> dau +5M'
keys mono 4
check "the latency bar in ASCII" mono '#####'
keys mono d Enter
check "the drill in ASCII" mono '^   daily active users: 5M'
check "the drill's question without colour" mono '^ Q1 \['
keys mono Escape
keys mono q
check "NO_COLOR quits cleanly" mono '^sane=2'

# text from files never reaches the terminal raw
printf 'boe: 1\nname: evil\ntitle: "Evil \\e[31mRed\\a \\e]0;pwned\\a Title"\n' >"$tmp/evil.yaml"
text mono "clear; $BOE tui $tmp/evil.yaml 2>$tmp/err-evil; $SANE"
keys mono Enter
check "control characters in a title are shown as ?" mono 'Evil \?\[31mRed\? \?\]0;pwned\? Title'
keys mono q
check "the hostile title's run exits 0" mono '^rc=0'
check "the hostile title's run restores the terminal" mono '^sane=2'
# an OSC 0 that reached the terminal would have set the pane's title
if $TM display-message -p -t mono '#{pane_title}' | grep -q pwned; then fail "the file set the terminal's title"; else pass; fi

# ---- nothing on stderr (sanitizer reports land there) ----

for f in "$tmp"/err1 "$tmp"/err2 "$tmp"/err3 "$tmp"/err-*; do
	[ -e "$f" ] || continue
	if [ -s "$f" ]; then
		fail "stderr of a run is not empty: $(basename "$f"): $(head -5 "$f")"
	else
		pass
	fi
done

finish
