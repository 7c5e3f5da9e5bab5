#!/usr/bin/env bash
# What boe does with odd inputs and outputs: write errors, FIFOs, devices,
# symbolic links, missing directories, empty names and temporary files left
# by a killed writer. Nothing outside a temporary directory is written
# (devices are reached only through links made there, so a regression
# replaces the link, never the device).
# Run from the repository root:  BOE=build/boe bash tests/robust.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
BOE=$(cd "$(dirname "$BOE")" && pwd)/$(basename "$BOE")
. "$(dirname "$0")/lib/cli.sh"
cli_setup robust
export BOE_PRESET_PATH=$PWD/presets



for tool in timeout mkfifo; do
	command -v "$tool" >/dev/null 2>&1 || { echo "FAIL $tool is required"; echo "0 passed, 1 failed"; exit 1; }
done
if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- every command reports a failed write to stdout (a full disk) ----
if [ -w /dev/full ]; then
	for cmd in "calc --all" "calc url-shortener --format json" "calc --format yaml" \
		"calc --format markdown" "eval 1+1" "eval 2KB->MB" "list" "list --format json" \
		"check --all" "quantities" "quantities --format markdown" "--help" "--version" "calc --help"; do
		# shellcheck disable=SC2086
		timeout 20 "$BOE" $cmd >/dev/full 2>"$TMP/err" </dev/null
		rc=$?
		err=$(cat "$TMP/err")
		expect_rc "boe $cmd >/dev/full" 2
		expect_err_has "boe $cmd >/dev/full" "boe: write error: No space left on device"
	done
	# --all writes from whichever thread rendered a part: the reason must be the
	# failed write's own, every time (it once came from an unrelated stat now and then)
	for fmt in text json yaml markdown html; do
		wrong=0
		for _ in $(seq 40); do
			BOE_THREADS=2 timeout 20 "$BOE" calc --all --format "$fmt" >/dev/full 2>"$TMP/err" </dev/null
			rc=$?
			if [ "$rc" -ne 2 ] || [ "$(cat "$TMP/err")" != "boe: write error: No space left on device" ]; then
				wrong=$((wrong + 1))
				last="rc $rc: $(cat "$TMP/err")"
			fi
		done
		if [ "$wrong" -eq 0 ]; then ok; else bad "calc --all --format $fmt >/dev/full: $wrong of 40 runs wrong, last: $last"; fi
	done
else
	bad "/dev/full is not writable here: the write-error checks cannot run"
fi

# ---- --all through a pipe read slowly: every byte, in order (its parts go in one writev, which the pipe takes a bit at a time) ----
for fmt in json yaml text; do
	"$BOE" calc --all --format "$fmt" >"$TMP/whole" 2>/dev/null
	"$BOE" calc --all --format "$fmt" 2>/dev/null | { sleep 0.3; cat; } >"$TMP/piped"
	if [ -s "$TMP/whole" ] && cmp -s "$TMP/whole" "$TMP/piped"; then ok; else bad "calc --all --format $fmt through a slow pipe differs from the same to a file"; fi
done

# ---- input that is not a regular file ----
cd "$TMP" || exit 1
mkfifo fifo
run calc ./fifo
expect_rc "a FIFO with no writer is refused, not waited on" 2
expect_err "a FIFO is named" "boe: ./fifo: is a named pipe, not a regular file (use '-' to read standard input)"
run check ./fifo
expect_rc "check of a FIFO" 2
run calc /dev/null
expect_err "a device as input" "boe: /dev/null: is a device, not a regular file"
mkdir adir
run calc adir/
expect_err "a directory as input" "boe: adir/: is a directory, not a scenario file"

# an error in a file read from a pipe shows its line: the text is kept, not read again
printf 'boe: 1\nset:\n  dau: 5 s\n' | timeout 10 "$BOE" calc - >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
expect_rc "bad scenario on stdin" 2
expect_err "the line of an error on stdin" "boe: <stdin>:3:8: dau is a count, but '5 s' is time
    dau: 5 s
         ^"
# a file changed after it was read: the excerpt is the text that was read
printf 'boe: 1\nset:\n  dau: 5 s\n' >changing.yaml
run calc changing.yaml
expect_err_has "the line of an error in a file" "    dau: 5 s"

# ---- output targets ----
run calc -o fifo --force
expect_rc "-o onto a FIFO" 2
expect_err "-o onto a FIFO" "boe: fifo: is a named pipe; boe writes only regular files"
if [ -p fifo ]; then ok; else bad "-o --force replaced the FIFO"; fi

ln -s /dev/full devlink
run calc -o devlink --force
expect_rc "-o through a link to a device" 2
expect_err "-o through a link to a device" "boe: devlink: is a device; boe writes only regular files"
if [ -L devlink ] && [ -c /dev/full ]; then ok; else bad "-o --force replaced a link to a device"; fi

run calc -o adir --force
expect_err "-o onto a directory" "boe: adir: is a directory; boe writes only regular files"

echo old >real.md
ln -s real.md link.md
run calc -o link.md --force
expect_rc "-o through a symbolic link" 0
if [ -L link.md ] && [ "$(readlink link.md)" = real.md ]; then ok; else bad "the symbolic link was replaced"; fi
if head -n 1 real.md | grep -qx "# Default scenario"; then ok; else bad "the link's target was not written: $(head -c 80 real.md)"; fi

mkdir sub
ln -s sub/target.md sub-link.md
run calc -o sub-link.md
expect_rc "-o onto a dangling link without --force" 2
expect_err "-o onto a dangling link without --force" "boe: sub-link.md exists; not overwriting it (use --force to replace it)"
if [ ! -e sub/target.md ]; then ok; else bad "a dangling link was written through without --force"; fi
run calc -o sub-link.md --force
expect_rc "-o onto a dangling link with --force" 0
if [ -L sub-link.md ] && [ -f sub/target.md ]; then ok; else bad "--force on a dangling link: link or target wrong"; fi

run calc url-shortener -o -
expect_rc "-o - writes to stdout" 0
if printf '%s' "$out" | head -n 1 | grep -qx "URL Shortener (TinyURL)"; then ok; else bad "-o - printed '${out:0:80}'"; fi
if [ ! -e ./- ]; then ok; else bad "-o - wrote a file named '-'"; fi

run calc -o ''
expect_rc "-o ''" 2
expect_err "-o ''" "boe: -o needs a file name, or - for standard output (got an empty one)"

run calc -o missing/dir/r.md
expect_rc "-o into a missing directory" 2
expect_err "-o into a missing directory" "boe: missing/dir/r.md: cannot write: the directory missing/dir does not exist"
if [ ! -e missing ]; then ok; else bad "-o created a missing directory"; fi

# ---- temporary files of a killed writer are removed by the next write ----
sh -c 'exit 0' &
dead=$!
wait "$dead"
touch ".boe-tmp-$dead-AbCdEf" ".boe-tmp-$$-GhIjKl" ".boe-tmp-notapid"
run calc -o out.md
expect_rc "write beside stale temporary files" 0
if [ ! -e ".boe-tmp-$dead-AbCdEf" ]; then ok; else bad "a dead writer's temporary file was left"; fi
if [ -e ".boe-tmp-$$-GhIjKl" ]; then ok; else bad "a live writer's temporary file was removed"; fi
if [ -e ".boe-tmp-notapid" ]; then ok; else bad "a file not named by boe was removed"; fi
left=$(find . -maxdepth 1 -name ".boe-tmp-*" | wc -l)
if [ "$left" -eq 2 ]; then ok; else bad "temporary files after the write: $left (expected the 2 that are not stale)"; fi

# ---- large files: binding is not recursive, and a late duplicate key is still found ----
awk 'BEGIN { print "boe: 1"; print "define:"; n = 40000
	for (i = 0; i < n - 1; i++) printf "  q%d: q%d + 1\n", i, i + 1; printf "  q%d: 1\n", n - 1 }' >reverse.yaml
run calc reverse.yaml --format json
expect_rc "40,000 defines written in reverse order" 0
if printf '%s' "$out" | grep -A1 '"q0": {' | grep -q '"value": 40000,'; then ok; else bad "q0 of the reverse chain is not 40000"; fi
awk 'BEGIN { print "boe: 1"; print "define:"; for (i = 0; i < 30000; i++) printf "  q%d: 1\n", i; print "  q17: 2" }' >dup.yaml
run calc dup.yaml
expect_rc "a duplicate key after 30,000 others" 2
expect_err_has "a duplicate key after 30,000 others" "dup.yaml:30003:3: duplicate key 'q17' (first at line 20)"
# every command takes the 40,000-define chain in its stride (each once took
# seconds to minutes, comparing every name or question with all the others)
printf '1\n2\n3\n' >answers.txt
run_in answers.txt practice reverse.yaml --questions 3 --no-history --seed 1
expect_rc "practice on 40,000 defines" 0
expect_out_has "practice on 40,000 defines: it asks" "Q1"
run mock reverse.yaml --no-history --no-sheet
expect_out_has "mock on 40,000 defines: it starts" "reverse"
run compare reverse.yaml reverse.yaml --set q39999=2 --format json
expect_rc "compare of 40,000 defines" 0
if printf '%s' "$out" | grep -A3 '"name": "q0"' | grep -q '40001'; then ok; else bad "compare: q0 with q39999=2 is not 40001"; fi
run solve q0=50000 --for q39999 reverse.yaml --format json
expect_out_has "solve on 40,000 defines" '"set": "10001"'
run sweep q39999=1..100 reverse.yaml --show q0 --steps 3
expect_rc "sweep on 40,000 defines" 0
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "x%d = %d MB\n", i, i; print "x99999 - x50000" }' >defs.txt
run_in defs.txt eval
expect_out "eval: 100,000 names defined on stdin" "50 GB"
# tiers and hops: up to 500 of each, and one more is an error where it is written
awk -v n=501 'BEGIN { print "boe: 1"; print "availability:"; print "  tiers:"
	for (i = 0; i < n; i++) printf "    - { name: t%d, availability: 99.99%% }\n", i }' >tiers.yaml
run calc tiers.yaml
expect_rc "501 tiers" 2
expect_err_has "501 tiers: the error is at the 501st" "tiers.yaml:504:7: tier 501: a scenario has at most 500 availability tiers"
sed -i '$d' tiers.yaml
run calc tiers.yaml --format json
expect_out_has "500 tiers compute" '"composite": 0.951227'

# ---- a full practice history moves aside; recording never stops ----
command -v truncate >/dev/null 2>&1 || bad "truncate is required"
export XDG_STATE_HOME=$TMP/state
hist=$XDG_STATE_HOME/boe/history.jsonl
mkdir -p "$XDG_STATE_HOME/boe"
printf 'boe: 1\nname: h-drill\nset:\n  dau: 8.64M\n  requests_per_user: 10 / day\n  reads_per_write: 9\n' >h-drill.yaml
timeout 20 "$BOE" practice h-drill.yaml --seed 1 <<<1K >"$TMP/out" 2>"$TMP/err"
first=$(head -n 1 "$hist")
truncate -s 33M "$hist" # one drill, then 33 MiB: past the 32 MiB at which it moves
timeout 20 "$BOE" practice h-drill.yaml --seed 1 <<<1K >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
expect_rc "a drill after the history filled up" 0
if [ "$(wc -l <"$hist")" -eq 1 ] && grep -q '"preset":"h-drill"' "$hist"; then ok; else bad "the new drill was not recorded in a fresh history.jsonl"; fi
if [ "$(head -n 1 "$XDG_STATE_HOME/boe/history.1.jsonl")" = "$first" ]; then ok; else bad "the full history was not kept as history.1.jsonl"; fi
if printf '%s' "$err" | grep -q "scenario files"; then bad "the history error speaks of scenario files: $err"; else ok; fi
run practice --stats
if printf '%s' "$out" | grep -q '^Practice history: 2 drills'; then ok; else bad "--stats does not read the moved part: $(printf '%s' "$out" | head -n 1)"; fi
# a history past the 64 MiB read limit (left by an older boe): said, and the next drill still recorded
rm -f "$XDG_STATE_HOME/boe/history.1.jsonl"
truncate -s 65M "$hist"
timeout 20 "$BOE" practice h-drill.yaml --seed 1 <<<1K >"$TMP/out" 2>"$TMP/err"
rc=$?
err=$(cat "$TMP/err")
expect_rc "a drill with a 65 MiB history" 0
expect_err_has "a 65 MiB history is named" "history.jsonl: file is larger than 64 MiB"
if [ "$(wc -l <"$hist")" -eq 1 ]; then ok; else bad "after a 65 MiB history the drill was not recorded"; fi
size=$(wc -c <"$XDG_STATE_HOME/boe/history.1.jsonl")
if [ "$size" -le $((32 * 1024 * 1024)) ]; then ok; else bad "the 65 MiB history was moved aside whole ($size bytes): it could never be read"; fi
timeout 20 "$BOE" practice h-drill.yaml --seed 1 <<<1K >"$TMP/out" 2>"$TMP/err"
if grep -q "larger than" "$TMP/err"; then bad "the history is still too large to read: $(cat "$TMP/err")"; else ok; fi
# a hand-edited history with absurd numbers: read without overflow (the sanitizer
# build aborts on a float-to-int overflow)
printf '%s\n' '{"date":"2026-11-30T10:00:00Z","preset":"h-drill","time_s":1e300,"questions":[{"quantity":"avg_qps","skill":"traffic","answer":"1K/s","grade":"exact","hints":1e300,"late":false,"points":2,"max":2,"time_s":-1e300}]}' >"$hist"
rm -f "$XDG_STATE_HOME/boe/history.1.jsonl"
run practice --stats
expect_rc "stats of a history with hints 1e300" 0
if printf '%s' "$out" | grep -q '^Practice history: 1 drill'; then ok; else bad "the absurd history line was not read: $(printf '%s' "$out" | head -n 1)"; fi
unset XDG_STATE_HOME

# ---- an error on a long line shows the part around the column, not the whole line ----
long="$(printf '%*s' 40000 '')1 GB + 5 s"
run eval "$long"
expect_rc "an error on a 40K-character line" 2
expect_err_has "the long line's error names the column" "boe: expression:1:40006: cannot add data and time"
width=$(printf '%s\n' "$err" | sed -n 2p | wc -m)
if [ "$width" -le 130 ]; then ok; else bad "the excerpt of a 40K-character line is $width characters wide"; fi
if printf '%s\n' "$err" | sed -n 2p | grep -q '^  … *1 GB + 5 s$'; then ok; else bad "the excerpt does not show the place: $(printf '%s\n' "$err" | sed -n 2p | cut -c1-80)"; fi
caret=$(printf '%s\n' "$err" | sed -n 3p)
if [ "$caret" = "$(printf '%*s^' 63 '')" ]; then ok; else bad "the caret is not under the column: '$caret'"; fi

# ---- where presets come from: a copied binary finds them; ./presets is not searched ----
mkdir -p elsewhere/bin elsewhere/presets
cp "$BOE" elsewhere/bin/boe
printf 'not: [yaml\n' >elsewhere/presets/junk.yaml
printf 'boe: 1\nname: url-shortener\ntitle: An impostor\n' >elsewhere/presets/url-shortener.yaml
(cd elsewhere && env -u BOE_PRESET_PATH timeout 10 ./bin/boe calc url-shortener >"$TMP/out" 2>"$TMP/err")
rc=$?
out=$(cat "$TMP/out")
err=$(cat "$TMP/err")
expect_rc "a copied binary runs a preset from another directory" 0
if [ "$(printf '%s\n' "$out" | head -n 1)" = "URL Shortener (TinyURL)" ]; then ok; else bad "./presets shadowed the shipped preset: $(printf '%s\n' "$out" | head -n 1)"; fi
(cd elsewhere && env -u BOE_PRESET_PATH timeout 10 ./bin/boe list >"$TMP/out" 2>"$TMP/err")
rc=$?
err=$(cat "$TMP/err")
expect_rc "list beside an unrelated ./presets" 0
if [ -z "$err" ]; then ok; else bad "an unrelated ./presets gave warnings: $err"; fi
(cd elsewhere && BOE_PRESET_PATH=presets timeout 10 ./bin/boe calc url-shortener >"$TMP/out" 2>&1)
if head -n 1 "$TMP/out" | grep -qx "An impostor"; then ok; else bad "a ./presets named in BOE_PRESET_PATH is not searched"; fi

# ---- a character YAML does not allow, deep in a file: said where it is (libyaml put it at 1:1) ----
mkdir -p ctl
printf 'boe: 1\nname: ctl\ntitle: Ctl\nset:\n  dau: 5M\nnotes: |\n  fine\n  a\033[31m red\n' >ctl/ctl.yaml
BOE_PRESET_PATH=$TMP/ctl timeout 10 "$BOE" list >"$TMP/out" 2>"$TMP/err"
if grep -q 'ctl.yaml:8:4: invalid YAML: control character U+001B is not allowed' "$TMP/err"; then ok; else bad "list: the control character's place: $(cat -v "$TMP/err")"; fi
if grep -q '^ctl ' "$TMP/out"; then bad "list offers a preset that does not load"; else ok; fi
timeout 10 "$BOE" calc ctl/ctl.yaml >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc "calc of a file with a control character in its notes" 2
if grep -q 'ctl.yaml:8:4: invalid YAML: control character U+001B' "$TMP/err"; then ok; else bad "calc: the control character's place: $(cat -v "$TMP/err")"; fi
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/err"; then bad "the excerpt echoed the ESC raw"; else ok; fi
printf 'boe: 1\nname: ctl2\nsummary: "a \357\277\276"\n' >ctl/ctl2.yaml
timeout 10 "$BOE" calc ctl/ctl2.yaml >"$TMP/out" 2>"$TMP/err"
if grep -q 'ctl2.yaml:3:13: invalid YAML: U+FFFE is not a character YAML allows' "$TMP/err"; then ok; else bad "calc: U+FFFE's place: $(cat -v "$TMP/err")"; fi

# ---- text from files and arguments never reaches the terminal raw ----
# C0 and C1 controls: ESC, BEL, CR, and U+009B (CSI in one character)
mkdir -p hostile
esc=$(printf '\033')
c1=$(printf '\302\233')
printf 'boe: 1\ntitle: "T\\e]52;c;aGk=\\aX\\u009b2J"\nsummary: "s\\rS"\n' >"hostile/${esc}[2J${c1}z.yaml"
has_controls() { LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]\|\302[\200-\237]')" "$1"; }
BOE_PRESET_PATH=$TMP/hostile timeout 10 "$BOE" list >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc "list of a preset named by a hostile file" 0
if has_controls "$TMP/out"; then bad "boe list printed control characters: $(od -c "$TMP/out" | head -3)"; else ok; fi
if grep -q '^2j-z ' "$TMP/out"; then ok; else bad "the name from the file is not its slug: $(cat -v "$TMP/out")"; fi
for fmt in text markdown json yaml; do
	timeout 10 "$BOE" calc "hostile/${esc}[2J${c1}z.yaml" --format "$fmt" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc "calc --format $fmt of hostile text" 0
	if has_controls "$TMP/out"; then bad "calc --format $fmt printed control characters: $(grep -a -m1 'T' "$TMP/out" | cat -v)"; else ok; fi
done
# JSON and YAML keep the text, escaped
timeout 10 "$BOE" calc "hostile/${esc}[2J${c1}z.yaml" --format json >"$TMP/out"
if grep -qF '"title": "T\u001b]52;c;aGk=\u0007X\u009b2J"' "$TMP/out"; then ok; else bad "JSON does not escape the title: $(grep -a title "$TMP/out" | head -1)"; fi
for args in "calc ${esc}[2Jzz" "calc ${c1}zz.yaml" "eval 1+${esc}[31m" "calc --format ${esc}]52;c;x${esc}\\" "nosuch${esc}c"; do
	# shellcheck disable=SC2086
	timeout 10 "$BOE" $args >"$TMP/out" 2>"$TMP/err" </dev/null
	if has_controls "$TMP/err" || has_controls "$TMP/out"; then bad "boe $(printf '%s' "$args" | cat -v) echoed control characters: $(cat -v "$TMP/err")"; else ok; fi
done

cli_finish
