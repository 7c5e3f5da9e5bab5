#!/usr/bin/env bash
# The commands that spread their work over threads (--all, several scenarios),
# run from a ThreadSanitizer build on 2 and 4 threads: each must exit as the
# normal build does, print the same bytes, and draw no report from the
# sanitizer. Run by `make check-threads` (and .ci/run):
#   BOE=build-tsan/boe REF=build/boe bash tests/threads/run.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BOE=${BOE:?BOE names the ThreadSanitizer build}
REF=${REF:?REF names the normal build}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"

# a search path with a broken preset among the shipped ones: the error is the same on any count
mkdir -p "$tmp/path"
cp presets/*.yaml "$tmp/path/"
printf 'boe: 1\nname: mmm-broken\nset:\n  dau: 5 MBs\n' >"$tmp/path/mmm-broken.yaml"

check() { # label, then the command's arguments
	local label=$1
	shift
	for t in 2 4; do
		BOE_THREADS=$t "$BOE" "$@" >"$tmp/out" 2>"$tmp/err"
		local rc=$?
		"$REF" "$@" >"$tmp/ref" 2>"$tmp/referr"
		local want=$?
		if grep -q "ThreadSanitizer" "$tmp/err"; then
			failed=$((failed + 1))
			echo "FAIL $label on $t threads: ThreadSanitizer reports"
			grep -A12 "WARNING: ThreadSanitizer" "$tmp/err" | head -30
		elif [ "$rc" -ne "$want" ] || ! cmp -s "$tmp/out" "$tmp/ref" || ! cmp -s "$tmp/err" "$tmp/referr"; then
			failed=$((failed + 1))
			echo "FAIL $label on $t threads: exit $rc (want $want), or other output than the normal build's"
		else
			passed=$((passed + 1))
		fi
	done
}

for fmt in text markdown json yaml html; do
	check "calc --all --format $fmt" calc --all --format "$fmt"
done
check "calc --all with ranges set" calc --all --set peak_factor=2..4 --format json
check "calc --all at other samples and seed" calc --all --samples 2000 --seed 3 --format json
check "check --all with a --set that fails" check --all --set "dau=5 MBs"
check "check --all" check --all
check "list" list
check "calc of three presets" calc url-shortener cake-shop-2 news-feed-ranking --format markdown
BOE_PRESET_PATH="$tmp/path" check "calc --all with a broken preset" calc --all --format json
BOE_PRESET_PATH="$tmp/path" check "check --all with a broken preset" check --all

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
