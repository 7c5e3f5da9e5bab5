#!/usr/bin/env bash
# What-if in the interface: S on a derived quantity solves for an input and
# applies the answer as an edit that z undoes; refusals say why; the Sweep
# view (7) plots a result against an input and follows the keys that choose
# them. boe runs in a private tmux server.
# Run from the repository root:  BOE=build/boe bash tests/tui-whatif.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

. "$(dirname "$0")/lib/tmux.sh"
tui_setup whatif
export BOE_PRESET_PATH=$ROOT/presets

# ---- solve on the sheet ----
S=solve
start_shell $S xterm-256color 110 40 || fail "no shell in tmux"
text $S "$BOE; echo rc=\$?"
keys $S Enter
check "the interface opens" $S 'Traffic'
# select servers (find), then S
keys $S /
text $S servers
keys $S Enter
check "servers selected" $S '^ *servers .*= max'
keys $S S
check "S asks for a target and an input, with today's value and dau" $S 'solve servers = 8 for dau'
# clear the field and type the question
keys $S C-u
text $S "10 for dau"
keys $S Enter
# 10 servers carry origin_qps up to 9K/s: dau up to 12.96M, shown as 12.9M
check "the answer is applied and explained" $S 'dau = 12.9M: the largest dau that keeps servers at or under 10'
check "servers is now 10" $S '^ *(▸ )?servers +10 '
check "the scenario is modified" $S '\[modified\]'
keys $S g
check "dau is now 12.9M on the sheet" $S '^ *(▸ )?dau +12.9M'
keys $S z
check "z undoes the solve" $S '^ *(▸ )?dau +10M'
# a refusal says why and changes nothing
keys $S /
text $S servers
keys $S Enter
check "servers back to 8" $S '^ *(▸ )?servers +8 '
keys $S S
keys $S C-u
text $S "1 for dau"
keys $S Enter
check "an unreachable target is refused with the reason" $S 'servers is at least 2 for any dau'
check "and nothing changed" $S '^ *(▸ )?servers +8 '
# on an input, S explains what it is for
keys $S g
keys $S S
check "S on an input says to select a derived quantity" $S 'dau is an input: select a derived quantity'

# ---- the Sweep view ----
keys $S 8
check "8 opens the Sweep view" $S 'servers against dau, 1M to 100M \(log scale\)'
check "the view says where the input is now" $S 'now dau = 10M, servers = 8'
check "the view is a tab" $S ' 8 Sweep'
check "the step result's steps are summarised" $S 'servers steps from 2 to '
check "the chart is drawn" $S '█'
keys $S r
check "r picks the next result" $S 'db_connections against dau'
keys $S R
keys $S i
check "i picks the next input the result reads" $S 'servers against requests_per_user'
keys $S I
keys $S +
check "+ widens the range" $S 'servers against dau, 100K to 1B'
keys $S ?
# found by the help's search: later screens' keys (cards, mock) follow the Sweep's
keys $S /
text $S 'result to plot'
keys $S Enter
check "help lists the Sweep keys" $S 'next / previous result to plot'
keys $S g
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do keys $S j; done
check "help lists the solve key" $S 'S +solve: the input value at which the selected result reaches a target'

keys $S Escape
keys $S 1
check "back on the sheet" $S '^ *(▸ )?dau +10M'
keys $S q
check "quits" $S 'rc=0'

finish
