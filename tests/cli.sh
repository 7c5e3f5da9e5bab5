#!/usr/bin/env bash
# End-to-end tests of the batch command line: output, stderr and exit codes.
# Run from the repository root:  BOE=build/boe bash tests/cli.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
FIX=tests/fixtures

. "$(dirname "$0")/lib/cli.sh"
cli_setup cli

# need TOOL: true when TOOL is installed; a check that cannot run fails, it is never skipped
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	bad "$1 is required for the checks here (make deps installs it)"
	return 1
}




if [ ! -x "$BOE" ]; then
	echo "cli.sh: $BOE is not an executable (build it, or set BOE=path/to/boe)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- boe eval ----

run eval '50M * 20 / day'
expect_rc "eval 50M*20/day" 0
expect_out "eval 50M*20/day" "11.6K/s"
expect_no_err "eval 50M*20/day"

run eval '35K/s * 2 KB -> Mbps'
expect_rc "eval -> Mbps" 0
expect_out "eval -> Mbps" "560 Mbps"

run eval 'downtime(99.9%, month)'
expect_rc "eval downtime" 0
expect_out "eval downtime" "43.2 min"

run eval '1 GB + 5 s'
expect_rc "eval 1 GB + 5 s" 2
expect_no_out "eval 1 GB + 5 s"
expect_err_has "eval 1 GB + 5 s" "data"
expect_err_has "eval 1 GB + 5 s" "time"
expect_err_has "eval 1 GB + 5 s position" ":1:6:"

# several expressions, one result a line
run eval '1 + 1' '2 KB * 3' '99.9% * 99.9%'
expect_rc "eval several" 0
expect_out "eval several" "2
6 KB
99.8%"

# a standard quantity recomputed with --set: 50M * 20 / day * 3
run eval peak_qps --set dau=50M
expect_rc "eval --set standard" 0
expect_out "eval --set standard" "34.7K/s"
run eval --set dau=50M --set peak_factor=5 peak_qps
expect_out "eval two --set" "57.9K/s"

# --set defines a name; NAME = EXPR arguments too
run eval --set 'x=5M' 'x * 2'
expect_rc "eval --set name" 0
expect_out "eval --set name" "10M"
run eval 'x = 5M' 'x * 3'
expect_out "eval assignment" "15M"

# --explain shows how an ambiguous input was read
run eval --explain '1B messages/day'
expect_rc "eval --explain" 0
expect_out_has "eval --explain billion" "billion"
expect_out_has "eval --explain result" "11.6K/s"
run eval --explain '500 B'
expect_out_has "eval --explain bytes" "byte"

# errors in expressions: position, suggestion, nothing on stdout
run eval '5 MBs'
expect_rc "eval unknown unit" 2
expect_err_has "eval unknown unit" "unknown unit 'MBs' (did you mean 'MB/s'?)"
expect_err_has "eval unknown unit position" ":1:3:"
expect_no_out "eval unknown unit"
run eval '1 +'
expect_rc "eval parse error" 2
expect_err_has "eval parse error position" ":1:4:"
run eval '1 / 0'
expect_rc "eval division by zero" 2
expect_err_has "eval division by zero" "division by zero"
run eval '10^400'
expect_rc "eval overflow" 2
expect_err_has "eval overflow" "overflow"
run eval '1e400'
expect_rc "eval overflowing literal" 2
# one bad expression: nothing is printed for the good ones either
run eval '1 + 1' '2 +'
expect_rc "eval one bad of two" 2
expect_no_out "eval one bad of two"
run eval
expect_rc "eval without expression reads stdin (empty here)" 0
expect_no_out "eval without expression reads stdin (empty here)"
run eval --bogus '1'
expect_rc "eval unknown option" 2
expect_err_has "eval unknown option" "--bogus"
run eval --set 'dau=5 s' peak_qps
expect_rc "eval --set wrong dimension" 2
expect_err_has "eval --set wrong dimension" "time"

# ---- boe calc ----

run calc
expect_rc "calc default" 0
expect_no_err "calc default"
for section in Traffic Users Storage Bandwidth Compute "Cache & database" Availability Cost; do
	expect_out_has "calc default section $section" "$section"
done
# default peak: 10M * 20 / day * 3 = 6.94K/s
if printf '%s\n' "$out" | grep -E '^  peak_qps +6\.94K +/s' >/dev/null; then ok; else bad "calc default: no 'peak_qps 6.94K /s' line"; fi

# a value given but read by nothing (whatever read it was set as well): a warning for each,
# from a file and from --set, in every scenario of --all; none for a default left unread
printf 'boe: 1\nname: unread\ntitle: Unread\nset:\n  requests_per_user: 30/day\n  request_rate: 100/s\n' >"$TMP/unread.yaml"
run calc "$TMP/unread.yaml"
expect_rc "calc unused file value" 0
expect_err_has "calc unused file value" "unread.yaml:5:22: warning: requests_per_user is set but unused"
n=$(printf '%s\n' "$err" | grep -c 'but unused')
if [ "$n" = 1 ]; then ok; else bad "calc unused file value: $n warnings, not 1: $err"; fi
run calc url-shortener --set request_rate=100/s --set requests_per_user=30/day
expect_rc "calc unused --set value" 0
# (url-shortener gives its write rate, so request_rate feeds nothing either)
expect_err_has "calc unused --set value" "--set:1:19: warning: requests_per_user is overridden but unused"
expect_err_has "calc unused --set value" "--set:1:14: warning: request_rate is overridden but unused"
n=$(printf '%s\n' "$err" | grep -c 'but unused')
if [ "$n" = 2 ]; then ok; else bad "calc unused --set value: $n warnings, not 2: $err"; fi
run calc --all --set requests_per_user=30/day --set request_rate=1000/s --format json
expect_rc "calc --all unused --set" 0
n=$(printf '%s\n' "$err" | grep -c 'requests_per_user is overridden but unused')
m=$(printf '%s\n' "$out" | grep -c '^      "name": ')
# every preset but one, which does not read requests_per_user by default
if [ "$m" -gt 30 ] && [ "$n" = $((m - 1)) ]; then ok; else bad "calc --all: $n warnings for requests_per_user in $m scenarios"; fi
expect_err_has "calc --all unused file value" "cake-shop-2.yaml:14:8: warning: dau is set but unused"

run calc "$FIX/good/shop.yaml"
expect_rc "calc FILE" 0
expect_out_has "calc FILE title" 'Cake Shop | Orders & "Reviews"'
# 50M * 20 / day * 3 = 34.7K/s
if printf '%s\n' "$out" | grep -E '^  peak_qps +34\.7K +/s' >/dev/null; then ok; else bad "calc FILE: no 'peak_qps 34.7K /s' line"; fi
file_out=$out

run_in "$FIX/good/shop.yaml" calc -
expect_rc "calc -" 0
# the same report, and a real one: not two empty outputs
if [ -n "$out" ] && [ "$out" = "$file_out" ] && printf '%s\n' "$out" | grep -Eq '^  peak_qps +34\.7K +/s'; then ok; else
	bad "calc - < FILE differs from calc FILE, or is empty"; fi

# --set on a file: 20M * 20 / day * 5 = 23.1K/s
run calc "$FIX/good/shop.yaml" --set dau=20M --set peak_factor=5 --format markdown
expect_rc "calc --set" 0
expect_out_has "calc --set peak" '| `peak_qps` | `peak_read_qps + peak_write_qps` |'
expect_out_has "calc --set value" '**23.1K/s**'
expect_out_has "calc --set origin" '| `dau` | 20M | --set: `20M` |'
run calc --set dau=20M --set peak_factor=5 --format json
expect_out_has "calc --set default json" '"display": "23.1K/s"'
run calc --set nosuch=5
expect_rc "calc --set unknown" 2
expect_err_has "calc --set unknown" "unknown quantity 'nosuch'"
run calc --set peak_factr=5
expect_err_has "calc --set suggestion" "did you mean 'peak_factor'"
run calc --set 'object_size=5 MBs'
expect_rc "calc --set bad unit" 2
expect_err_has "calc --set bad unit" "unknown unit 'MBs'"
expect_err_has "calc --set bad unit position" "boe: --set:1:15: "
run calc --set 'cdn_hit_ratio=150%'
expect_rc "calc --set fraction out of range" 2
expect_err_has "calc --set fraction out of range" "between 0% and 100%"
expect_no_out "calc --set fraction out of range"

# every format
for f in text markdown md json yaml; do
	run calc "$FIX/good/shop.yaml" --format "$f"
	expect_rc "calc --format $f" 0
	[ -n "$out" ] && ok || bad "calc --format $f: empty output"
done
run calc "$FIX/good/shop.yaml" --format markdown
case $out in "# Cake Shop \\| Orders &amp; \"Reviews\""*) ok ;; *) bad "calc markdown: title line '${out%%$'\n'*}'" ;; esac
run calc "$FIX/good/shop.yaml" --format yaml
case $out in "boe: 1"*) ok ;; *) bad "calc yaml: does not start with 'boe: 1'" ;; esac
run calc "$FIX/good/shop.yaml" --format json
json=$out
if need jq; then
	if printf '%s' "$json" | jq -e '.boe == 1 and (.scenarios | length) == 1' >/dev/null 2>&1; then ok; else bad "calc json: not valid JSON with boe 1 and one scenario"; fi
	v=$(printf '%s' "$json" | jq -r '.scenarios[0].quantities.object_size.value')
	[ "$v" = "2000" ] && ok || bad "calc json: object_size value $v, expected 2000 (bytes)"
	u=$(printf '%s' "$json" | jq -r '.scenarios[0].quantities.service_time.unit')
	[ "$u" = "s" ] && ok || bad "calc json: service_time unit '$u', expected 's'"
	m=$(printf '%s' "$json" | jq -r '.scenarios[0].availability.meets_sla')
	[ "$m" = "true" ] && ok || bad "calc json: meets_sla $m"
fi
run calc --format xml
expect_rc "calc unknown format" 2
expect_err_has "calc unknown format" "xml"
run calc --bogus
expect_rc "calc unknown option" 2
expect_err_has "calc unknown option" "--bogus"
run calc "$TMP/does-not-exist.yaml"
expect_rc "calc missing file" 2
expect_err_has "calc missing file" "does-not-exist.yaml"
run calc no-such-preset-name
expect_rc "calc unknown preset" 2

# several scenarios at once
run calc "$FIX/good/shop.yaml" "$FIX/good/check-miss.yaml" --format json
expect_rc "calc two files" 0
if need jq; then
	n=$(printf '%s' "$out" | jq '.scenarios | length')
	[ "$n" = "2" ] && ok || bad "calc two files: $n scenarios in the JSON"
fi

# --all: every preset that list shows
if need jq; then
	run list --format json
	nlist=$(printf '%s' "$out" | jq '.presets | length')
	run calc --all --format json
	expect_rc "calc --all" 0
	nall=$(printf '%s' "$out" | jq '.scenarios | length')
	[ "$nall" = "$nlist" ] && ok || bad "calc --all: $nall scenarios, list shows $nlist presets"
fi

# ---- a preset found by the name inside its file (its header), whatever the file is called ----
mkdir -p "$TMP/named"
printf 'boe: 1\nname: my-shop\ntitle: My Shop\nset:\n  dau: 2M\n' >"$TMP/named/other-file.yaml"
printf 'boe: 1\nname: broken-shop\ntitle: Broken\nset:\n  dau: 2M\n  nope: 3\n' >"$TMP/named/broken-file.yaml"
BOE_PRESET_PATH=$TMP/named run calc my-shop
expect_rc "calc a preset by the name in its file" 0
expect_out_has "calc a preset by the name in its file" "My Shop"
# listed by its header, so found by it: the loader then says what is wrong, not "no preset named"
BOE_PRESET_PATH=$TMP/named run calc broken-shop
expect_rc "calc a preset broken past its header" 2
expect_err_has "calc a preset broken past its header" "broken-file.yaml:6:3: 'nope' is not a standard quantity"
BOE_PRESET_PATH=$TMP/named run list
expect_out_has "list shows the preset broken past its header" "broken-shop"
BOE_PRESET_PATH=$TMP/named run calc my-shp
expect_rc "calc a misspelt preset name" 2
expect_err_has "calc a misspelt preset name" "no preset named 'my-shp' (did you mean 'my-shop'?)"

# ---- -o: written atomically, never over an existing file without --force ----

mkdir "$TMP/o"
run calc "$FIX/good/shop.yaml" --format markdown
expected_md=$out
run calc "$FIX/good/shop.yaml" --format markdown -o "$TMP/o/report.md"
expect_rc "calc -o" 0
expect_no_out "calc -o"
if [ -f "$TMP/o/report.md" ] && [ "$(cat "$TMP/o/report.md")" = "$expected_md" ]; then ok; else bad "calc -o: report.md differs from stdout output"; fi
left=$(ls -A "$TMP/o")
[ "$left" = "report.md" ] && ok || bad "calc -o: directory holds '$left' (temporary files left?)"
cp "$TMP/o/report.md" "$TMP/before.md"
run calc --format json -o "$TMP/o/report.md"
expect_rc "calc -o existing, no tty, no --force" 2
expect_err_has "calc -o existing" "exists"
cmp -s "$TMP/o/report.md" "$TMP/before.md" && ok || bad "calc -o existing: the file was changed"
inode_before=$(stat -c %i "$TMP/o/report.md")
chmod 600 "$TMP/o/report.md"
run calc --format json -o "$TMP/o/report.md" --force
expect_rc "calc -o --force" 0
# replaced by a rename (a new file), keeping the old file's permissions
[ "$(stat -c %i "$TMP/o/report.md")" != "$inode_before" ] && ok || bad "calc -o --force: the file was rewritten in place, not renamed over"
[ "$(stat -c %a "$TMP/o/report.md")" = "600" ] && ok || bad "calc -o --force: mode $(stat -c %a "$TMP/o/report.md"), expected 600 kept"
case $(head -c 1 "$TMP/o/report.md") in "{") ok ;; *) bad "calc -o --force: file not replaced" ;; esac
left=$(ls -A "$TMP/o")
[ "$left" = "report.md" ] && ok || bad "calc -o --force: directory holds '$left'"
run calc --format json --output="$TMP/o/second.json"
expect_rc "calc --output=" 0
[ -f "$TMP/o/second.json" ] && ok || bad "calc --output=: file not written"
run calc -o "$TMP/no-such-dir/x.md"
expect_rc "calc -o into a missing directory" 2
# without --format, -o PATH's extension names the format: the same bytes as --format gives
mkdir -p "$TMP/ext"
for pair in md:markdown markdown:markdown MD:markdown json:json yaml:yaml yml:yaml html:html HTM:html txt:text out:text; do
	ext=${pair%%:*} fmt=${pair#*:}
	"$BOE" calc url-shortener -o "$TMP/ext/r.$ext" >/dev/null 2>&1
	"$BOE" calc url-shortener --format "$fmt" >"$TMP/ext/want.$ext" 2>/dev/null
	cmp -s "$TMP/ext/r.$ext" "$TMP/ext/want.$ext" && ok || bad "calc -o r.$ext: not the $fmt report"
done
"$BOE" calc url-shortener -o "$TMP/ext/noext" >/dev/null 2>&1
cmp -s "$TMP/ext/noext" "$TMP/ext/want.txt" && ok || bad "calc -o a name with no extension: not the text report"
"$BOE" calc url-shortener -o "$TMP/ext/.md" >/dev/null 2>&1
cmp -s "$TMP/ext/.md" "$TMP/ext/want.txt" && ok || bad "calc -o .md (a hidden file's name, no extension): not the text report"
"$BOE" calc url-shortener --format json -o "$TMP/ext/given.md" >/dev/null 2>&1
cmp -s "$TMP/ext/given.md" "$TMP/ext/want.json" && ok || bad "calc --format json -o x.md: --format does not win over the extension"
run calc url-shortener -o "$TMP/ext/page.html" --charts
expect_rc "calc -o x.html --charts (the charts are inline there)" 2
expect_err_has "calc -o x.html --charts" "inline"
[ -z "$(ls "$TMP/ext" | grep page)" ] && ok || bad "calc -o x.html --charts wrote: $(ls "$TMP/ext" | grep page)"
run calc url-shortener -o "$TMP/ext/sens.md" --sensitivity peak_qps
expect_rc "calc -o x.md --sensitivity" 0
"$BOE" calc url-shortener --format markdown --sensitivity peak_qps >"$TMP/ext/sens-want.md" 2>/dev/null
cmp -s "$TMP/ext/sens.md" "$TMP/ext/sens-want.md" && ok || bad "calc -o x.md --sensitivity: not the markdown tornado"

# ---- boe check ----

run check "$FIX/good/shop.yaml"
expect_rc "check ok" 0
expect_out_has "check ok lines" "ok"
expect_out_has "check ok summary" "4 ok, 0 missed"
run check "$FIX/good/check-miss.yaml"
expect_rc "check miss" 1
expect_out_has "check miss line" "MISS"
expect_out_has "check miss summary" "1 missed"
run check "$FIX/good/shop.yaml" "$FIX/good/check-miss.yaml"
expect_rc "check two" 1
expect_out_has "check two summary" "2 scenarios, 6 expectations: 5 ok, 1 missed"
# --set can make a check pass: 20K/s at peak from 50M * 20 / day = 11,574/s needs peak_factor 1.728
run check "$FIX/good/check-miss.yaml" --set 'peak_factor=1.728'
expect_rc "check with --set" 0
run check
expect_rc "check without arguments" 2
run check --all
case $rc in 0 | 1) ok ;; *) bad "check --all: exit $rc (stderr: ${err:0:200})" ;; esac
if printf '%s\n' "$out" | tail -n 1 | grep -qE '^[0-9]+ scenarios, [0-9]+ expectations: [0-9]+ ok, [0-9]+ missed'; then ok; else bad "check --all: no summary line"; fi
run check "$FIX/bad/cycle.yaml"
expect_rc "check bad file" 2

# ---- --all, a preset at a time, says what naming every preset says ----
# (--all loads, computes and writes each preset on the thread that has it and
# frees it then; named scenarios are all loaded first: the same bytes, out and err)
names=$("$BOE" list | awk '$1 != "" {print $1}')
[ "$(printf '%s\n' "$names" | wc -l)" -ge 30 ] && ok || bad "--all against named: 'boe list' gave $(printf '%s\n' "$names" | wc -l) names"
same_as_named() { # label ARGS... (a literal ALL stands for --all, then for every name)
	local label=$1 a=() n=() x
	shift
	for x in "$@"; do
		if [ "$x" = ALL ]; then a+=(--all); n+=($names); else a+=("$x"); n+=("$x"); fi
	done
	"$BOE" "${a[@]}" >"$TMP/all.out" 2>"$TMP/all.err" </dev/null
	local ra=$?
	"$BOE" "${n[@]}" >"$TMP/named.out" 2>"$TMP/named.err" </dev/null
	local rn=$?
	[ "$ra" = "$rn" ] && ok || bad "$label: exit $ra with --all, $rn with the names"
	[ -s "$TMP/all.out" ] || [ "$ra" = 2 ] && cmp -s "$TMP/all.out" "$TMP/named.out" && ok ||
		bad "$label: stdout differs from the named presets' ($(wc -c <"$TMP/all.out") and $(wc -c <"$TMP/named.out") bytes)"
	cmp -s "$TMP/all.err" "$TMP/named.err" && ok || bad "$label: stderr differs: $(diff "$TMP/all.err" "$TMP/named.err" | head -3)"
}
for f in text markdown json yaml; do
	same_as_named "calc --all --format $f" calc ALL --format "$f"
done
same_as_named "calc --all --iec --bits" calc ALL --iec --bits --format markdown
same_as_named "calc --all with ranges set" calc ALL --set 'peak_factor=2..6' --samples 2000 --seed 9 --format json
same_as_named "calc --all unused --set warnings" calc ALL --set requests_per_user=30/day --set request_rate=1000/s
same_as_named "calc --all bad --set" calc ALL --set 'peak_factor=3 +'
same_as_named "calc --all unknown --set" calc ALL --set 'peak_fctor=3'
same_as_named "check --all" check ALL
same_as_named "check --all --set" check ALL --set peak_factor=5
same_as_named "check --all --set ranges" check ALL --set dau=1M..3M
"$BOE" calc --all -o "$TMP/all.json" >/dev/null 2>&1
"$BOE" calc $names --format json >"$TMP/named.json" 2>/dev/null
cmp -s "$TMP/all.json" "$TMP/named.json" && ok || bad "calc --all -o x.json: not the named presets' JSON"
# one preset that cannot be read, or cannot be computed, fails --all whole: nothing on stdout
mkdir -p "$TMP/pp/good" "$TMP/pp/syntax" "$TMP/pp/compute"
cp presets/url-shortener.yaml "$TMP/pp/good/"
printf 'boe: 1\nname: syntax\ntitle: s\nset:\n  dau: [1\n' >"$TMP/pp/syntax/syntax.yaml"
printf 'boe: 1\nname: zero\ntitle: z\nset:\n  dau: 1M\n  peak_factor: 1/(dau - 1M)\n' >"$TMP/pp/compute/zero.yaml"
for kind in syntax compute; do
	for cmd in "calc --all" "calc --all --format json" "check --all" "calc --all --set dau=2M"; do
		BOE_PRESET_PATH="$TMP/pp/good:$TMP/pp/$kind" run $cmd
		expect_rc "$cmd with a $kind error in one preset" 2
		expect_no_out "$cmd with a $kind error in one preset"
		expect_err_has "$cmd with a $kind error in one preset" "$TMP/pp/$kind/"
	done
done
expect_err_has "check --all division by zero" "division by zero"
# a preset shadowed by one of the same name earlier in the path is neither shown nor its error said
mkdir -p "$TMP/pp/shadow"
printf 'boe: 1\nname: url-shortener\ntitle: Shadowed\nset:\n  dau: 1M\n  peak_factor: 1/(dau - 1M)\n' >"$TMP/pp/shadow/url-shortener.yaml"
for cmd in "calc --all --format json" "check --all"; do
	BOE_PRESET_PATH="$TMP/pp/good:$TMP/pp/shadow" XDG_DATA_HOME="$TMP/none" run $cmd
	expect_rc "$cmd with a shadowed broken preset" 0
	expect_no_err "$cmd with a shadowed broken preset"
	expect_out_lacks "$cmd with a shadowed broken preset" "Shadowed"
done
BOE_PRESET_PATH="$TMP/pp/shadow:$TMP/pp/good" XDG_DATA_HOME="$TMP/none" run calc --all
expect_rc "calc --all with the broken preset first" 2
expect_err_has "calc --all with the broken preset first" "$TMP/pp/shadow/url-shortener.yaml:6:16: peak_factor: division by zero"

# ---- list, quantities, help, version ----

run list
expect_rc "list" 0
expect_out_has "list url-shortener" "url-shortener"
run list --format json
expect_rc "list json" 0
if need jq; then
	printf '%s' "$out" | jq -e '.presets | length > 0' >/dev/null 2>&1 && ok || bad "list --format json: no presets array"
	# every preset's header fields, source among them, are what calc reports of it
	listed=$(printf '%s' "$out" | jq -c '.presets[] | [.name, .title, .difficulty, .summary, .source]' | sort)
	calced=$("$BOE" calc --all --format json | jq -c '.scenarios[] | [.name, .title, .difficulty, .summary, .source]' | sort)
	[ -n "$listed" ] && [ "$listed" = "$calced" ] && ok || bad "list --format json: the header fields differ from calc's: $(diff <(printf '%s\n' "$listed") <(printf '%s\n' "$calced") | head -5)"
	printf '%s' "$out" | jq -e 'all(.presets[]; (.source | length) > 0)' >/dev/null && ok || bad "list --format json: a preset without its source"
fi
run list --format xml
expect_rc "list unknown format" 2

run quantities
expect_rc "quantities" 0
for q in dau requests_per_user peak_qps concurrency pool_size servers shards sla monthly_cost; do
	if printf '%s\n' "$out" | grep -qE "^  $q "; then ok; else bad "quantities: no line for $q"; fi
done
run quantities --format markdown
expect_rc "quantities markdown" 0
if [ -f docs/quantities.md ]; then
	if [ "$out" = "$(cat docs/quantities.md)" ]; then ok; else bad "quantities --format markdown differs from docs/quantities.md (regenerate it)"; fi
else
	bad "docs/quantities.md is missing (tests/regen-docs.sh writes it)"
fi
run quantities --format json
expect_rc "quantities json" 0
run quantities --format xml
expect_rc "quantities unknown format" 2

run --help
expect_rc "--help" 0
expect_out_has "--help usage" "usage"
for c in calc check eval list quantities; do expect_out_has "--help lists $c" "$c"; done
run --version
expect_rc "--version" 0
if printf '%s\n' "$out" | grep -qE '^boe [0-9]+\.[0-9]+'; then ok; else bad "--version: '$out'"; fi
for c in calc check eval list quantities; do
	run "$c" --help
	expect_rc "$c --help" 0
	expect_out_has "$c --help usage" "usage"
done
run frobnicate
expect_rc "unknown command" 2
expect_err_has "unknown command" "unknown command 'frobnicate'"
expect_no_out "unknown command"
run cacl
expect_err_has "unknown command suggestion" "did you mean 'calc'"
run --bogus
expect_rc "unknown top-level option" 2

# ---- every bad-input fixture: exit 2, file:line:col on stderr, nothing on stdout, no -o file ----

nbad=0
while IFS=$'\t' read -r name pos part; do
	case $name in '#'* | '') continue ;; esac
	nbad=$((nbad + 1))
	f="$FIX/bad/$name"
	run calc "$f"
	expect_rc "bad $name" 2
	expect_no_out "bad $name"
	first=${err%%$'\n'*}
	case $first in
	"boe: $f:$pos: "*) ok ;;
	*) bad "bad $name: stderr '$first', expected 'boe: $f:$pos: ...'" ;;
	esac
	case $first in *"$part"*) ok ;; *) bad "bad $name: message lacks '$part': $first" ;; esac
	run calc "$f" --format markdown -o "$TMP/bad-out.md"
	expect_rc "bad $name -o" 2
	[ -e "$TMP/bad-out.md" ] && bad "bad $name -o: an output file was written" || ok
	left=$(ls -A "$TMP" | grep -c '^\.boe-tmp' || true)
	[ "$left" = "0" ] && ok || bad "bad $name -o: temporary files left"
	run check "$f"
	expect_rc "bad $name check" 2
done <"$FIX/bad/EXPECT"
[ "$nbad" -ge 20 ] && ok || bad "bad fixtures: only $nbad listed in $FIX/bad/EXPECT"

# the same error through stdin names <stdin>
run_in "$FIX/bad/unknown-unit.yaml" calc -
expect_rc "bad stdin" 2
expect_err_has "bad stdin" "<stdin>:4:18: unknown unit 'MBs'"

# a file over 1 MiB
{ printf 'boe: 1\n'; head -c 1100000 /dev/zero | tr '\0' '#'; printf '\n'; } >"$TMP/big.yaml"
run calc "$TMP/big.yaml"
expect_rc "bad big file" 2
expect_err_has "bad big file" "$TMP/big.yaml"
expect_err_has "bad big file" "larger than"
expect_no_out "bad big file"

# ---- summary ----
cli_finish
