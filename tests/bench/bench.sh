#!/usr/bin/env bash
# Prints boe's speed and memory figures. Run through `make bench`.
set -u
cd "$(dirname "$0")/../.."
BOE=${BOE:-./boe}
BENCH=${BENCH:-build/bench}
"$BENCH" "$BOE" "$(command -v qalc || true)"
if [ -x tests/bench/tui-bench.sh ]; then
	echo
	BOE="$BOE" bash tests/bench/tui-bench.sh
fi
