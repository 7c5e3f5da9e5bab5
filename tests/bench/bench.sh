#!/usr/bin/env bash
# Prints boe's speed and memory figures. Run through `make bench`.
set -u
cd "$(dirname "$0")/../.."
BOE=${BOE:-./boe}
BENCH=${BENCH:-build/bench}
"$BENCH" "$BOE" "$(command -v qalc || true)"
echo
echo "interface (tests/tui.sh --bench, in a private tmux server)"
BOE="$BOE" bash tests/tui.sh --bench | sed 's/^/  /'
BOE="$BOE" bash tests/tui-ranges.sh --bench | sed 's/^/  /'
echo "  targets: first frame < 20 ms, edit (recompute and redraw) < 2 ms, ranged edit (10,000 samples) < 16 ms"
