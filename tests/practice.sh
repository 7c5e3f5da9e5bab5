#!/usr/bin/env bash
# Scripted interview drills: `boe practice` with --seed and piped answers.
#
#   bash tests/practice.sh                 (from the repository root)
#   BOE=/path/to/boe bash tests/practice.sh
#
# Covers every grade (exact, close, off, wrong-unit, hint, skip), the question
# and grade line formats, the final score line, --strict, --time, end of input,
# the history written and read back, --stats on a crafted history, spaced
# repetition favouring the weakest skill, reproducible preset choice, bad
# usage, and that the answer the drill shows is graded exact when typed back
# (for a test scenario and every shipped preset that loads).
# Prints one line per failure and ends with "N passed, N failed".

set -u

BOE=${BOE:-./boe}
pass=0
fail=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/boe-practice.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export XDG_STATE_HOME="$TMP/state"
HIST="$XDG_STATE_HOME/boe/history.jsonl"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check NAME CONDITION...
	local name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}
has() { grep -qE -- "$2" <<<"$1"; }
lacks() { ! grep -qE -- "$2" <<<"$1"; }

# A scenario whose numbers are easy to check by hand:
# avg_qps 1K/s (86.4M/day), peak_qps 2K/s, storage_per_day 25.9 GB/day,
# egress_peak 1.8 MB/s, concurrency 40, downtime 43.2 min/month.
T="$TMP/t-drill.yaml"
cat >"$T" <<'EOF'
boe: 1
name: t-drill
title: Test drill
summary: a small service, 8.64M users
set:
  dau: 8.64M
  requests_per_user: 10 / day
  reads_per_write: 9
  peak_factor: 2
EOF

# drill ARGS... < answers: runs boe practice, stdout in $out, status in $rc.
drill() {
	out=$("$BOE" practice "$@" 2>"$TMP/err")
	rc=$?
	err=$(cat "$TMP/err")
}

# ---- every grade in one drill ----
drill "$T" --seed 1 --no-history <<'EOF'
1K
1.5K/s
5 min
?
hint
?
skip
18 MB/s
?
40
EOF
check "every grade: exit 0 (rc=$rc)" test "$rc" = 0
check "states the scope" has "$out" '^Scope: a small service'
check "lists the givens" has "$out" '^  daily active users: 8.64M$'
check "assumptions with the guide's range" has "$out" '^  peak factor: 2 \(assumption; the guide says 2–5×\)$'
check "givens name no variable" lacks "$out" '^  [a-z_]+ = '
check "derived numbers are not given" lacks "$out" '^  .*(86.4M|2K/s)'
check "Q1 line" has "$out" '^Q1 \[avg_qps\] On average, how many requests per second .*\?'
check "Q line names the unit" has "$out" '^Q1 \[avg_qps\] .*\(answer per second\)$'
check "Q2 line" has "$out" '^Q2 \[peak_qps\] '
check "requests a day and per second are one figure: asked once" lacks "$out" '^Q[0-9]+ \[request_rate\]'
grades=$(grep -E '^(exact|close|off|wrong-unit|skipped)( |$)' <<<"$out" | awk '{print $1}' | tr '\n' ' ')
check "grade words in order (got: $grades)" test "$grades" = "exact close wrong-unit skipped off exact "
check "exact line has the correct value and derivation" \
	has "$out" '^exact .*1K/s: avg_qps = avg_read_qps \+ avg_write_qps = 900/s \+ 100/s = 1K/s'
check "off says how far" has "$out" '^off 10x too high'
check "wrong-unit names the dimensions" has "$out" '^wrong-unit you said 5 min \(time\); the question asks for data/time'
check "first hint is the idea in words" has "$out" "^hint 1/3: Storage grows by one day's worth every day"
check "second hint: the formula with its names explained" has "$out" \
	'^hint 2/3: storage_total = storage_per_day × retention, where storage_per_day is .*; retention is how long data is kept$'
check "third hint: the first step with numbers" has "$out" '^hint 3/3: storage_total = 25.9 GB/day × 5 years$'
check "one hint keeps 3/4 of the points" has "$out" '^exact .*\| 1.5 points \(1 hint: 3/4 of the points\)'
check "early end noted" has "$out" '^ended early: 5 questions unanswered'
check "score line last" test "$(tail -n 1 <<<"$out")" = "score: 4.5/22"
check "no history with --no-history" test ! -e "$HIST"

# ---- from a pipe an unreadable line is graded unreadable: it never shifts later answers ----
drill "$T" --seed 1 --no-history <<'EOF'
lots
peak_qps
25.9 GB/day
quit
EOF
check "unreadable answer: graded, says why" has "$out" "^unreadable \(you said 'lots'\); cannot read 'lots'"
check "names are not answers" has "$out" "^unreadable \(you said 'peak_qps'\); cannot read 'peak_qps'"
check "the answer after two unreadable lines is Q3's" \
	has "$(grep -A1 '^Q3 ' <<<"$out" | tail -n 1)" '^exact -0.1% \(you said 25.9 GB/day\)'
check "quit: score" test "$(tail -n 1 <<<"$out")" = "score: 2/22"
drill "$T" --seed 1 --no-history --questions 2 < <(printf 'garbage\n4K\n')
check "garbage then 4K: Q1 unreadable" test "$(grep -A1 '^Q1 ' <<<"$out" | tail -n 1 | cut -d' ' -f1)" = "unreadable"
check "garbage then 4K: Q2 graded on 4K" has "$(grep -A1 '^Q2 ' <<<"$out" | tail -n 1)" '\(you said 4K/s\)'
check "unreadable counted in the summary" has "$out" '^grades: .*1 unreadable'

# ---- mental maths: operators need --calc ----
drill "$T" --seed 1 --no-history --questions 1 <<<"86.4M * 1"
check "an operator is refused without --calc" has "$out" "^unreadable .*the drill is mental maths.*--calc"
drill "$T" --seed 1 --no-history --questions 1 --calc <<<"8.64M * 10 / day"
check "--calc allows working" has "$out" '^exact \+0.0% \(you said 1K/s\)'
check "--calc: not announced as mental maths" lacks "$out" '^Mental maths'

# ---- spellings said aloud; traps get a word ----
# Q1 avg_qps 1K/s, Q2 peak_qps 2K/s, Q3 storage_per_day 25.9 GB/day, Q4 storage_total 47.3 TB
drill "$T" --seed 1 --no-history <<'EOF'
about 1 thousand
2 K/s
26 GB per day
~47 TB
EOF
check "spoken: about 1 thousand" has "$(grep -A1 '^Q1 ' <<<"$out" | tail -n 1)" '^exact .*\(you said 1K/s\)'
check "spoken: 2 K/s" has "$(grep -A1 '^Q2 ' <<<"$out" | tail -n 1)" '^exact .*\(you said 2K/s\)'
check "spoken: 26 GB per day" has "$(grep -A1 '^Q3 ' <<<"$out" | tail -n 1)" '^exact '
check "spoken: ~47 TB" has "$(grep -A1 '^Q4 ' <<<"$out" | tail -n 1)" '^exact .*\(you said 47 TB\)'
# slips named: the average for the peak (Q2), bits for bytes (Q5 egress_peak 1.8 MB/s)
drill "$T" --seed 1 --no-history <<'EOF'
skip
1K/s
skip
skip
14.4 MB/s
EOF
check "slip: the average instead of the peak" has "$out" '^close -50.0% \(you said 1K/s\); the average instead of the peak: × peak_factor \(2\) left out \|'
check "slip: bits for bytes" has "$out" '^off 8x too high \(you said 14.4 MB/s\); 8x: bits where bytes were asked'
# 600B for data is a trap (Q4 storage_total); 125 Gb for a memory size is read as bits, and said (Q9 cache_memory 15.6 GB)
drill "$T" --seed 1 --no-history < <(printf 'skip\n%.0s' 1 2 3; printf '600B\n'; printf 'skip\n%.0s' 1 2 3 4; printf '125 Gb\n')
check "trap: 600B for data" has "$out" "^unreadable \(you said '600B'\); cannot read '600B' as data: a B glued to a number is a billion"
check "trap: Gb for memory read as gigabits" has "$out" "^exact .*\(you said 15.6 GB\); 'Gb' read as gigabits \(15.6 GB\): bytes are GB"
# consistent: Q1 wrong (1.5K/s), Q2 right from it (3K/s = 1.5K/s × 2)
drill "$T" --seed 1 --no-history <<'EOF'
1.5K/s
3K/s
EOF
check "consistent with an earlier answer" has "$out" '^consistent \+50.0% \(you said 3K/s\); right from your answer to Q1 \(1.5K/s\), which gives 3K/s: partial credit \| 1 point'
check "consistent: score" test "$(tail -n 1 <<<"$out")" = "score: 2/22"

# ---- Ctrl-C ends the drill like end of input ----
"$BOE" practice "$T" --seed 1 --no-history < <(sleep 3) >"$TMP/out" 2>&1 &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT: exit 0 (rc=$rc)" test "$rc" = 0
check "SIGINT: says so" grep -q '^interrupted$' "$TMP/out"
check "SIGINT: score line last" test "$(tail -n 1 "$TMP/out")" = "score: 0/22"

# ---- end of input at once ----
drill "$T" --seed 1 --no-history </dev/null
check "EOF at once: exit 0" test "$rc" = 0
check "EOF at once: score 0" test "$(tail -n 1 <<<"$out")" = "score: 0/22"
check "EOF at once: 11 unanswered" has "$out" '11 questions unanswered'

# ---- the shown answer typed back is exact; --strict ----
drill "$T" --seed 1 --no-history < <(yes skip)
answers=$(sed -n 's/^skipped .*| answer \([^:]*\): .*/\1/p' <<<"$out")
check "collected 11 answers" test "$(grep -c . <<<"$answers")" = 11
check "Q11 line" has "$out" '^Q11 \[downtime_per_month\] How much downtime a month does the SLA allow\? \(answer in min\)$'
check "skip: all skipped" test "$(grep -c '^skipped ' <<<"$out")" = 11
drill "$T" --seed 1 --no-history --strict <<<"$answers"
check "typed-back answers all exact" test "$(grep -c '^exact ' <<<"$out")" = 11
check "full score" test "$(tail -n 1 <<<"$out")" = "score: 22/22"
check "--strict passes at 100% (rc=$rc)" test "$rc" = 0
drill "$T" --seed 1 --no-history --strict <<<"$(head -n 7 <<<"$answers")"
check "--strict at 14/22 (64%) exits 1 (rc=$rc)" test "$rc" = 1
check "--strict still prints the score" test "$(tail -n 1 <<<"$out")" = "score: 14/22"
check "--strict says why" has "$err" 'under the 70%'
drill "$T" --seed 1 --no-history --strict <<<"$(head -n 8 <<<"$answers")"
check "--strict at 16/22 (73%) passes (rc=$rc)" test "$rc" = 0
# 7 exact and 4 servers for 3 (close, 1 point): 15/22 = 68% is under 70%
drill "$T" --seed 1 --no-history --strict <<<"$(head -n 7 <<<"$answers"; echo 4)"
check "--strict at 15/22 (68%) exits 1 (rc=$rc)" test "$rc" = 1
check "--strict at 15/22: the score" test "$(tail -n 1 <<<"$out")" = "score: 15/22"
check "--strict says the share" has "$err" '^boe: practice: 68% is under the 70% --strict asks for$'
drill "$T" --seed 1 --no-history <<<"$(head -n 7 <<<"$answers")"
check "no --strict: exit 0 below 70%" test "$rc" = 0

# ---- --time-each: per question ----
drill "$T" --seed 1 --no-history --time-each 0.3s < <(sleep 0.6; echo 1K; echo 2K)
check "--time-each: late answer scores 0" has "$out" '^exact .*\| 0 points \(too late: over the 0.3 s limit\)'
check "--time-each: the next question has its own clock" has "$out" '^exact .*\| 2 points \|'
check "--time-each: score" test "$(tail -n 1 <<<"$out")" = "score: 2/22"
check "--time-each: states the limit" has "$out" '^Time limit: 0.3 s per question'
drill "$T" --seed 1 --no-history --time-each '2 min' <<<"1K"
check "--time-each: in time scores" has "$out" '^exact .*\| 2 points \|'
check "--time-each: score in time" test "$(tail -n 1 <<<"$out")" = "score: 2/22"

# ---- --time: the whole drill ----
drill "$T" --seed 1 --no-history --time '2 min' <<<"1K"
check "--time: states the limit" has "$out" '^Time limit: 2 min 0 s for the whole drill'
check "--time: time left shown with the question" has "$out" '^\(time left: 2 min 0 s of 2 min 0 s\)$'
check "--time: in time scores" has "$out" '^exact .*\| 2 points \|'
drill "$T" --seed 1 --no-history --time 0.3s < <(sleep 0.6; echo 1K; echo 2K)
check "--time: an answer after the drill's time scores 0" has "$out" "^exact .*\| 0 points \(too late: the drill's time ran out\)"
check "--time: says the time is up" has "$out" '^time is up: the 0.3 s for the whole drill ran out$'
check "--time: the drill ends there" lacks "$out" '^Q2 '
check "--time: the rest unanswered" has "$out" '^ended early: 10 questions unanswered'
check "--time: score" test "$(tail -n 1 <<<"$out")" = "score: 0/22"
check "timing shown" has "$out" '^time: '

# ---- history written and read back ----
drill "$T" --seed 1 <<<"$(head -n 3 <<<"$answers")"
check "history file written" test -s "$HIST"
check "history: one line" test "$(wc -l <"$HIST")" = 1
line=$(head -n 1 "$HIST")
check "history: preset" has "$line" '"preset":"t-drill"'
check "history: date" has "$line" '"date":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"'
check "history: answers and grades" has "$line" '"quantity":"avg_qps","skill":"traffic","answer":"1K/s","grade":"exact"'
check "history: unanswered recorded" has "$line" '"grade":"unanswered"'
check "history: time per answer" has "$line" '"time_s":'
check "history: path shown" has "$out" "^history: appended to $HIST"
drill "$T" --seed 1 <<<1K
check "history: appended, not replaced" test "$(wc -l <"$HIST")" = 2
drill "$T" --seed 1 </dev/null
check "history: a drill with no answer is not saved" test "$(wc -l <"$HIST")" = 2
check "history: says it was not saved" has "$out" '^history: not saved \(no answer\)$'
for i in 1 2 3 4 5 6 7 8; do
	"$BOE" practice "$T" --seed "$i" <<<skip >/dev/null 2>&1 &
done
wait
check "history: 8 drills ending at once all kept" test "$(wc -l <"$HIST")" = 10
head -n 2 "$HIST" >"$TMP/h2" && mv "$TMP/h2" "$HIST"
drill --stats
# the first drill answered avg_qps, peak_qps and storage_per_day, the second avg_qps: all exact
check "stats: reads it back" has "$out" '^Practice history: 2 drills, 4 graded answers'
check "stats: traffic row" has "$out" '^traffic +3 +100%'
check "stats: exit 0" test "$rc" = 0
rm -f "$HIST"

# ---- --stats on a crafted history ----
mkdir -p "$(dirname "$HIST")"
line_for() { # DATE GRADE_TRAFFIC GRADE_STORAGE GRADE_AVAILABILITY
	local pts
	printf '{"date":"%s","preset":"t-drill","questions":[' "$1"
	local q s g first=1
	for spec in "request_rate traffic $2" "avg_qps traffic $2" "storage_total storage $3" \
		"egress_peak bandwidth $3" "servers concurrency exact" "cache_memory caching exact" \
		"downtime_per_month availability $4"; do
		read -r q s g <<<"$spec"
		case $g in exact) pts=2 ;; close) pts=1 ;; *) pts=0 ;; esac
		[ $first = 1 ] || printf ','
		first=0
		printf '{"quantity":"%s","skill":"%s","answer":"x","grade":"%s","points":%s,"max":2}' "$q" "$s" "$g" "$pts"
	done
	printf ']}\n'
}
{
	line_for 2024-05-01T10:00:00Z off close exact
	line_for 2024-05-03T10:00:00Z close close exact
	echo 'not a record'
	line_for 2024-05-06T10:00:00Z exact close off
	line_for 2024-05-08T10:00:00Z exact close skipped
} >"$HIST"
drill --stats
check "stats: exit 0" test "$rc" = 0
check "stats: counts" has "$out" '^Practice history: 4 drills, 28 graded answers, 2024-05-01 to 2024-05-08'
check "stats: header" has "$out" '^skill +answers +points +first +recent +trend'
for s in traffic storage bandwidth concurrency caching availability; do
	check "stats: row $s" has "$out" "^$s +[0-9]+ "
done
check "stats: traffic first 25%" has "$out" '^traffic +8 +6[23]% +25% '
check "stats: traffic improves" has "$out" '^traffic .* \+[0-9]+$'
check "stats: chart per day" has "$out" '^Share of points per day, oldest first \(2024-05-01 to 2024-05-08'
check "stats: chart rows" test "$(grep -cE '^  (traffic|storage|bandwidth|concurrency|caching|availability) ' <<<"$out")" = 12
check "stats: bars" has "$out" '^  availability +#+\.+ +[0-9]+%$'
check "stats: weakest skill" has "$out" '^weakest skill: availability '
check "stats: bad line reported" has "$err" 'skipped 1 line that is not a drill record'
rm -f "$HIST"
drill --stats
check "stats: empty history" has "$out" '^No practice history yet'

# ---- spaced repetition favours the weakest skill; a seed replays whatever the history ----
{
	line_for 2024-05-01T10:00:00Z exact exact off
	line_for 2024-05-02T10:00:00Z exact exact off
} >"$HIST"
picked=0
replayed=0
bad_rc=0
for i in $(seq 1 20); do
	drill "$T" --questions 1 --no-history </dev/null
	[ "$rc" = 0 ] || bad_rc=$((bad_rc + 1))
	grep -q '^Q1 \[downtime_per_month\]' <<<"$out" && picked=$((picked + 1))
	seed=$(sed -n 's/^Seed: \([0-9]*\) (repeat.*/\1/p' <<<"$out")
	q=$(grep '^Q1 ' <<<"$out")
	drill "$T" --seed "$seed" --questions 1 --no-history </dev/null
	[ "$rc" = 0 ] || bad_rc=$((bad_rc + 1))
	[ -n "$seed" ] && [ -n "$q" ] && [ "$(grep '^Q1 ' <<<"$out")" = "$q" ] && replayed=$((replayed + 1))
done
check "the history-weighted drills exit 0 ($bad_rc did not)" test "$bad_rc" = 0
check "spaced repetition: downtime asked in $picked of 20 one-question drills" test "$picked" -ge 12
check "the printed seed replays the drill ($replayed of 20)" test "$replayed" = 20
seeded=""
bad_rc=0
for seed in $(seq 1 20); do
	drill "$T" --seed "$seed" --questions 3 --no-history < <(yes skip)
	[ "$rc" = 0 ] || bad_rc=$((bad_rc + 1))
	seeded="$seeded$(grep '^Q' <<<"$out")"
done
rm -f "$HIST"
bare=""
picked=0
for seed in $(seq 1 20); do
	drill "$T" --seed "$seed" --questions 3 --no-history < <(yes skip)
	[ "$rc" = 0 ] || bad_rc=$((bad_rc + 1))
	bare="$bare$(grep '^Q' <<<"$out")"
	drill "$T" --seed "$seed" --questions 1 --no-history </dev/null
	[ "$rc" = 0 ] || bad_rc=$((bad_rc + 1))
	grep -q '^Q1 \[downtime_per_month\]' <<<"$out" && picked=$((picked + 1))
done
check "the seeded drills exit 0 ($bad_rc did not)" test "$bad_rc" = 0
# 20 drills of 3 questions each: 60 question lines, the same with and without a history
check "--seed: 60 questions asked" test "$(grep -o 'Q[123] \[' <<<"$seeded" | wc -l)" = 60
check "--seed: the same questions with and without a history" test "$seeded" = "$bare"
check "--seed: downtime asked in $picked of 20 (no favour)" test "$picked" -le 8
drill "$T" --seed 5 --questions 4 --no-history < <(yes skip)
q1=$(grep '^Q' <<<"$out")
check "--questions 4 asks 4" test "$(grep -c . <<<"$q1")" = 4
check "--questions 4: score max 8" test "$(tail -n 1 <<<"$out")" = "score: 0/8"
drill "$T" --seed 5 --questions 4 --no-history < <(yes skip)
check "--seed reproduces the questions" test -n "$q1" -a "$(grep '^Q' <<<"$out")" = "$q1"

# ---- a preset chosen at random, reproducibly ----
PDIR="$TMP/presets"
mkdir -p "$PDIR"
cp "$T" "$PDIR/t-drill.yaml"
sed -e 's/^name: t-drill/name: t-other/' -e 's/^title: .*/title: Other drill/' "$T" >"$PDIR/t-other.yaml"
export BOE_PRESET_PATH="$PDIR"
drill --seed 42 --no-history </dev/null
first=$(grep '^Practice:' <<<"$out")
check "random preset: chosen (rc=$rc)" has "$first" '^Practice: .*\(chosen for you'
drill --seed 42 --no-history </dev/null
check "random preset: same seed, same preset" test -n "$first" -a "$(grep '^Practice:' <<<"$out")" = "$first"
drill --no-history </dev/null
check "no seed: the seed is shown" has "$out" '^Seed: [0-9]+ \(repeat this drill with --seed [0-9]+\)'
unset BOE_PRESET_PATH

# ---- bad usage ----
for args in "-" "--questions 0" "--questions x" "--time abc" "--time 5GB" "--time-each abc" "--seed -1" "--bogus" "$T $T" \
	"no-such-preset-xyz" "--questions"; do
	# shellcheck disable=SC2086
	"$BOE" practice $args --no-history </dev/null >/dev/null 2>"$TMP/err"
	rc=$?
	check "bad usage '$args' exits 2 (rc=$rc)" test "$rc" = 2
	# one line that names the problem, not just anything on stderr
	check "bad usage '$args' says why" grep -Eq '^boe: (practice: |no preset named )' "$TMP/err"
done
"$BOE" practice --help >"$TMP/out" 2>&1
check "--help exits 0" test $? = 0
check "--help documents the grades" grep -q 'wrong-unit' "$TMP/out"

# ---- every shipped preset: questions an interviewer would ask ----
for p in presets/*.yaml; do
	[ -e "$p" ] || continue
	"$BOE" calc "$p" >/dev/null 2>&1 || continue
	drill "$p" --seed 1 --no-history < <(yes skip)
	name=$(basename "$p" .yaml)
	# the text after the Q<n> [name] tag names no variable
	named=$(sed -n 's/^Q[0-9]* \[[a-z0-9_]*\] //p' <<<"$out" | grep -cE '[a-z0-9]_[a-z0-9]')
	check "$name: 0 questions naming a variable ($named)" test "$named" = 0
	# the same answer twice is a repeat (small whole counts coincide: 2 servers, a pool of 2)
	dups=$(sed -n 's/^skipped .*| answer \([^:]*\): .*/\1/p' <<<"$out" | grep -vxE '[0-9]{1,2}' | sort | uniq -d | grep -c .)
	check "$name: 0 repeated answers ($dups)" test "$dups" = 0
	# givens as said: no variable = value, no derived value in parentheses
	leaks=$(sed -n '/^Given:/,/^[0-9]* question/p' <<<"$out" | grep -cE '^  [a-z_]+ = |= .* \([0-9.]+[KMB]?/s\)')
	check "$name: 0 givens as variables or with derived values ($leaks)" test "$leaks" = 0
done

# ---- every shipped preset: the shown answers are graded exact ----
shipped=0
for p in presets/*.yaml; do
	[ -e "$p" ] || continue
	drill "$p" --seed 1 --no-history < <(yes skip)
	n=$(grep -c '^skipped ' <<<"$out")
	answers=$(sed -n 's/^skipped .*| answer \([^:]*\): .*/\1/p' <<<"$out")
	drill "$p" --seed 1 --no-history <<<"$answers"
	got=$(grep -c '^exact ' <<<"$out")
	if [ "$n" -gt 0 ] && [ "$got" = "$n" ] && [ "$(tail -n 1 <<<"$out")" = "score: $((2 * n))/$((2 * n))" ]; then
		ok
	else
		bad "$p: $got of $n shown answers graded exact"
	fi
	shipped=$((shipped + 1))
done
check "every shipped preset drilled ($shipped of $(ls presets/*.yaml | wc -l))" test "$shipped" = "$(ls presets/*.yaml | wc -l)" -a "$shipped" -ge 33

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
