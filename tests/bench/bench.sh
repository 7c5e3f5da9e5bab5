#!/usr/bin/env bash
# Prints boe's speed and memory figures, each flagged MISS when it misses its
# target, and how many did. Run through `make bench`.
set -u
cd "$(dirname "$0")/../.."
BOE=${BOE:-./boe}
BENCH=${BENCH:-build/bench}
FLOOR=${FLOOR:-build/floor}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BENCH" "$BOE" "$FLOOR" "$(command -v qalc || true)" | tee "$out"
echo
echo "interface (tests/tui.sh --bench, in a private tmux server)"
echo "  targets: first frame < 20 ms, edit (recompute and redraw) < 2 ms, ranged edit (10,000 samples) < 16 ms"
# each median against its target
{ BOE="$BOE" bash tests/tui.sh --bench; BOE="$BOE" bash tests/tui-ranges.sh --bench; } | awk '
	{ limit = 0 }
	$1 == "tui" && $2 == "first_frame_ms" { limit = 20; v = $3 }
	$1 == "tui" && $2 == "edit_ms" { limit = 2; v = $3 }
	$1 == "tui" && $2 == "ranged" && $3 == "edit_ms" { limit = 16; v = $4 }
	{ print "  " $0 (limit && v + 0 >= limit ? "  MISS" : "") }' | tee -a "$out"
misses=$(grep -c 'MISS' "$out")
echo
if [ "$misses" -eq 0 ]; then
	echo "every figure met its target"
else
	echo "$misses figure$([ "$misses" -eq 1 ] || echo s) missed $([ "$misses" -eq 1 ] && echo its || echo their) target"
fi
