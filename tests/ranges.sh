#!/usr/bin/env bash
# Ranges on the command line (spec §7): eval's median and interval, JSON
# percentiles, --set ranges through a scenario's report in every format,
# byte-identical output for a seed, --sensitivity, P(meets SLA), inside: 90%.
# Run from the repository root:  BOE=build/boe bash tests/ranges.sh
set -u
BOE=${BOE:-./boe}
export BOE_PRESET_PATH=$PWD/presets
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
# same NAME WANT GOT
same() { if [ "$2" = "$3" ]; then pass; else fail "$1: want '$2', got '$3'"; fi; }
has() { if printf '%s\n' "$3" | grep -Eq -- "$2"; then pass; else fail "$1: no /$2/ in:"; printf '%s\n' "$3" | head -8 | sed 's/^/    | /'; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

same "eval 2..5" "3.16 (90%: 2–4.97)" "$("$BOE" eval '2..5')"
same "a bare LO takes HI's unit" "2 KB (90%: 998 B–3.96 KB)" "$("$BOE" eval '1..4 KB')"
same "a product of ranges" "44.7 KB (90%: 25.3 KB–78.5 KB)" "$("$BOE" eval '(2..5) * (10..20) KB')"
same "no range, no interval" "3" "$("$BOE" eval '1 + 2')"
j=$("$BOE" eval --format json '2..5')
python3 - "$j" <<'PY' && pass || fail "eval --format json: $j"
import json, math, sys
d = json.loads(sys.argv[1])
r = d["range"]
assert abs(d["value"] - math.sqrt(10)) < 1e-12
assert abs(r["p5"] - 2) < 0.05 and abs(r["p95"] - 5) < 0.12 and r["p5"] < r["p50"] < r["p95"]
assert d["samples"] == 10000 and d["seed"] == 1 and d["unit"] == ""
PY
"$BOE" eval '5..2' >/dev/null 2>"$tmp/err"; same "LO above HI exits 2" 2 $?
has "and says why" 'LO below HI' "$(cat "$tmp/err")"
"$BOE" eval '1 s..2 KB' >/dev/null 2>&1; same "two dimensions exit 2" 2 $?

sets=(--set peak_factor=2..5 --set object_size=300B..1KB --set server_rps=500..2000/s)
t=$("$BOE" calc url-shortener "${sets[@]}")
has "text: the sampling line" '^ranges: 10,000 samples, seed 1' "$t"
has "text: a ranged input" '^  peak_factor +3\.16 +\(90%: [0-9.]+–[0-9.]+\) +--set: 2\.\.5' "$t"
has "text: a ranged result" '^  peak_qps .*\(90%: [0-9.]+K–[0-9.]+K\) += peak_read_qps' "$t"
if printf '%s\n' "$t" | grep -E '^  (dau|avg_qps|retention) ' | grep -q '90%'; then fail "a value with no range shows an interval"; else pass; fi
m=$("$BOE" calc url-shortener "${sets[@]}" --format markdown)
has "markdown: the Ranges section" '^## Ranges' "$m"
for q in peak_qps storage_total egress_peak servers cache_memory; do
	has "markdown: a tornado for $q" "^### \`$q\` = " "$m"
done
has "markdown: the tornado's rows" '^\| server\\_rps \| 500/s → 2K/s \| 26 → 8 \|' "$m"
js=$("$BOE" calc url-shortener "${sets[@]}" --format json)
python3 - "$js" <<'PY' && pass || fail "calc --format json: ranges"
import json, sys
s = json.loads(sys.argv[1])["scenarios"][0]
assert s["samples"] == 10000 and s["seed"] == 1
q = s["quantities"]
r = q["peak_qps"]["range"]
assert r["p5"] < q["peak_qps"]["value"] < r["p95"] and set(r) == {"p5", "p50", "p95", "mean"}
assert "range" not in q["dau"] and "range" not in q["avg_qps"]
PY
# the same file and seed: the same bytes, in every format; another seed: other figures
for f in text markdown json yaml; do
	a=$("$BOE" calc url-shortener "${sets[@]}" --format $f | sha256sum)
	b=$("$BOE" calc url-shortener "${sets[@]}" --format $f --seed 1 | sha256sum)
	c=$("$BOE" calc url-shortener "${sets[@]}" --format $f --seed 2 | sha256sum)
	same "--format $f twice, one seed" "$a" "$b"
	if [ "$a" != "$c" ]; then pass; else fail "--format $f: --seed 2 gave the same output"; fi
done
has "--samples changes the count" '"samples": 2000' "$("$BOE" calc url-shortener "${sets[@]}" --format json --samples 2000)"

s=$("$BOE" calc url-shortener "${sets[@]}" --sensitivity servers)
has "sensitivity: the header" '^Sensitivity of servers in url-shortener: ' "$s"
same "sensitivity: largest swing first" "server_rps peak_factor object_size" "$(printf '%s\n' "$s" | awk 'NR > 2 {print $1}' | tr '\n' ' ' | sed 's/ $//')"
has "sensitivity: an input that does not move it shows 0" '^  object_size .* 0 +0%$' "$s"
"$BOE" calc url-shortener --sensitivity nosuch >/dev/null 2>&1; same "sensitivity of an unknown name exits 2" 2 $?

cat >"$tmp/tiers.yaml" <<'Y'
boe: 1
name: tiers
title: Tiers
set:
  sla: 99.9%
  peak_factor: 2..5
availability:
  tiers:
    - { name: api, availability: 99.5%..99.99% }
latency_budget:
  target: 100 ms
  hops:
    - { name: db, time: 40..120 ms }
expect:
  peak_factor: { value: 4.5, inside: 90% }
Y
t=$("$BOE" calc "$tmp/tiers.yaml")
has "P(meets SLA)" 'P\(meets SLA\) = [0-9.]+%' "$t"
has "P(fits budget)" 'P\(fits budget\) = [0-9.]+%' "$t"
"$BOE" check "$tmp/tiers.yaml" >"$tmp/out"; same "inside: 90% passes" 0 $?
has "check says inside the interval" 'expected 4\.5 inside the 90% interval' "$(cat "$tmp/out")"
sed 's/value: 4.5, inside/value: 9, inside/' "$tmp/tiers.yaml" >"$tmp/miss.yaml"
"$BOE" check "$tmp/miss.yaml" >/dev/null; same "a figure outside the interval misses" 1 $?
sed 's/inside: 90%/inside: 80%/' "$tmp/tiers.yaml" >"$tmp/bad.yaml"
"$BOE" check "$tmp/bad.yaml" >/dev/null 2>&1; same "inside: takes only 90%" 2 $?

# the samples are drawn once, after every --set: a --set can mend a range the file breaks
printf 'boe: 1\nname: t\ntitle: t\ndefine:\n  xa: -1..4\n  r: sqrt(xa + 1.5)\n' >"$tmp/sqrt.yaml"
"$BOE" calc "$tmp/sqrt.yaml" >/dev/null 2>"$tmp/err"; same "a range that breaks a formula: exit" 2 $?
grep -q 'r: square root of a negative number in sample [0-9]* of 10000' "$tmp/err" && pass || fail "the sample that broke it is named: $(cat "$tmp/err")"
"$BOE" calc "$tmp/sqrt.yaml" --set xa=1..4 >/dev/null 2>&1; same "--set mends it: exit" 0 $?
"$BOE" calc "$tmp/sqrt.yaml" --set xa=-2..4 --samples 2000 >/dev/null 2>"$tmp/err"; same "--set breaking it again: exit" 2 $?
grep -q 'of 2000 (a range reaches values' "$tmp/err" && pass || fail "the fault is at the samples asked for: $(cat "$tmp/err")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
