#!/usr/bin/env bash
# The practice modes in the interface: the Cards screen (tab 9: today's due
# and new cards, the core's words after each answer, a miss asked again at the
# end, the schedule saved) and the Mock screen (tab 0: the scope only, the
# assumptions with their verdicts, the estimates graded against the
# candidate's own chain, the Part 33 score, the self-score sheet and its
# total, saved), with BOE_TODAY fixing the day. boe runs in a private tmux
# server. Run from the repository root:  BOE=build/boe bash tests/tui-practice-modes.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

command -v tmux >/dev/null 2>&1 || { echo "FAIL tmux is required (make deps installs it)"; echo "0 passed, 1 failed"; exit 1; }
if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE"
	echo "0 passed, 1 failed"
	exit 1
fi
BOE=$(cd "$(dirname "$BOE")" && pwd)/$(basename "$BOE")
ROOT=$PWD

tmp=$(mktemp -d)
TM="tmux -L boe-modes-$$ -f /dev/null"
cleanup() {
	$TM kill-server >/dev/null 2>&1
	rm -rf "$tmp" 2>/dev/null || { sleep 0.5; rm -rf "$tmp"; }
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
export HOME=$tmp/home XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state BOE_PRESET_PATH=$ROOT/presets
export BOE_CARDS_PATH=$ROOT/cards BOE_TODAY=2026-12-01
unset NO_COLOR BOE_ASCII BOE_TUI_TIMING
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME" "$tmp/work"
. "$(dirname "$0")/lib/tmux.sh"
ST=$XDG_STATE_HOME/boe

# a scenario whose chain is worked by hand: avg 8.64M × 10 / 86,400 s = 1K/s, peak × 2 = 2K/s
cat >"$tmp/work/t-mock.yaml" <<'EOF'
boe: 1
name: t-mock
title: Test mock
summary: 8.64M daily users, 10 requests a day each, 9:1 read:write
set:
  dau: { value: 8.64M, told: "8.64M daily users" }
  requests_per_user: { value: 10 / day, told: "10 requests a day each" }
  reads_per_write: 9
  peak_factor: 2
EOF

answer() { text "$1" "$2"; keys "$1" Enter; }

# ---- cards ----
S=cards
start_shell $S xterm-256color 110 36 || fail "no shell in tmux"
text $S "$BOE tui t-mock.yaml; echo rc=\$?"
keys $S Enter
check "the interface opens" $S 'Test mock'
check "the Cards tab is listed" $S '9 Cards'
keys $S 9
check "cards: the day and what is due" $S 'Cards for 2026-12-01'
check "cards: due and new counted by the core" $S '0 due today, 56 new, of 56 cards'
check "cards: the first card with its unit" $S '\[1\] availability: Two 99.9% components in series\?'
answer $S '99.9%'
check "cards: a wrong availability on the nines" $S 'wrong: 99.8% \(you said 99.9%, what it leaves down is 2× too low\)'
check "cards: a miss is due again today" $S 'series multiply .* \| next: again'
answer $S '99.7%'
check "cards: right, next tomorrow" $S 'right: 99.7% \(you said 99.7%, the right nines\) \| recall: (easy|good) \| next: tomorrow'
answer $S 'fast'
check "cards: a line that is not a figure is asked again" $S "cannot read 'fast'"
check "cards: the same card still asked" $S '\[3\] availability: 99.99% then 99.9% in series\?'
keys $S C-u
answer $S '?'
check "cards: ? shows the answer" $S 'shown: 99.89%'
[ -s "$ST/cards.jsonl" ] && pass || fail "cards: the schedule is saved after each answer"
grep -Eq '"card":"availability/series-3x999","ef":2\.[56],"reps":1,"interval":1,"due":"2026-12-02"' "$ST/cards.jsonl" && pass || fail "cards: schedule line of the right card"
keys $S Escape
check "cards: Esc goes back to the sheet" $S 'dau'
keys $S 9
check "cards: the session waits" $S '\[4\] availability'
keys $S q
check "cards: q is typed into the field, not quit" $S '> q'
keys $S C-u Escape q
check "quits" $S 'rc=0'

# ---- mock ----
S=mock
start_shell $S xterm-256color 120 40 || fail "no shell in tmux"
text $S "$BOE tui t-mock.yaml; echo rc=\$?"
keys $S Enter
check "the interface opens (mock)" $S 'Test mock'
keys $S 0
check "mock: the scope only" $S 'Scope: 8.64M daily users, 10 requests a day each, 9:1 read:write'
check "mock: the clock" $S 'time left: [0-9]+ min'
check "mock: the first assumption" $S 'A1 daily active users\? \(a number\)'
answer $S 8.64M
check "mock: told figure restated" $S 'daily active users: 8.64M — plausible: as the scope says'
answer $S 10/day
answer $S 9
answer $S '?'
check "mock: ? shows the guide's range" $S "the guide's usual range: 2–5×; the preset says 2"
answer $S 50
check "mock: an implausible peak" $S "peak factor: 50 — implausible: peak factor 50: the guide's range is 2–5×"
# the other 13 left to boe's figures
for i in $(seq 13); do keys $S Enter; sleep 0.05; done
check "mock: the estimates from the own assumptions" $S 'Your estimates \(11\), from your own assumptions'
check "mock: the first estimate" $S 'Q1 \[avg_qps\]'
answer $S 1K/s
check "mock: exact" $S 'exact .*you said 1K/s'
# peak with a peak factor of 50: 50K/s (not the preset's 2K/s)
answer $S 50K/s
check "mock: the peak graded on the own chain" $S 'exact \+0.0% \(you said 50K/s\).*peak_qps = peak_read_qps \+ peak_write_qps = 45K/s \+ 5K/s'
for i in $(seq 9); do answer $S skip; sleep 0.05; done
# assumptions NO (13 unstated, one implausible), chain NO (9 skipped), the rest pass: 5 - 2 = 3
check "mock: the estimation score" $S 'Estimation score \(Part 33\): 3/5 — Adequate with gaps'
check "mock: evidence" $S 'NO  chain complete +2 of 11 estimates given'
check "mock: the sheet starts" $S '1\. Requirements & scope \(1–5\)'
answer $S 4
check "mock: Back-of-envelope offers the score" $S '2\. Back-of-envelope \(1–5; empty: 3, the estimation score\)'
keys $S Enter
answer $S 7
check "mock: a score out of 1–5 is refused" $S 'a score is a whole number from 1 to 5'
keys $S C-u
for v in 3 3 4 3 2 3 3 2 3 4; do answer $S $v; sleep 0.05; done
# 4 + 3 (the score, taken by Enter) + 3 + 3 + 4 + 3 + 2 + 3 + 3 + 2 + 3 + 4 = 37: 36–47, the lowest three
check "mock: the total and its band" $S 'Total: 37/60 \(36–47\): Targeted study on the lowest 3 dimensions'
check "mock: the lowest dimension and its Part" $S 'Lowest dimension: Async / queues \(2\): study Part 13'
check "mock: then the next lowest" $S 'and Back-of-envelope \(3\): study Part 3'
check "mock: saved" $S "sheet saved \('boe mock --trend' shows the weeks\)"
grep -q '"date":"2026-12-01T12:00:00Z","preset":"t-mock","estimation":3,"scores":\[4,3,3,3,4,3,2,3,3,2,3,4\],"total":37' "$ST/mock.jsonl" && pass || fail "mock: the sheet's line"
grep -q '"mode":"mock"' "$ST/history.jsonl" && pass || fail "mock: the estimates in the history"
keys $S q
check "quits (mock)" $S 'rc=0'
out=$("$BOE" mock --trend)
grep -q '^  2026-11-30  .* 37.0 (1 mock)$' <<<"$out" && pass || fail "the interface's sheet is in the trend"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
