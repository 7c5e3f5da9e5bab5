#!/usr/bin/env bash
# The what-if commands end to end: boe solve answers fed back through
# boe eval and boe calc give their targets; every error exits 2 with its
# reason; boe compare in each format; boe sweep with its change points.
# Run from the repository root:  BOE=build/boe bash tests/whatif.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
export BOE_PRESET_PATH=$PWD/presets

. "$(dirname "$0")/lib/cli.sh"
cli_setup whatif


# json_field KEY: a string field of the JSON in $out
json_field() { printf '%s' "$out" | sed -n "s/.*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }

if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE"
	echo "0 passed, 1 failed"
	exit 1
fi
have_jq=0
command -v jq >/dev/null 2>&1 && have_jq=1

# ---- solve, fed back through boe eval (the default scenario) ----
# NAME TARGET INPUT WANT: boe eval NAME --set INPUT=answer must print WANT
while read -r name target input want; do
	run solve "$name=$target" --for "$input" --format json
	expect_rc "solve $name=$target --for $input" 0
	set_text=$(json_field set)
	run eval "$name" --set "$input=$set_text"
	expect_rc "eval $name --set $input=$set_text" 0
	if [ "$out" = "$want" ]; then ok; else bad "solve $name=$target --for $input gave $input=$set_text: $name is $out, expected $want"; fi
done <<'EOF'
peak_qps 20K/s dau 20K/s
servers 10 dau 10
servers 25 dau 25
shards 1 dau 1
storage_total 1PB retention 1 PB
servers 10 server_rps 10
origin_egress_peak 1MB/s cdn_hit_ratio 1 MB/s
cache_memory 10GB hot_fraction 10 GB
monthly_cost $10K server_cost $10K
EOF

# independent figures: 20K/s at 20/day and 3x peak is 20000 * 86400 / 60 = 28.8M users
run solve peak_qps=20K/s --for dau
expect_rc "solve peak_qps" 0
expect_out_has "solve peak_qps" "dau ≈ 28.8M"
expect_out_has "solve peak_qps" "apply it: --set dau=28800000"
expect_out_has "solve peak_qps derivation" "derivation at dau = 28.8M"
expect_out_has "solve peak_qps derivation" "peak_qps = peak_read_qps + peak_write_qps = 19.8K/s + 198/s = 20K/s"
# 10 servers: origin_qps up to 9K/s, dau up to 12.96M; the rounded answer keeps 10
run solve servers=10 --for dau
expect_out_has "solve servers step" "dau = 12.9M"
expect_out_has "solve servers step" "the largest dau that keeps servers at or under 10"
expect_out_has "solve servers step" "just above it, at dau ≈ 13M, servers = 11"
run eval servers --set dau=12960001
[ "$out" = 11 ] && ok || bad "servers just past 12.96M users: $out, expected 11"
run solve servers=10 --for dau --format json
if [ "$have_jq" = 1 ]; then
	v=$(printf '%s' "$out" | jq -r '[.solve.step, .solve.rising, .solve.value, .solve.reached, .solve.beyond.value] | @tsv')
	[ "$v" = "$(printf 'true\ttrue\t12900000\t10\t11')" ] && ok || bad "solve json: $v"
fi

# every preset: the answer fed back through boe calc gives the target
checked=0
for f in presets/*.yaml; do
	p=$(basename "$f" .yaml)
	for pair in peak_qps:dau:2 servers:dau:+3 storage_total:retention:2; do
		IFS=: read -r name input how <<<"$pair"
		run calc "$p" --format json
		now=$(printf '%s' "$out" | jq -r ".scenarios[0].quantities.$name.value" 2>/dev/null)
		case $how in
		+*) target=$(awk -v n="$now" -v a="${how#+}" 'BEGIN { printf "%.17g", n + a }') ;;
		*) target="$how * $name" ;;
		esac
		want=$(awk -v n="$now" -v h="$how" 'BEGIN { if (substr(h, 1, 1) == "+") printf "%.17g", n + substr(h, 2); else printf "%.17g", n * h }')
		run solve "$name=$target" --for "$input" "$p" --format json
		if [ "$rc" = 2 ]; then
			case $err in
			*"does not depend"* | *"cannot"* | *"not monotone"* | *"stays at"*) ok ;;
			*) bad "$p: solve $name=$target --for $input: $err" ;;
			esac
			continue
		fi
		set_text=$(json_field set)
		run calc "$p" --set "$input=$set_text" --format json
		got=$(printf '%s' "$out" | jq -r ".scenarios[0].quantities.$name.value" 2>/dev/null)
		if [ "$how" = "${how#+}" ]; then
			verdict=$(awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; if (d < 0) d = -d; print (d <= 1e-6 * w) ? "ok" : "off" }')
		else
			verdict=$(awk -v g="$got" -v w="$want" 'BEGIN { print (g <= w && g > w - 3) ? "ok" : "off" }')
		fi
		if [ "$verdict" = ok ]; then ok; else bad "$p: solve $name=$target --for $input gave $set_text: $name $got, expected $want"; fi
		checked=$((checked + 1))
	done
done
[ "$checked" -ge 40 ] && ok || bad "only $checked preset answers fed back"

# ---- solve errors: exit 2 with a reason ----
run solve servers=10 --for dau url-shortener
expect_rc "solve no dependency" 2
expect_err_has "solve no dependency" "servers does not depend on dau: avg_write_qps is set (100M / month), so dau no longer matters"
run solve servers=1 --for dau
expect_rc "solve unreachable step" 2
expect_err_has "solve unreachable step" "servers is at least 2 for any dau"
run solve 'peak_qps=1e30/s' --for dau
expect_rc "solve unreachable" 2
expect_err_has "solve unreachable" "peak_qps cannot reach 1e30/s: peak_qps is at most"
cat >"$TMP/bowl.yaml" <<'EOF'
boe: 1
name: bowl
define:
  load: 2
  cost: (load - 5) * (load - 5) + 1
EOF
run solve cost=10 --for load "$TMP/bowl.yaml"
expect_rc "solve not monotone" 2
expect_err_has "solve not monotone" "cost is not monotone in load over the searched range: it falls"
run solve 'peak_qps=10 GB' --for dau
expect_rc "solve target unit" 2
expect_err_has "solve target unit" "target '10 GB' is data, but peak_qps is 1/time"
run solve 'peak_qps=10 +' --for dau
expect_rc "solve bad target" 2
expect_err_has "solve bad target" "target:1:"
run solve peak_qps=10/s
expect_rc "solve without --for" 2
expect_err_has "solve without --for" "--for INPUT"
run solve --for dau
expect_rc "solve without goal" 2
expect_err_has "solve without goal" "NAME=TARGET"
run solve peak_qps=10/s --for daus
expect_rc "solve unknown input" 2
expect_err_has "solve unknown input" "did you mean 'dau'"
run solve peak_qps=10/s --for dau --format csv
expect_rc "solve bad format" 2
expect_err_has "solve bad format" "text|json"
run solve peak_qps=10/s --for dau no-such-preset
expect_rc "solve unknown preset" 2
run solve --help
expect_rc "solve --help" 0
expect_out_has "solve --help" "usage: boe solve NAME=TARGET --for INPUT"

# ---- compare ----
run compare url-shortener --set dau=50M --set reads_per_write=10
expect_rc "compare --set" 0
expect_out_has "compare header" "url-shortener --set dau=50M --set reads_per_write=10"
expect_out_has "compare marked" "* reads_per_write                           100"
expect_out_has "compare ratio" "×0.1"
expect_out_has "compare equal row" "  replication "
run compare url-shortener --set reads_per_write=10 --changed
expect_out_lacks "compare --changed" " replication "
expect_out_has "compare --changed" "* servers                           13                               3  ×0.231"
run compare url-shortener paste-bin --format markdown --changed
expect_rc "compare markdown" 0
expect_out_has "compare markdown" "| quantity | url-shortener | paste-bin | ratio |"
expect_out_has "compare markdown" "|---|---:|---:|---:|"
expect_out_has "compare markdown" "| **object\\_size** | 500 B | 10 KB | ×20 |"
run compare url-shortener paste-bin instagram --format json
expect_rc "compare json" 0
if [ "$have_jq" = 1 ]; then
	v=$(printf '%s' "$out" | jq -r '(.compare.columns | length), (.compare.rows[] | select(.name == "object_size") | .ratios[1], .values[0])' | tr '\n' ' ')
	[ "$v" = "3 20 500 " ] && ok || bad "compare json: columns, object_size ratio and value: '$v'"
fi
run compare url-shortener
expect_rc "compare one scenario" 2
expect_err_has "compare one scenario" "name two scenarios, or one with --set"
run compare url-shortener --set nosuch=3
expect_rc "compare bad --set" 2
expect_err_has "compare bad --set" "unknown quantity 'nosuch'"
# the availability and latency blocks line up by tier and hop name, under their headings
run compare cake-shop-2 design-amazon
expect_rc "compare blocks" 0
expect_out_has "compare composite" "* composite availability                         99.9898%  99.9999985%"
expect_out_has "compare a shared tier" "* tier Redis cache replicas                             2            3  ×1.5"
expect_out_has "compare a tier of one" "* tier API gateway                                      —        99.9%"
expect_out_has "compare latency heading" "
Latency budget
  latency target                                   300 ms       300 ms"
expect_out_has "compare a hop" "  hop load balancer                                  5 ms         5 ms"
run compare cake-shop-2 design-amazon --format json
if [ "$rc" = 0 ]; then
	v=$(printf '%s' "$out" | jq -r '.compare.rows[] | select(.name == "latency total") | "\(.section) \(.unit) \(.values[0]) \(.values[1])"')
	[ "$v" = "Latency budget s 0.15700000000000003 0.187" ] && ok || bad "compare json: the latency total row: '$v'"
	v=$(printf '%s' "$out" | jq -r '[.compare.rows[] | select(.name | startswith("tier "))] | length')
	[ "$v" = 18 ] && ok || bad "compare json: tier rows: '$v'"
else
	bad "compare json of two blocks: exit $rc"
fi
# a tier's name from a file reaches the terminal made safe
printf 'boe: 1\nname: esc\navailability:\n  tiers:\n    - { name: "web\\e[31mred", availability: 99.9%% }\n' >"$TMP/esc.yaml"
run compare "$TMP/esc.yaml" --set sla=99%
expect_rc "compare a tier name with an escape" 0
expect_out_has "compare a tier name with an escape" "tier web?[31mred"
expect_out_lacks "compare a tier name with an escape" $'\e'
# tiers of one name stay rows of their own
printf 'boe: 1\nname: dup\navailability:\n  tiers:\n    - { name: app, availability: 99.9%% }\n    - { name: app, availability: 99.5%%, replicas: 3 }\n    - { name: app, availability: 99%%, replicas: 2 }\n' >"$TMP/dup.yaml"
run compare "$TMP/dup.yaml" --set sla=99%
expect_out_has "compare two tiers of one name" "  tier app (2)                       99.5%        99.5%"
expect_out_has "compare three tiers of one name" "  tier app replicas (3)                  2            2"
run compare url-shortener paste-bin --format csv
expect_rc "compare bad format" 2

# ---- sweep ----
run sweep dau=1M..10M part3-timeline --steps 4 --show shards,servers
expect_rc "sweep" 0
expect_out_has "sweep heading" "dau from 1M to 10M in 4 steps (log-spaced), part3-timeline"
# shards 1 -> 2 where 1 TB fills: 1e12 / (10/86400 / 101 x 1 KB x 3 x 5 years) = 1.84M users
expect_out_has "sweep change" "shards 1 → 2 at dau ≈ 1.84M"
expect_out_has "sweep change row" "* 2.15M       2        3"
expect_out_has "sweep several steps" "shards 3 → 6 between dau ≈ 5.53M and ≈ 9.22M"
expect_out_has "sweep chart" "shards against dau (dau on a log scale)"
run sweep dau=1M..1B
expect_out_has "sweep default columns" "dau  peak_qps  storage_total  egress_peak  servers  cache_memory  shards  monthly_cost"
rows=$(printf '%s\n' "$out" | grep -cE '^[* ] +[0-9.]+[KMB]? +[0-9.]+[KM]?/s ')
[ "$rows" = 10 ] && ok || bad "sweep: $rows rows, expected 10"
run sweep dau=1M..100M part3-timeline --steps 3 --show shards --format csv
expect_rc "sweep csv" 0
expect_out_has "sweep csv" "dau,shards,changes"
expect_out_has "sweep csv" "10000000,6,shards 1 → 6 between dau ≈ 1.84M and ≈ 9.22M"
run sweep dau=1M..100M part3-timeline --steps 3 --show shards --format json
if [ "$have_jq" = 1 ]; then
	v=$(printf '%s' "$out" | jq -r '.sweep.rows[1].input, .sweep.changes[0].from, .sweep.changes[0].to, .sweep.show[0].step' | tr '\n' ' ')
	[ "$v" = "10000000 1 6 true " ] && ok || bad "sweep json: '$v'"
fi
run sweep dau=1M..100M part3-timeline --steps 3 --show shards --format markdown
expect_out_has "sweep markdown" "| dau | shards |"
expect_out_has "sweep markdown" "| **10M** | 6 |"
run sweep 'object_size=1..4 KB' --steps 4 --show storage_total
expect_out_has "sweep unit after HI" "object_size from 1 KB to 4 KB"
run sweep dau=1M
expect_rc "sweep no range" 2
expect_err_has "sweep no range" "LO..HI"
run sweep 'dau=1M..1 GB'
expect_rc "sweep range unit" 2
expect_err_has "sweep range unit" "is data, but dau is count"
run sweep dau=1M..1B --steps 1
expect_rc "sweep bad steps" 2
expect_err_has "sweep bad steps" "--steps"
run sweep dau=1M..1B --show servres
expect_rc "sweep bad show" 2
expect_err_has "sweep bad show" "did you mean 'servers'"
run sweep dau=1M..1B --format yaml
expect_rc "sweep bad format" 2

cli_finish
