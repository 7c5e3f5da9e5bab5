#!/usr/bin/env bash
# A scenario with no range is unchanged, byte for byte, in every output format:
# every preset as it was before ranges existed (tests/fixtures/points/*.yaml) is
# computed in text, markdown, JSON and YAML and compared with the checksums of the
# output of boe before ranges (tests/fixtures/points/SHA256SUMS).
# Regenerate the sums only with a boe built from before the change (or from a main
# whose point outputs changed on purpose): tests/points.sh --regen
set -u
cd "$(dirname "$0")/.."
BOE=${BOE:-./boe}
dir=tests/fixtures/points
pass=0 failn=0
pass() { pass=$((pass + 1)); }
fail() { failn=$((failn + 1)); echo "FAIL $*"; }
if [ "${1:-}" = --regen ]; then
	for p in "$dir"/*.yaml; do
		n=$(basename "$p" .yaml)
		for f in text markdown json yaml; do
			printf '%s  %s\n' "$("$BOE" calc "$p" --format $f | sha256sum | cut -d' ' -f1)" "$n.$f"
		done
	done > "$dir/SHA256SUMS"
	echo "regenerated $dir/SHA256SUMS"
	exit 0
fi
while read -r sum name; do
	n=${name%.*} f=${name##*.}
	got=$("$BOE" calc "$dir/$n.yaml" --format "$f" 2>/dev/null | sha256sum | cut -d' ' -f1)
	if [ "$got" = "$sum" ]; then pass; else fail "$n --format $f differs from the output before ranges"; fi
done < "$dir/SHA256SUMS"
# the test can fail: a changed byte is seen
t=$(mktemp)
sed 's/^title: .*/title: Changed/' "$dir/url-shortener.yaml" > "$t"
got=$("$BOE" calc "$t" --format text | sha256sum | cut -d' ' -f1)
want=$(awk '$2 == "url-shortener.text" {print $1}' "$dir/SHA256SUMS")
if [ "$got" != "$want" ]; then pass; else fail "a changed title was not seen"; fi
rm -f "$t"
# with --samples and --seed but no range, nothing changes either
got=$("$BOE" calc "$dir/url-shortener.yaml" --format json --samples 500 --seed 7 | sha256sum | cut -d' ' -f1)
want=$(awk '$2 == "url-shortener.json" {print $1}' "$dir/SHA256SUMS")
if [ "$got" = "$want" ]; then pass; else fail "--samples/--seed changed a scenario with no range"; fi
echo "$pass passed, $failn failed"
[ "$failn" = 0 ]
