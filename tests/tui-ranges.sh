#!/usr/bin/env bash
# The interface and ranges: typing 2..5 into an input makes it a range through
# the ordinary edit path; the sheet shows each ranged result's interval; the
# Ranges view (7) draws the selected quantity's histogram or cumulative curve
# with its percentiles and its tornado; undo puts the point value back.
# With --bench, the ranged edit's recompute and redraw time (BOE_TUI_TIMING).
# Run from the repository root:  BOE=build/boe bash tests/tui-ranges.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BENCH=0
[ "${1:-}" = "--bench" ] && BENCH=1
. "$(dirname "$0")/lib/tmux.sh"
tui_setup ranges

cat >"$tmp/work/shop.yaml" <<'EOF2'
boe: 1
name: range-shop
title: Range Shop
set:
  dau: 5M
  peak_factor: 3
EOF2
# the same shop with five ranges, for the timing
cat >"$tmp/work/ranged.yaml" <<'EOF2'
boe: 1
name: ranged-shop
title: Ranged Shop
set:
  dau: 5M
  peak_factor: 2..5
  object_size: 300 B..1 KB
  server_rps: 500..2000/s
  reads_per_write: 50..200
  cache_hit_ratio: 70%..95%
EOF2

S=r
start_shell $S xterm-256color 110 40 || fail "no shell in tmux"

if [ $BENCH = 1 ]; then
	for i in 1 2 3 4 5; do
		text $S "BOE_TUI_TIMING=$tmp/timing $BOE tui ranged.yaml 2>/dev/null; echo done$i"
		keys $S Enter
		wait_for $S 'Ranged Shop' 10
		keys $S j j
		keys $S +
		wait_for $S 'z undoes' 5
		keys $S z
		wait_for $S 'undone' 5
		keys $S q
		wait_for $S 'Unsaved' 3 && keys $S y
		wait_for $S "^done$i" 10
	done
	python3 - "$tmp/timing" <<'EOF2'
import statistics, sys
v = [float(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("edit_ms ")]
r = [float(l.split()[3]) for l in open(sys.argv[1]) if l.startswith("edit_ms ") and len(l.split()) > 3]
if v:
    print("tui ranged edit_ms %.2f (median of %d, max %.2f; recompute of 10,000 samples %.2f ms of it)"
          % (statistics.median(v), len(v), max(v), statistics.median(r) if r else -1))
EOF2
	exit 0
fi

text $S "$BOE tui shop.yaml"
keys $S Enter
check "the shop opens" $S 'boe .* Range Shop'
text $S /peak_factor
keys $S Enter
check "find selects peak_factor" $S 'peak_factor · Traffic'
keys $S Enter
keys $S C-u
text $S 2..5
keys $S Enter
check "2..5 is accepted as an edit" $S '^. peak_factor +3\.16 .*\(90%: 2–4\.97\) edit: 2\.\.5'
check "a dependent result shows its interval" $S '^  peak_qps .*\(90%: [0-9.]+K–[0-9.]+K\) = peak_read_qps'
check_not "a result that depends on no range has no interval" $S '^  avg_qps .*90%'
text $S /peak_qps
keys $S Enter
keys $S 7
check "the Ranges view names the quantity and its interval" $S 'peak_qps = [0-9.]+K/s \(90%: .*10000 samples, seed 1'
check "the percentiles are marked" $S 'p5 .*p50 .*p95 '
check "the tornado lists the input" $S '^  peak_factor +█+ .*100%'
keys $S c
check "c shows the cumulative curve" $S 'c: histogram'
keys $S 1
keys $S z
check "undo takes the range away" $S '^. peak_factor +3 +'
check_not "and the intervals with it" $S '90%:'
keys $S 7
check "the Ranges view says how to make a range" $S 'No value is a range'
keys $S q
wait_for $S 'Unsaved' 3 && keys $S y
check "boe quits" $S '^\$ ?$'

# a bad range is refused like any bad entry
text $S "$BOE tui shop.yaml"
keys $S Enter
check "the shop opens again" $S 'boe .* Range Shop'
text $S /peak_factor
keys $S Enter
keys $S Enter
keys $S C-u
text $S 5..2
keys $S Enter
check "5..2 is refused with the reason" $S 'LO below HI'
keys $S Escape
keys $S q
wait_for $S 'Unsaved' 2 && keys $S y

finish
