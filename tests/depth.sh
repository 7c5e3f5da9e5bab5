#!/usr/bin/env bash
# Deep input never crashes boe: nested parentheses, runs of signs and long
# sums, up to the 1 MiB file limit, through every way text reaches the parser
# (scenario files, standard input, --set, eval, practice answers). Each is
# refused with "expression nested too deeply (limit 1000)" and its position.
# Run from the repository root:  BOE=build/boe bash tests/depth.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
BOE=$(cd "$(dirname "$BOE")" && pwd)/$(basename "$BOE")
pass=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/boe-depth.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export BOE_PRESET_PATH=$PWD/presets
MSG="expression nested too deeply (limit 1000)"

ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE"
	echo "0 passed, 1 failed"
	exit 1
fi

# rep N TEXT: TEXT written N times
rep() { head -c "$1" /dev/zero | tr '\0' 'x' | sed "s/x/$2/g"; }

# run ARGS...: boe with stdin from $TMP/in (empty by default); sets $rc and $err (first line).
: >"$TMP/in"
run() {
	timeout 60 "$BOE" "$@" >"$TMP/out" 2>"$TMP/err" <"$TMP/in"
	rc=$?
	err=$(head -c 300 "$TMP/err" | head -n 1)
}
# refused WHAT PREFIX: exit 2 and the depth message after PREFIX (file:line:col)
refused() {
	if [ "$rc" -ne 2 ]; then
		bad "$1: exit $rc, expected 2 (stderr: ${err:0:200})"
	elif [ "${err%%"$MSG"}" = "$err" ] || [ "${err#"$2"}" = "$err" ]; then
		bad "$1: stderr '${err:0:200}', expected '$2... $MSG'"
	else
		ok
	fi
}

# scenario WHAT BODYFILE: a scenario whose define x is the text in BODYFILE, padded to 1 MiB at most
head_text=$'boe: 1\nname: deep\nset:\n  dau: 1M\ndefine:\n  x: '
scenario() {
	{ printf '%s' "$head_text"; cat "$2"; printf '\n'; } >"$TMP/$1.yaml"
	size=$(wc -c <"$TMP/$1.yaml")
	[ "$size" -le 1048576 ] || bad "$1.yaml is $size bytes, over 1 MiB"
}

room=$((1048576 - ${#head_text} - 1))
half=$(((room - 1) / 2))
{ rep "$half" '('; printf 1; rep "$half" ')'; } >"$TMP/parens.txt"
{ rep $((room - 1)) '-'; printf 1; } >"$TMP/minus.txt"
{ rep 100000 '1+'; printf 1; } >"$TMP/sum.txt"
{ rep $(((room - 1) / 2)) '1+'; printf 1; } >"$TMP/bigsum.txt"
{ rep $(((room - 1) / 4)) '2^-('; } >"$TMP/powers.txt"
{ rep $(((room - 4) / 4)) 'ln('; printf 1; } >"$TMP/calls.txt"

# where the error is reported, 1-based, on line 6 after "  x: " (5 columns)
declare -A col=([parens]=1006 [minus]=1006 [sum]=2005 [bigsum]=2005 [powers]=1340 [calls]=3006)
for kind in parens minus sum bigsum powers calls; do
	scenario "$kind" "$TMP/$kind.txt"
	for fmt in text markdown json yaml; do
		run calc "$TMP/$kind.yaml" --format "$fmt"
		refused "calc of 1 MiB of $kind ($fmt)" "boe: $TMP/$kind.yaml:6:${col[$kind]}: "
	done
	cp "$TMP/$kind.yaml" "$TMP/in"
	run calc -
	refused "calc of $kind from stdin" "boe: <stdin>:6:${col[$kind]}: "
	run check "$TMP/$kind.yaml"
	refused "check of $kind" "boe: $TMP/$kind.yaml:6:${col[$kind]}: "
	: >"$TMP/in"
done

# the command line: a single argument stays under the kernel's 128 KiB
{ rep 60000 '('; printf 1; rep 60000 ')'; } >"$TMP/argparens.txt"
{ rep 120000 '-'; printf 1; } >"$TMP/argminus.txt"
{ rep 60000 '1+'; printf 1; } >"$TMP/argsum.txt"
for kind in argparens argminus argsum; do
	deep=$(cat "$TMP/$kind.txt")
	run calc url-shortener --set "dau=$deep"
	refused "calc --set dau=<$kind>" "boe: --set:1:"
	run eval --set "x=$deep" 'x * 2'
	refused "eval --set x=<$kind>" "boe: --set:1:"
	run eval -- "$deep"
	refused "eval <$kind>" "boe: expression:1:"
	run eval --explain -- "$deep"
	refused "eval --explain <$kind>" "boe: expression:1:"
done

# at the limit, everything still works
run eval "$(rep 999 '('; printf 7; rep 999 ')')"
if [ "$rc" -eq 0 ] && [ "$(cat "$TMP/out")" = 7 ]; then ok; else bad "999 parentheses: exit $rc, '$(head -c 100 "$TMP/out")' $err"; fi
run eval "$(rep 999 '1+'; printf 1)"
if [ "$rc" -eq 0 ] && [ "$(cat "$TMP/out")" = 1K ]; then ok; else bad "1000 terms: exit $rc, '$(head -c 100 "$TMP/out")' $err"; fi
{ printf '%s' "$head_text"; rep 999 '1+'; printf '1\n'; } >"$TMP/limit.yaml"
for fmt in text markdown json yaml; do
	run calc "$TMP/limit.yaml" --format "$fmt"
	if [ "$rc" -eq 0 ]; then ok; else bad "a 1000-term define ($fmt): exit $rc $err"; fi
done

# practice answers go through the same parser: deep lines are answers it cannot read
for kind in parens minus bigsum calls; do
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do cat "$TMP/$kind.txt"; echo; done >"$TMP/in"
	run practice url-shortener --no-history
	if [ "$rc" -le 2 ] && grep -q '^score: ' "$TMP/out"; then ok; else bad "practice given $kind answers: exit $rc $err"; fi
done

echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
