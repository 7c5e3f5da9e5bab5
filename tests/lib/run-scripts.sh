#!/usr/bin/env bash
# Runs the script tests named, several at once: as many as there are cores
# online, at most 4 ($TEST_JOBS sets the count). Each one's output is held
# until it ends and then printed whole under its name, so every script's
# failures and its "N passed, N failed" stay together. The scripts share
# nothing: each has its own scratch directory, HOME and tmux server.
# Exits 1 when any script failed.
#   BOE=build/boe bash tests/lib/run-scripts.sh tests/cli.sh tests/tui.sh ...
set -u

jobs=${TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs in '' | *[!0-9]*) jobs=1 ;; esac
[ "$jobs" -ge 1 ] || jobs=1
[ "$jobs" -le 4 ] || jobs=4

held=$(mktemp -d "${TMPDIR:-/tmp}/boe-scripts.XXXXXX")
trap 'rm -rf "$held"' EXIT

failed=0
running=0
declare -A slot_of # pid -> index
names=()

# reap: waits for one script to end, prints what it said
reap() {
	local pid k rc
	wait -n -p pid
	k=${slot_of[$pid]}
	unset "slot_of[$pid]"
	rc=$(cat "$held/$k.rc" 2>/dev/null || echo 1)
	echo "== ${names[$k]}"
	cat "$held/$k.out"
	if [ "$rc" != 0 ]; then
		failed=1
		echo "${names[$k]}: exit $rc"
	fi
	running=$((running - 1))
}

k=0
for t in "$@"; do
	names[k]=$t
	(
		bash "$t" >"$held/$k.out" 2>&1
		echo $? >"$held/$k.rc"
	) &
	slot_of[$!]=$k
	k=$((k + 1))
	running=$((running + 1))
	[ "$running" -lt "$jobs" ] || reap
done
while [ "$running" -gt 0 ]; do
	reap
done
exit $failed
