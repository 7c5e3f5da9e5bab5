#!/usr/bin/env bash
# End-to-end checks of the numeric defects of issue 8: exact rounding,
# tolerant comparisons, no non-zero value shown as 0, unit exponents that
# cannot wrap, number literals read whole, and warnings about how a number
# was read. Every expected value is worked out by hand.
# Run from the repository root:  BOE=build/boe bash tests/numbers.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}

. "$(dirname "$0")/lib/cli.sh"
cli_setup numbers




# shows EXPR TEXT: `boe eval EXPR` prints exactly TEXT and exits 0
shows() {
	run eval "$1"
	expect_rc "eval '$1'" 0
	expect_out "eval '$1'" "$2"
}

# exact EXPR VALUE: the exact value of `boe eval --explain EXPR` is VALUE
exact() {
	run eval --explain "$1"
	expect_rc "eval --explain '$1'" 0
	local v
	v=$(printf '%s\n' "$out" | sed -n 's/^  value      //p')
	if [ "$v" = "$2" ]; then ok; else bad "eval --explain '$1': value '$v', expected '$2'"; fi
}

# json_value ARGS... -- NAME VALUE: "NAME": { "value": VALUE in boe calc --format json
json_value() {
	local args=()
	while [ "$1" != "--" ]; do args+=("$1"); shift; done
	shift
	run calc "${args[@]}" --format json
	expect_rc "calc ${args[*]}" 0
	local v
	v=$(printf '%s\n' "$out" | grep -A1 "\"$1\": {" | sed -n 's/.*"value": \([^,]*\),.*/\1/p' | head -1)
	if [ "$v" = "$2" ]; then ok; else bad "calc ${args[*]}: $1 = '$v', expected '$2'"; fi
}

if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE (build it or set BOE=)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- ceil, floor, round, pow2ceil: exact at every magnitude ----
exact 'ceil(5B)' '5,000,000,000 (count)'
exact 'ceil(1 TB)' '1,000,000,000,000 B (data)'
exact 'floor(1 TB)' '1,000,000,000,000 B (data)'
exact 'ceil(5B + 0.5)' '5,000,000,001 (count)'
exact 'floor(5B - 0.5)' '4,999,999,999 (count)'
exact 'ceil(10000000.005)' '10,000,001 (count)'
exact 'round(5B + 0.6)' '5,000,000,001 (count)'
exact 'pow2ceil(1024.0000000001)' '2048 (count)'
shows 'ceil(0.1 * 3 * 10)' '3'
shows 'floor(0.7 * 3 / 0.7)' '3'
shows 'round((2.3 + 0.05) * 10)' '24'
json_value --set concurrency=7000000.0035 -- pool_size 10000001
json_value --set concurrency=7000000 -- pool_size 10000000

# ---- comparisons: equal within 1e-9 of the larger ----
shows '1 - 99% == 1%' '1'
shows '1 - 99% != 1%' '0'
shows '12.2% + 95.2% >= 107.4%' '1'
shows '12.2% + 95.2% > 107.4%' '0'
shows '1 < 1.000000002' '1'
shows '1 == 1.0000000005' '1'
shows '0 == 1e-300' '0'
cat >"$TMP/cmp.yaml" <<'YAML'
boe: 1
define:
  avail: 99%
  eq: 1 - avail == 1%
  ge: avail + 8.4% >= 107.4%
YAML
json_value "$TMP/cmp.yaml" -- eq 1
json_value "$TMP/cmp.yaml" -- ge 1

# ---- bloom_bits: the function, --explain and docs/units.md all say ceil ----
shows 'bloom_bits(1, 1%)' '10'
exact 'bloom_bits(1M, 1%)' '9,585,059 (count)'
run eval --explain 'bloom_bits(1, 1%)'
expect_out_has "explain bloom_bits" 'ceil(-n ln p / (ln 2)^2)'
if grep -F '`bloom_bits(n, p)`' docs/units.md | grep -qF 'ceil(−n ln p / (ln 2)²)'; then ok; else bad "docs/units.md: bloom_bits is not described as ceil(−n ln p / (ln 2)²)"; fi

# ---- nothing non-zero is shown as 0: eval, text, markdown, JSON ----
shows '1 B -> TB' '1e-12 TB'
shows '1 KB -> EB' '1e-15 EB'
shows '1 ns -> year' '3.17e-17 year'
shows '1e-22 B' '1e-22 B'
shows '1e-30 s' '1e-21 ns'
shows '1e-30 -> %' '1e-28%'
shows '$1e-9' '$1e-9'
shows '0 B -> TB' '0 TB'
cat >"$TMP/tiny.yaml" <<'YAML'
boe: 1
define:
  tiny_size: 1 B
  tiny_tb: { value: tiny_size * 1, display: TB }
  tiny_time: 1e-30 s
YAML
run calc "$TMP/tiny.yaml"
expect_out_has "calc text tiny_tb" '1e-12 TB'
expect_out_has "calc text tiny_time" '1e-21 ns'
run calc "$TMP/tiny.yaml" --format markdown
expect_out_has "calc markdown tiny_tb" '**1e-12 TB**'
expect_out_has "calc markdown tiny_time" '| 1e-21 ns |'
run calc "$TMP/tiny.yaml" --format json
expect_out_has "calc json tiny_tb" '"display": "1e-12 TB"'
expect_out_has "calc json tiny_time" '"display": "1e-21 ns"'

# ---- unit exponents: out of range is an error with its position ----
run eval '((s^8)^8)^4 + 1'
expect_rc "eval s^256" 2
expect_err "eval s^256" "boe: expression:1:10: unit exponent out of range: time^256 (at most 127 either way)
  ((s^8)^8)^4 + 1
           ^"
run eval 's^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8*s^8'
expect_rc "eval 16 factors of s^8" 2
expect_err_has "eval 16 factors of s^8" 'boe: expression:1:60: unit exponent out of range: time^128'
shows '(s^8)^8' '1 s^64'

# ---- number literals: every digit counts ----
Z150=$(printf '0%.0s' $(seq 150))
shows "1$Z150" '1e150'
shows "1${Z150}%" '1e150%'
shows "0.${Z150}1" '1e-151'
shows "1$(printf ',000%.0s' $(seq 30))" '1e90'
run eval "1$(printf '0%.0s' $(seq 400))"
expect_rc "eval 401 digits" 2
expect_err_has "eval 401 digits" 'boe: expression:1:1: number too large: 10000000000000000000... (401 digits)'
run eval '1 KB -> KB*KB*KB/KB/KB/KB/KB*KB*KB/KB/KB'
expect_rc "eval long target" 2
expect_err_has "eval long target" "expression:1:9: the unit after '->' is too long to show (at most 31 characters)"

# ---- a glued signed exponent; ^ keeps the percentage display ----
shows '2 s^-1' '2/s'
shows '2 s ^ -1' '30/min'
shows '1 - (1 - 99.9%)^2' '99.9999%'
shows '(1 - 99.9%)^2' '0.0001%'

# ---- max(1,500): the documented reading, with a warning on stderr ----
run eval 'max(1,500)'
expect_rc "eval max(1,500)" 0
expect_out "eval max(1,500)" '1.5K'
expect_err "eval max(1,500)" "boe: expression:1:5: warning: '1,500' read as one number 1500; write '1, 500' for two arguments"
run eval 'max(1, 500)'
expect_out "eval max(1, 500)" '500'
expect_no_err "eval max(1, 500)"
run eval '1,500'
expect_no_err "eval 1,500"
run eval 'x = 2' 'max(x,1,500,000)'
expect_rc "eval two expressions" 0
expect_err "eval two expressions" "boe: expression 2:1:7: warning: '1,500,000' read as one number 1500000; write '1, 500, 000' for three arguments"
run eval peak_qps --set 'dau=max(1,000) * 1M' --set 'y=min(1,500)' y
expect_rc "eval --set warnings" 0
expect_err_has "eval --set standard" "boe: --set:1:9: warning: '1,000' read as one number 1000; write '1, 000' for two arguments"
expect_err_has "eval --set local" "boe: --set:1:7: warning: '1,500' read as one number 1500; write '1, 500' for two arguments"
cat >"$TMP/warn.yaml" <<'YAML'
boe: 1
set:
  dau: max(10,000) * 1K
define:
  z: "min(1,500, 3)"
expect:
  dau: max(10,000,000)
YAML
for cmd in calc check; do
	run $cmd "$TMP/warn.yaml"
	expect_rc "$cmd warn.yaml" 0
	expect_err "$cmd warn.yaml" "boe: $TMP/warn.yaml:3:12: warning: '10,000' read as one number 10000; write '10, 000' for two arguments
boe: $TMP/warn.yaml:5:11: warning: '1,500' read as one number 1500; write '1, 500' for two arguments
boe: $TMP/warn.yaml:7:12: warning: '10,000,000' read as one number 10000000; write '10, 000, 000' for three arguments"
done
run calc --set 'peak_factor=max(3,000)'
expect_rc "calc --set warning" 0
expect_err "calc --set warning" "boe: --set:1:17: warning: '3,000' read as one number 3000; write '3, 000' for two arguments"

cli_finish
