#!/usr/bin/env bash
# The interface as a workbench (issue 11), tested as a person uses it: boe runs
# in a private tmux server at 80x24 and 60x16 (and wider where width matters),
# keys are sent and the screen is read. Covered: the headline results on the
# first screen, the key bar at 80 columns, [ ] and Backspace, the whole path
# upstream, "formula replaced by the scenario", editing a derived formula,
# adding and removing a quantity, the baseline column and its export, editing,
# adding and removing tiers and hops (and the target) with undo, redo and a
# save read back by boe calc, implausible values flagged, scrolling in every
# view, the prompts' [y/N], the picker kept through F1 and Esc, counts, n N,
# C-d C-u, the help searched, nudges that do not nest, one system of prefixes
# per line, the downtime bar to scale with a glyph per tier, tier names at
# full width, the traffic shapes and the peak's time at two widths.
# Run from the repository root:  BOE=build/boe bash tests/tui-workbench.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

. "$(dirname "$0")/lib/tmux.sh"
tui_setup wb
printf 'leak:mousemask_sp\n' >"$tmp/lsan.supp"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp:print_suppressions=0"

# a digit alone opens its view after a moment: wait for it
view() { keys "$1" "$2"; sleep 0.6; }
# quits boe in session $1 (dropping unsaved changes) and waits for the shell
quit() {
	keys "$1" q
	sleep 0.2
	if screen "$1" | grep -q 'Unsaved changes'; then keys "$1" q; fi
	wait_for "$1" '^rc=' 5 || fail "boe did not quit in $1"
}

cat >"$tmp/work/shop.yaml" <<'EOF'
boe: 1
name: wb-shop
title: Workbench Shop
set:
  dau: 5M
  requests_per_user: 20 / day
  reads_per_write: 10
  avg_write_qps: 100M / month
define:
  orders_per_day: avg_write_qps * day
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
cat >"$tmp/work/kib.yaml" <<'EOF'
boe: 1
name: kib
set:
  object_size: 512 KiB
EOF
cat >"$tmp/work/long.yaml" <<'EOF'
boe: 1
name: long-names
availability:
  tiers:
    - { name: a tier with a name of well over forty columns, availability: 99.9% }
latency_budget:
  target: 100 ms
  hops:
    - { name: a hop with a name of well over forty columns too, time: 10 ms }
EOF
cp "$ROOT/presets/whatsapp-chat.yaml" "$ROOT/presets/ticketmaster.yaml" "$tmp/presets/"

# ================= 80x24 =================
S=w80
start_shell $S xterm-256color 80 24 || fail "no shell in tmux"
text $S "$BOE tui shop.yaml; echo rc=\$?"
keys $S Enter
check "the sheet opens" $S 'Workbench Shop'

# at a glance
check "headline: peak QPS, storage, egress on the first screen" $S '^ peak [0-9.]+K/s +storage [0-9.]+ [TGP]B +egress [0-9.]+ [MGK]B/s'
check "headline: servers, cache memory" $S 'servers [0-9]+ +cache [0-9.]+ [GMT]B'
check "headline: shards, availability against the SLA, monthly cost" $S 'shards [0-9]+ +avail 99\.[0-9]+% . SLA 99\.9% +cost \$'
check "the key bar shows export, save and the views at 80 columns" $S 'e export s save Tab views'
check "the list starts under the headline" $S '^ Traffic ─'

# follow the chain
keys $S /
text $S peak_qps
keys $S Enter
check "find selects peak_qps" $S '^▸ peak_qps '
keys $S '['
check "[ goes to the first dependency" $S '^▸ peak_read_qps '
check "[ says where it is in the chain" $S 'peak_qps depends on 1 of 2: peak_read_qps'
keys $S '['
check "[ again goes to the next dependency" $S '^▸ peak_write_qps '
keys $S BSpace
check "Backspace goes back along the way" $S '^▸ peak_qps '
keys $S g
keys $S ']'
check "] goes to what uses it" $S '^▸ request_rate '
check "] says so" $S 'dau is used by 1 of [0-9]+: request_rate'
keys $S BSpace
check "Backspace comes back to dau" $S '^▸ dau '
keys $S BSpace
check "Backspace with nowhere to go says so" $S 'nowhere to go back to'

# the whole path upstream, the replaced formula
keys $S /
text $S peak_qps
keys $S Enter
keys $S c
check "c shows the whole path upstream" $S '^   peak_read_qps = [0-9.]+K/s = avg_read_qps'
check "the path goes more than one hop" $S '^     avg_read_qps = '
check "the path ends with an ellipsis when it does not fit" $S '…'
keys $S c
keys $S /
text $S avg_write_qps
keys $S Enter
check "a set formula is 'formula replaced by the scenario'" $S 'avg_write_qps · Traffic · formula replaced by the scenario'

# Enter on a derived quantity edits its formula
keys $S /
text $S storage_total
keys $S Enter Enter
check "Enter on a derived quantity opens its formula" $S 'storage_per_day \* retention'
keys $S C-u
text $S '2 PB'
keys $S Enter
check "the formula is replaced" $S '^▸ storage_total +2 PB'
check "the pane says it was replaced here" $S 'formula replaced here'
keys $S z
check "undo puts the formula back" $S '^▸ storage_total .*= storage_per_day'

# add and remove a quantity of one's own
keys $S a
check "a asks for name = expression" $S 'new quantity \(name = expression\):'
text $S 'per_server = peak_qps / servers'
keys $S Enter
check "the new quantity is selected" $S '^▸ per_server +[0-9.]+K? /s'
check "it is your own" $S 'your own, added here'
keys $S a
text $S 'broken = peak_qps +'
keys $S Enter
check "a bad expression is refused with the reason" $S 'expected|unexpected|missing'
keys $S Escape
keys $S D
check "D removes it" $S 'removed per_server'
check_not "it is gone from the sheet" $S '^. per_server '
keys $S z
check "undo brings it back" $S '^▸ per_server '
keys $S Z
check_not "redo removes it again" $S '^. per_server '
keys $S /
text $S orders_per_day
keys $S Enter
keys $S D
check "a define of the file is removed too" $S 'removed orders_per_day'
keys $S z
keys $S /
text $S orders_per_day
keys $S Enter
check "undo puts it back as the file had it, not as one added here" $S 'orders_per_day .* defined by the scenario'
keys $S g
keys $S D
check "a standard quantity is not removed" $S 'dau is a standard quantity'

# the baseline column
keys $S b
check "b shows the baseline header" $S 'in the file  change'
keys $S g '+'
check "the change shows as a ratio" $S '^▸ dau +10M .* 5M +×2'
check "unchanged values show =" $S '^  reads_per_write +10 +10 +='
keys $S e
check "export asks for a path" $S 'export the report \(\.md, \.html, \.\.\.\) to: '
keys $S C-u
text $S "$tmp/work/base.md"
keys $S Enter
check "export writes the report" $S 'base\.md'
sleep 0.3
if grep -q '^## Against the file' "$tmp/work/base.md" 2>/dev/null && grep -q '^| `dau` | 5M | 10M | ×2 |' "$tmp/work/base.md"; then pass; else
	fail "the export with the baseline lacks the comparison: $(grep -A4 'Against' "$tmp/work/base.md" 2>&1 | head -5)"; fi
keys $S b
check_not "b again hides the baseline" $S 'in the file  change'

# the prompt keeps its [y/N] even with a long path
keys $S e C-u
text $S "$tmp/work/base.md"
keys $S Enter
check "overwrite question keeps [y/N] at 80 columns" $S 'Overwrite it\? \[y/N\]'
keys $S n

# implausible inputs
keys $S /
text $S peak_factor
keys $S Enter Enter C-u
text $S 0.5
keys $S Enter
check "a peak factor below 1 is flagged in its row" $S '^▸ peak_factor +0\.5 +. ?!'
check "the pane says why" $S '! a peak factor below 1 puts the peak under the average'
view $S 2
check "the chart flags it instead of drawing the peak under the average" $S '! peak_factor below 1: drawn flat at the average'
view $S 1
keys $S z

# a count moves, it does not switch tabs
keys $S g
keys $S 3 j
check "3j moves three down" $S '^▸ peak_factor '
check "and stays on the sheet" $S '^ Traffic ─'
keys $S 2 k
check "2k moves two up" $S '^▸ requests_per_user '
# n and N repeat a find; C-d and C-u move half a page
keys $S /
text $S peak_
keys $S Enter
check "find goes to the first match" $S '^▸ peak_factor '
keys $S n
check "n goes to the next" $S '^▸ peak_read_qps '
keys $S N
check "N goes back to the previous" $S '^▸ peak_factor '
keys $S g C-d
check "C-d moves half a page" $S '^▸ (avg_write_qps|request_rate|avg_read_qps|peak_factor) '
keys $S C-u
check "C-u moves back" $S '^▸ dau '

# nudges replace the number
keys $S g
for i in $(seq 25); do keys $S '+'; done
sleep 0.3
check "holding + keeps one number" $S '^▸ dau .*edit: [0-9.]+T$'
check_not "holding + does not nest parentheses" $S '\(\(.*\) \* 2\)'
keys $S R

# availability: edit, add, remove a tier
view $S 3
check "the availability view" $S 'web tier +99\.9% +2 '
keys $S Enter
check "Enter edits the tier's availability" $S "tier 'web tier' availability: 99\.9%"
keys $S C-u
text $S '99.5%'
keys $S Enter
check "the availability changed" $S 'web tier +99\.5% +2 '
check "the composite follows" $S 'composite 99\.9[0-9]*%'
keys $S '+'
check "+ adds a replica" $S 'web tier +99\.5% +3 '
keys $S r C-u
text $S '2 ms'
keys $S Enter
check "an impossible value is refused with the reason" $S 'should be a plain count'
keys $S Escape
keys $S j a
check "a asks for a new tier" $S 'new tier \(name = avail'
text $S 'cache = 99.8%, 2'
keys $S Enter
check "the new tier is added after the selected one" $S 'cache +99\.8% +2 '
check "and the message says so" $S 'added tier cache'
keys $S D
check "D removes the tier" $S 'removed tier cache'
check_not "the tier is gone" $S ' cache +99\.8%'
keys $S z
check "undo brings the tier back" $S 'cache +99\.8% +2 '
keys $S j
check "j past the last tier scrolls the page" $S 'What the SLA allows|more'

# latency: edit, add, remove a hop and the target
view $S 4
check "the latency view" $S 'Latency budget: 70 ms of 200 ms'
keys $S j Enter C-u
text $S '60 ms'
keys $S Enter
check "Enter edits the hop's time; the total follows" $S 'Latency budget: 80 ms of 200 ms'
keys $S t C-u
text $S '75 ms'
keys $S Enter
check "t edits the target; the verdict follows" $S 'over the target by 5 ms'
keys $S a
text $S 'cache = 5 ms'
keys $S Enter
check "a adds a hop" $S 'cache +5 ms'
check "the margin follows" $S 'over the target by 10 ms'
keys $S D
check "D removes the hop" $S 'removed hop cache'
keys $S z
check "undo brings the hop back" $S 'cache +5 ms'
keys $S z
check "undo again removes it" $S 'over the target by 5 ms'
keys $S Z
check "redo adds it again" $S 'over the target by 10 ms'

# save writes every change; boe calc reads them back the same
keys $S s C-u
text $S "$tmp/work/saved.yaml"
keys $S Enter
check "saved" $S 'saved'
sleep 0.3
calc=$("$BOE" calc "$tmp/work/saved.yaml" 2>/dev/null)
case $calc in
*'total 85 ms of 75 ms: margin -10 ms, DOES NOT FIT'*) pass ;;
*) fail "boe calc reads the latency back differently: $(echo "$calc" | grep -A5 'Latency budget')" ;;
esac
if grep -q 'name: "cache", availability: "99.8%", replicas: "2"' "$tmp/work/saved.yaml" && grep -q 'name: "cache", time: "5 ms"' "$tmp/work/saved.yaml" &&
	grep -q 'target: "75 ms"' "$tmp/work/saved.yaml" && grep -q 'name: "web tier", availability: "99.5%", replicas: "3"' "$tmp/work/saved.yaml"; then pass; else
	fail "the save lacks a change: $(sed -n '/define:/,$p' "$tmp/work/saved.yaml")"; fi
case $calc in
*'99.8% × 2   -> 99.9996%'*) pass ;;
*) fail "boe calc does not read the added tier back: $(echo "$calc" | grep -A6 'Availability')" ;;
esac

# the picker keeps its filter through F1 and Esc
keys $S p
check "the picker opens" $S 'Open a preset:'
text $S whats
check "typing filters" $S 'whatsapp-chat'
keys $S F1
check "F1 opens help" $S 'Everywhere'
keys $S Escape
check "Esc comes back to the picker" $S 'Open a preset:'
check "with its filter" $S 'whats'
keys $S Escape

# the help can be searched
keys $S '?'
keys $S /
text $S baseline
keys $S Enter
check "/ in help finds the line" $S 'baseline: each value as the file has it'
keys $S n
check "n keeps searching" $S 'baseline'
keys $S Escape
quit $S

# the downtime bar to scale, a glyph per tier (whatsapp-chat: one tier has 99% of the downtime)
S=wa
start_shell $S xterm-256color 80 24 || fail "no shell in tmux"
text $S "$BOE tui whatsapp-chat; echo rc=\$?"
keys $S Enter
view $S 3
check "whatsapp: five tiers" $S 'presence'
check "the downtime bar is to scale: the tiers with 0.1% of it get no cell" $S '^ downtime +▚ [0-9.]+ s'
check "tiers have distinct glyphs in UTF-8" $S '^ ▚ presence'
view $S 2
check "the peak's time at 80 columns" $S 'peak at 20:00 \(diurnal day\)'
quit $S

# ================= 60x16 =================
S=w60
start_shell $S xterm-256color 60 16 || fail "no shell in tmux"
text $S "$BOE tui shop.yaml; echo rc=\$?"
keys $S Enter
check "60x16: the sheet opens" $S 'Workbench Shop'
check "60x16: the headline results on the first screen" $S '^ peak [0-9.]+K/s +storage'
keys $S /
text $S raw_storage_per_day
keys $S Enter
check "60x16: text cut short ends with an ellipsis" $S '^▸ raw_storage_per_day .*= avg_write_q[a-z_]*…'
keys $S /
text $S peak_qps
keys $S Enter
keys $S '['
check "60x16: [ follows the chain" $S '^▸ peak_read_qps '
keys $S BSpace
check "60x16: Backspace comes back" $S '^▸ peak_qps '
keys $S a
text $S 'mine = 2 * dau'
keys $S Enter
check "60x16: a adds a quantity" $S '^▸ mine +10M'
keys $S D
check "60x16: D removes it" $S 'removed mine'
keys $S b
check "60x16: b shows the baseline" $S 'in the file|baseline'
keys $S b
view $S 2
check "60x16: the chart shows the peak at the same time" $S 'peak at 20:00 \(diurnal day\)'
check "60x16: the chart says there is more below" $S 'more below: j'
keys $S G
check "60x16: the storage chart is a scroll away" $S 'Storage over the retention period'
view $S 3
keys $S Enter C-u
text $S '99.99%'
keys $S Enter
check "60x16: a tier is edited" $S 'web tier +99\.99%'
keys $S G
check "60x16: the availability view scrolls to the SLA table" $S 'What the SLA allows'
view $S 4
keys $S a
text $S 'render = 30 ms'
keys $S Enter
check "60x16: a hop is added" $S 'Latency budget: 100 ms of 200 ms'
keys $S G
check "60x16: the latency view scrolls to the target" $S 'target 200 ms \(t changes it\)'
view $S 5
check "60x16: notes" $S 'Notes'
keys $S e C-u
text $S "$tmp/work/base.md"
keys $S Enter
check "60x16: the overwrite question keeps its [y/N]" $S 'Overwrite it\? \[y/N\]'
keys $S n
keys $S q
check "60x16: the quit question fits" $S 's save +q quit anyway +Esc stay'
keys $S q
wait_for $S '^rc=' 5 || fail "60x16: boe did not quit"

# one system of prefixes per line
text $S "clear; $BOE tui kib.yaml; echo rc=\$?"
keys $S Enter
keys $S /
text $S raw_storage_per_day
keys $S Enter
check "KiB input: the derivation line is in one system" $S '= [0-9.]+/s × 524 KB'
check_not "no KiB beside KB in the derivation" $S '/s × 512 KiB'
quit $S

# ================= wide =================
S=wide
start_shell $S xterm-256color 200 50 || fail "no shell in tmux"
text $S "$BOE tui long.yaml; echo rc=\$?"
keys $S Enter
check "200 wide: the explanation pane is beside the list" $S '│  dau · Traffic'
view $S 3
check "200 wide: a tier's name is not cut" $S 'a tier with a name of well over forty columns +99\.9%'
view $S 4
check "200 wide: a hop's name is not cut" $S 'a hop with a name of well over forty columns too +10 ms'
view $S 2
check "200 wide: the peak at the same time" $S 'peak at 20:00 \(diurnal day\)'
quit $S
text $S "clear; $BOE tui ticketmaster; echo rc=\$?"
keys $S Enter
view $S 2
check "a preset's traffic shape: ticketmaster is a spike" $S 'peak at 19:00 \(spike day\)'
quit $S

finish
