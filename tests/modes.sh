#!/usr/bin/env bash
# The practice modes of issue 13, scripted with piped answers and BOE_TODAY:
# boe cards (each card kind and its grading, SM-2 scheduling: right is not due
# again today, missed is), boe mock (plausible and implausible assumptions, the
# estimates against the candidate's own chain, the Part 33 score and its
# evidence, the self-score sheet, the weekly trend and its plateau), boe today
# on a crafted history, the filters (--difficulty, --skill, --retry), the slip
# kind recorded in the history, and --stats.
# Expected values are worked out by hand in the comments.
# Prints one line per failure and ends with "N passed, N failed".

set -u

BOE=${BOE:-./boe}
pass=0
fail=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/boe-modes.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export XDG_STATE_HOME="$TMP/state" XDG_DATA_HOME="$TMP/data" HOME="$TMP/home"
export BOE_PRESET_PATH="$PWD/presets" BOE_CARDS_PATH="$PWD/cards"
ST="$XDG_STATE_HOME/boe"
mkdir -p "$HOME"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local name=$1; shift; if "$@"; then ok; else bad "$name"; fi; }
has() { grep -qE -- "$2" <<<"$1"; }
lacks() { ! grep -qE -- "$2" <<<"$1"; }
run() { out=$("$BOE" "$@" 2>"$TMP/err"); rc=$?; err=$(cat "$TMP/err"); }

# ---- cards: each kind and its grading ----
# latency (order of magnitude, √10 either way): L1 0.5 ns: 1 ns right, 5 ns is 10× too high;
# branch 5 ns: 20 ns is 4× (beyond 3.16): wrong; L2 7 ns: bare 20 is 20 ns, 2.9×: right
run cards latency --new 3 --no-save <<'EOF'
1 ns
20
20
EOF
check "cards latency: exit 0 ($rc)" test "$rc" = 0
check "cards asks in the card's unit" has "$out" '^\[1\] latency: L1 cache reference\? \(in ns\)$'
check "magnitude: 1 ns for 0.5 ns is right" has "$out" '^right: 0.5 ns \(you said 1 ns, the right order of magnitude\)'
check "magnitude: 20 ns for 5 ns is wrong, 4× too high" has "$out" '^wrong: 5 ns \(you said 20 ns, 4× too high\)'
check "magnitude: bare 20 for 7 ns is right" has "$out" '^right: 7 ns \(you said 20 ns'
check "the missed is asked again at the end" has "$out" '^\[4\] latency: Branch mispredict\?'
check "--no-save leaves no schedule" test ! -e "$ST/cards.jsonl"

# powers of two: exact or the stated approximation only
run cards powers-of-two --new 7 --no-save <<'EOF'
1K
65,000
1,048,576
1.07B
4B
1.1T
1e15
EOF
check "exact: 1K is the stated approximation of 2^10" has "$out" '^right: 1,024 \(~1 thousand, 1 KB\) \(you said 1K, the usual approximation\)'
check "exact: 65,000 is neither 65,536 nor ~64K" has "$out" '^wrong: 65,536 \(~64K\) \(you said 65K, neither exact nor the usual approximation\)'
check "exact: 1,048,576 is exact" has "$out" '^right: 1,048,576 .*exact\)'
check "exact: 1.07B is not the ~1B the guide states" has "$out" '^wrong: 1,073,741,824'
check "exact: 4B and 1.1T and 1e15 are stated approximations" test "$(grep -c 'right: .*, the usual approximation)' <<<"$out")" = 4

# nines (tolerance 10%) and availability (graded on the downtime left)
run cards nines availability --new 20 --no-save <<'EOF'
3.65 days
8 h
1 h
5 min
7.2 h
43 min
4.32 min
26 s
99.9%
99.8%
99.9%
99.89%
99.99%
99.9999%
99.9999%
99.999975%
EOF
check "nines: 8 h for 8.76 h is within 10%" has "$out" '^right: 8.76 h \(you said 8 h, within 10%\)'
check "nines: 1 h for 52.6 min is not" has "$out" '^wrong: 52.6 min \(you said 60 min, 1.1× too high\)'
check "availability: 99.9% for two 99.9% in series leaves half the downtime: wrong" has "$out" '^wrong: 99.7% \(you said 99.9%, what it leaves down is 3× too low\)'
check "availability: 99.99997% for 99.999975% is right on the nines" has "$out" '^right: 99.999975%'
check "a deck's file error is not hit: exit 0" test "$rc" = 0

# ---- cards: scheduling (SM-2) ----
export BOE_TODAY=2026-12-01
run cards powers-of-two --new 3 <<'EOF'
1K
65,000
1,048,576
EOF
check "session saved" has "$out" "^schedule: saved to $ST/cards.jsonl$"
check "after the session: the missed one is due again today" has "$out" '^now: 1 due today, 4 new, of 7 cards; next due 2026-12-02 \(2 cards\)$'
# 1K at once, the usual approximation: an easy recall (SM-2 quality 5) raises the easiness
check "the answer says how the recall counts" has "$out" '^right: 1,024 .*\(you said 1K, the usual approximation\) \| recall: easy \| next: tomorrow$'
check "65,000 for 65,536 is wrong but near" has "$out" '^wrong: 65,536 .* \| a near miss \| next: again today$'
check "schedule: 2^10 right and easy, next tomorrow" grep -q '"card":"powers-of-two/2-10","ef":2.6,"reps":1,"interval":1,"due":"2026-12-02"' "$ST/cards.jsonl"
check "schedule: 2^16 missed, due today" grep -q '"card":"powers-of-two/2-16",.*"interval":0,"due":"2026-12-01"' "$ST/cards.jsonl"
run cards powers-of-two --due
check "--due: 1 due today" has "$out" '^Cards on 2026-12-01: 1 due today, 4 new, of 7 cards; next due 2026-12-02 \(2 cards\)$'
# the next day: the two learnt come due, the missed one is still due
BOE_TODAY=2026-12-02 run cards powers-of-two --due
check "--due the next day: 3 due" has "$out" '^Cards on 2026-12-02: 3 due today'
# reviews only, due first: 2^16 (the most overdue), then 2^10 and 2^20; right again: 6 days
BOE_TODAY=2026-12-02 run cards powers-of-two --new 0 <<'EOF'
65,536
1K
1M
EOF
check "due cards come most overdue first" has "$out" '^\[1\] powers-of-two: 2\^16\?'
check "second right answer: 6 days" has "$out" '1,024 .*\| next: in 6 days$'
check "relearnt: tomorrow" has "$out" '65,536 .*\| next: tomorrow$'
BOE_TODAY=2026-12-02 run cards powers-of-two --due
check "nothing due after the reviews" has "$out" '^Cards on 2026-12-02: 0 due today, 4 new'
run cards --stats
check "cards --stats per deck" has "$out" '^powers-of-two +7 +3 +83% +0 '
check "cards --stats names the missed most" has "$out" 'powers-of-two/2-16 +1 of 2 missed: 2\^16\?'
run cards latncy
check "unknown deck: exit 2" test "$rc" = 2
check "unknown deck: did you mean" has "$err" "no deck called 'latncy' \(did you mean 'latency'\?\)"
BOE_TODAY=2026-13-01 run cards --due
check "bad BOE_TODAY: exit 2 with the reason" test "$rc" = 2 -a -n "$(grep 'BOE_TODAY should be a date' <<<"$err")"
# a user deck beside the shipped ones, with an error at its line and column
mkdir -p "$XDG_DATA_HOME/boe/cards"
printf 'boe-cards: 1\nname: mine\ncards:\n  - { id: a, front: "x?", answer: 3 KB, grading: magnitud }\n' >"$XDG_DATA_HOME/boe/cards/mine.yaml"
BOE_CARDS_PATH= run cards mine --due
check "user deck error: file:line:col and did you mean" has "$err" "mine.yaml:4:50: unknown grading 'magnitud' \(did you mean 'magnitude'\?\)"
# a control character or bad UTF-8 deep in a deck: said where it is, not at 1:1
printf 'boe-cards: 1\nname: mine\ncards:\n  - { id: a, front: "x\001?", answer: 3 KB }\n' >"$XDG_DATA_HOME/boe/cards/mine.yaml"
BOE_CARDS_PATH= run cards mine --due
check "user deck with a control character: its line and column" has "$err" "mine.yaml:4:23: invalid YAML: control character U\\+0001 is not allowed"
printf 'boe-cards: 1\nname: mine\ncards:\n  - { id: a, front: "caf\303", answer: 3 KB }\n' >"$XDG_DATA_HOME/boe/cards/mine.yaml"
BOE_CARDS_PATH= run cards mine --due
check "user deck with bad UTF-8: its line and column" has "$err" "mine.yaml:4:25: invalid UTF-8 \\(byte 0xC3\\)"
printf 'boe-cards: 1\nname: mine\ncards:\n  - { id: a, front: "x?", answer: 3 KB }\n' >"$XDG_DATA_HOME/boe/cards/mine.yaml"
BOE_CARDS_PATH= run cards --list
check "user deck listed with the shipped ones" test "$(grep -cE '^(mine|latency) ' <<<"$out")" = 2

# ---- mock: a test preset with figures easy to work by hand ----
M="$TMP/t-mock.yaml"
cat >"$M" <<'EOF'
boe: 1
name: t-mock
title: Test mock
source: a test, shaped like a Part 27 walkthrough
summary: 8.64M daily users, 10 requests a day each, 9:1 read:write
set:
  dau: { value: 8.64M, told: "8.64M daily users" }
  requests_per_user: { value: 10 / day, told: "10 requests a day each" }
  reads_per_write: 9
  peak_factor: 2
EOF
# assumptions: the scope's figures, then peak 50 (guide 2–5: implausible), 1 KB,
# replication 1 (guide 2–5: implausible), 2,000 RPS a server, the rest as boe has them.
# Own chain: avg 8.64M × 10 / 86,400 s = 1K/s; peak × 50 = 50K/s; storage 100/s × 1 KB
# × 1 copy = 8.64 GB/day, × 5 × 365 = 15.8 TB; egress 900/s × 50 × 1 KB = 45 MB/s
# (answered 360 MB/s: 8×, bits for bytes); concurrency 50K/s × 20 ms = 1,000; pool
# ceil(1000 / 70%) = 1,429; servers max(50K / 2K, 1429 / 200) + 1 = 26; cache 900/s × 86,400 s × 1 KB
# × 20% = 15.6 GB; db 45K/s × 20% + 5K/s = 14K/s; downtime 43.2 min.
cat >"$TMP/mock-in" <<'EOF'
8.64M
10/day
9
?
50
1 KB
1
1
5 years
0
20 ms
70%
2000
200
1
80%
20%
99.9%
1K/s
50K/s
8.64 GB/day
15.8 TB
360 MB/s
1000
1429
26
15.6 GB
14K/s
43.2 min
4

3
3
4
3
2
3
3
2
3
4
EOF
BOE_TODAY=2026-11-24 run mock "$M" <"$TMP/mock-in"
check "mock: exit 0 ($rc)" test "$rc" = 0
check "mock gives only the scope" has "$out" '^Scope: 8.64M daily users, 10 requests a day each, 9:1 read:write$'
check "mock gives no given" lacks "$out" '^Given:'
check "mock: the default clock is 8 min" has "$out" '^Clock: 8 min 0 s for assumptions and estimates'
check "mock: ? shows the guide's range" has "$out" "^the guide's usual range: 2–5×; the preset says 2$"
check "mock: told figure restated: as the scope says" has "$out" '^  daily active users: 8.64M — plausible: as the scope says$'
check "mock: peak 50 implausible" has "$out" "^  peak factor: 50 — implausible: peak factor 50: the guide's range is 2–5×$"
check "mock: replication 1 implausible" has "$out" "^  replication: 1 — implausible: replication 1: the guide's range is 3 copies \(2–5\)$"
check "mock: a plausible assumption" has "$out" "^  requests per second one server sustains: 2K/s — plausible: within the guide's range, 500–2,000 RPS for light JSON$"
check "mock: peak graded on the own chain (50K/s)" has "$out" '^exact .*you said 50K/s.* \| your chain: peak_qps = .* = 50K/s$'
check "mock: storage on the own replication (8.64 GB/day)" has "$out" '^exact .*8.64 GB/day'
check "mock: the bits slip is named" has "$out" '^off 8x too high \(you said 360 MB/s\)'
check "mock: servers on the own chain (26)" has "$out" '^exact .*you said 26'
check "mock: no block question" lacks "$out" 'composite_downtime|latency_total'
check "mock: no define asked" test "$(grep -c '^Q[0-9]' <<<"$out")" = 11
# score: assumptions NO, chain yes, steps NO (egress), peak yes, replication yes, bits NO, time yes: 5 - 3 = 2
check "mock: estimation score 2/5" has "$out" '^Estimation score \(Part 33\): 2/5 — Superficial mention$'
check "mock: evidence assumptions" has "$out" "^  NO  assumptions stated  17 of 17 stated; 2 implausible \(peak factor 50: the guide's range is 2–5×\)$"
check "mock: evidence chain complete" has "$out" '^  yes chain complete      all 11 estimates given$'
check "mock: evidence steps" has "$out" '^  NO  steps consistent    10 of 11 right from your own numbers$'
check "mock: evidence peak" has "$out" '^  yes peak applied '
check "mock: evidence replication" has "$out" '^  yes replication '
check "mock: evidence bits" has "$out" '^  NO  bits and bytes      Q5: bits for bytes \(×8\)$'
check "mock: evidence time" has "$out" '^  yes time                .* of 8 min 0 s$'
# sheet: 4, (empty: 2), 3, 3, 4, 3, 2, 3, 3, 2, 3, 4 = 36: the 36–47 band, the lowest three named
check "sheet: total 36/60 and its band" has "$out" '^Total: 36/60 \(36–47\): Targeted study on the lowest 3 dimensions$'
check "sheet: the lowest dimension and its Part" has "$out" '^Lowest dimension: Back-of-envelope \(2\): study Part 3, '
check "sheet: then async" has "$out" '^ +and Async / queues \(2\): study Part 13'
check "sheet: then security" has "$out" '^ +and Security & privacy \(2\): study Part 20'
check "sheet saved" grep -q '"date":"2026-11-24T12:00:00Z","preset":"t-mock","estimation":2,"scores":\[4,2,3,3,4,3,2,3,3,2,3,4\],"total":36' "$ST/mock.jsonl"
check "mock estimates in the history as a mock" grep -q '"mode":"mock"' "$XDG_STATE_HOME/boe/history.jsonl"
check "the history records the slip kind" grep -q '"quantity":"egress_peak".*"slip":"bits"' "$XDG_STATE_HOME/boe/history.jsonl"

# a second mock a week later, all plausible and right: 5/5; sheet total 48: ready
awk 'NR == 5 || NR == 7 { print 3; next } { print }' "$TMP/mock-in" >"$TMP/mock-in2"
# with peak 3 and replication 3 the chain is: 3K/s, 25.9 GB/day, 47.3 TB, 2.7 MB/s, 60, 86,
# max(3K / 2K, 86 / 200) + 1 = 3 servers, 15.6 GB, 840/s
awk 'NR<=18' "$TMP/mock-in2" >"$TMP/mock-ok"
cat >>"$TMP/mock-ok" <<'EOF'
1K/s
3K/s
25.9 GB/day
47.3 TB
2.7 MB/s
60
86
3
15.6 GB
840/s
43.2 min
4
4
4
4
4
4
4
4
4
4
4
4
EOF
BOE_TODAY=2026-12-01 run mock "$M" <"$TMP/mock-ok"
check "plausible mock: 5/5" has "$out" '^Estimation score \(Part 33\): 5/5 — Full BOE chain with stated assumptions$'
check "plausible mock: assumptions all plausible" has "$out" '^  yes assumptions stated  all 17 stated, all plausible$'
check "plausible mock: 48/60 ready" has "$out" '^Total: 48/60 \(48–60\): Interview-ready for most senior loops$'
check "plausible mock: one lowest dimension" test "$(grep -c 'study Part' <<<"$out")" = 1
run mock --trend
check "trend: two weeks" has "$out" '^  2026-11-23  █+ +36.0 \(1 mock\)$'
check "trend: the second week" has "$out" '^  2026-11-30  █+ +48.0 \(1 mock\)$'
check "trend: from first to last" has "$out" '^from 36.0 to 48.0 \(\+12.0\)$'
check "trend: no plateau yet" lacks "$out" '^plateau'
# three flat weeks: a plateau
for d in 2026-12-08 2026-12-15; do
	printf '{"boe":1,"date":"%sT12:00:00Z","preset":"t-mock","estimation":4,"scores":[4,4,4,4,4,4,4,4,4,4,4,5],"total":49}\n' "$d" >>"$ST/mock.jsonl"
done
run mock --trend
check "trend: a plateau (48, 49, 49)" has "$out" '^plateau: the last three weeks are within 2 points'
# the time limit: --time 1 (a minute) and a fake clock are not needed: a time of 0 is refused
run mock "$M" --time 0
check "mock --time 0 refused" test "$rc" = 2
run mock "$M" --skill trafic
check "mock --skill with a typo: did you mean" has "$err" "unknown skill 'trafic' \(did you mean 'traffic'\?\)"
# --skill traffic: only the two traffic estimates, and only the four inputs they need
yes '' | head -4 >"$TMP/blank"
printf '1K/s\n2K/s\n' >>"$TMP/blank"
run mock "$M" --skill traffic --no-sheet --no-history <"$TMP/blank"
check "mock --skill traffic asks avg and peak only" test "$(grep -cE '^Q[0-9]+ \[(avg_qps|peak_qps)\]' <<<"$out"):$(grep -c '^Q[0-9]' <<<"$out")" = "2:2"
check "mock: unstated assumptions counted" has "$out" '^  NO  assumptions stated  0 of 4 stated$'
check "mock --skill: right from the unstated (preset's) figures" has "$out" '^  yes steps consistent    2 of 2 right from your own numbers$'
# without a preset: the rotation's next walkthrough of a difficulty
run mock --difficulty hard --no-sheet --no-history </dev/null
name=$(sed -n 's/^Mock interview: .* \[\([a-z0-9-]*\)\].*/\1/p' <<<"$out")
check "mock --difficulty hard picks a hard walkthrough ($name)" test -n "$name" -a "$("$BOE" list | awk -v n="$name" '$1 == n {print $2}')" = hard
check "mock without preset says why" has "$out" 'the next walkthrough of the rotation, not practised yet'

# ---- practice filters ----
T="$TMP/t-drill.yaml"
cat >"$T" <<'EOF'
boe: 1
name: t-drill
title: Test drill
set:
  dau: 8.64M
  requests_per_user: 10 / day
  reads_per_write: 9
  peak_factor: 2
EOF
run practice "$T" --skill storage --seed 1 --no-history </dev/null
check "practice --skill storage asks storage only" test "$(grep -cE '^Q[0-9]+ \[storage' <<<"$out")" -ge 1 -a "$(grep -cE '^Q[0-9]+ \[(avg_qps|peak_qps|concurrency)' <<<"$out")" = 0
run practice --difficulty easy --seed 7 --questions 1 --no-history </dev/null
name=$(sed -n 's/^Practice: .* \[\([a-z0-9-]*\)\].*/\1/p' <<<"$out")
check "practice --difficulty easy picks an easy preset ($name)" test -n "$name" -a "$("$BOE" list | awk -v n="$name" '$1 == n {print $2}')" = easy
run practice --difficulty extreme
check "bad --difficulty: exit 2" test "$rc" = 2
# --retry: avg right, peak 1K/s for 2K/s (close: the average, the peak slip), storage skipped -> asked again: peak and storage
run practice "$T" --seed 1 <<'EOF'
1K/s
1K/s
skip
EOF
check "the peak slip recorded" grep -q '"quantity":"peak_qps".*"grade":"close".*"slip":"peak"' "$ST/history.jsonl"
run practice "$T" --retry --seed 1 --no-history </dev/null
check "--retry names what it asks again" has "$out" '^Asking again the .* missed in the last drill of t-drill \(2026-12-01\)\.$'
check "--retry asks the peak again" has "$out" '^Q1 \[peak_qps\]'
check "--retry does not ask the right one" lacks "$out" '\[avg_qps\]'
check "the history keeps the file drilled, as an absolute path" grep -q "\"preset\":\"t-drill\",\"file\":\"$(cd "$(dirname "$T")" && pwd -P)/$(basename "$T")\"" "$ST/history.jsonl"
boe_abs=$(cd "$(dirname "$BOE")" && pwd -P)/$(basename "$BOE")
(cd / && "$boe_abs" practice --retry --no-history </dev/null >"$TMP/retry.out" 2>&1)
check "--retry without preset: a file's drill is found where it was, from any directory" grep -q '^Asking again the .* missed in the last drill of t-drill' "$TMP/retry.out"
check "--retry without preset: and it asks the file's missed" grep -q '^Q1 \[peak_qps\]' "$TMP/retry.out"
mv "$T" "$T.moved"
run practice --retry --no-history </dev/null
check "--retry without preset: a file moved away is named with where it was" has "$err" "the last drill was of 't-drill', from .*, which is not there any more; name its file"
check "--retry without preset: a file moved away: exit 2" test "$rc" = 2
mv "$T.moved" "$T"
printf '1K/s\n' | "$BOE" practice url-shortener --seed 3 --questions 2 >/dev/null 2>&1
run practice --retry --no-history </dev/null
check "--retry without preset: the last drill's preset" has "$out" '^Practice: URL Shortener \(TinyURL\) \[url-shortener\]'

# ---- time limits: above 0 and up to a day, for every option that takes one ----
for opt in "practice url-shortener --time" "practice url-shortener --time-each" "mock url-shortener --time" "cards --no-save --minutes"; do
	for v in "25 h" 1e300 1e300s 0 -5 "5 MB"; do
		run $opt "$v" </dev/null
		check "$opt '$v' is refused (exit 2)" test "$rc" = 2
		check "$opt '$v': the message gives the range" has "$err" "above 0 and up to 24 h"
	done
	run $opt "24 h" </dev/null
	check "$opt '24 h' is taken" test "$rc" = 0
done

# ---- --stats ----
run practice --stats
check "stats: walkthrough coverage" has "$out" '^Walkthroughs \(Part 27\) practised: [0-9]+ of 25'
check "stats: time per answer and its trend" has "$out" '^Time per answer: .* in the oldest half, .* in the newest'
check "stats: hint rate" has "$out" '^Hint rate: [0-9]+% of the answers'
check "stats: the recurring slips" has "$out" '^ +1× forgot the peak \(the average instead\)$'
check "stats: bits slip too" has "$out" '^ +1× bits for bytes \(×8\)$'
check "stats: per quantity" has "$out" '^peak_qps +traffic +'
check "stats: per preset with mocks" has "$out" '^t-mock +0 +2 +'
check "stats: weekly chart" has "$out" '^Per week \(share of points, answers, time per answer\):$'

# ---- today on a crafted history ----
rm -rf "$ST"
mkdir -p "$ST"
# every walkthrough practised on 2026-11-20 but uber-lyft (2026-10-01); storage answered worst
for f in $(grep -l 'Part 27' presets/*.yaml); do
	n=$(sed -n 's/^name: //p' "$f")
	d=2026-11-20
	[ "$n" = uber-lyft ] && d=2026-10-01
	printf '{"boe":1,"date":"%sT10:00:00Z","preset":"%s","points":2,"max":4,"questions":[{"quantity":"avg_qps","skill":"traffic","answer":"1K/s","grade":"exact","points":2,"max":2},{"quantity":"storage_total","skill":"storage","answer":"1 TB","grade":"off","points":0,"max":2}]}\n' "$d" "$n" >>"$ST/history.jsonl"
done
printf '{"card":"latency/l1-cache","ef":2.5,"reps":1,"interval":1,"due":"2026-12-01"}\n{"card":"latency/l2-cache","ef":2.5,"reps":2,"interval":6,"due":"2026-12-05"}\n' >"$ST/cards.jsonl"
run today
check "today: exit 0" test "$rc" = 0
check "today: the date" has "$out" '^Today, 2026-12-01:$'
check "today: cards due and new" has "$out" '^1\. Cards: 1 due, 10 new \(the guide: 10 min daily\)$'
check "today: the cards' command" has "$out" '^   \$ boe cards --minutes 10$'
check "today: the weakest skill" has "$out" '^2\. Drill your weakest skill: storage \(0% of the points lately\)$'
check "today: the drill's command" has "$out" '^   \$ boe practice --skill storage --questions 5$'
check "today: the walkthrough practised longest ago" has "$out" '^3\. Walkthrough: .* \[uber-lyft\], last practised 2026-10-01$'
check "today: the mock's command" has "$out" '^   \$ boe mock uber-lyft$'
check "today: coverage" has "$out" '^\(walkthroughs practised: 25 of 25\)$'
BOE_TODAY=2026-12-06 run today
check "today, a later day: both cards due" has "$out" '^1\. Cards: 2 due'
run today extra
check "today takes no argument" test "$rc" = 2

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
