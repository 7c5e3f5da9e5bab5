#!/usr/bin/env bash
# Checks the shipped presets against the engine, without make.
#
#   bash tests/presets.sh            (from the repository root)
#   BOE=/path/to/boe bash tests/presets.sh
#
# For every presets/NAME.yaml:
#   - `boe calc NAME --format markdown` equals the golden docs/presets/NAME.md
#     (regenerate with tests/regen-presets.sh after an intended change);
#   - the file has name (= file stem), source, summary and notes, and its source
#     cites a source document by its title (and part);
#   - it has at least one expect, unless listed in NO_EXPECT below;
#   - no value under `set:` is reported as unused;
#   - cache_memory is no larger than one copy of the data stored, unless the
#     preset sets it with a note that says why;
#   - the servers' explanation names the bound that decides (throughput or
#     requests in flight), and no define of its own stands for server_rps;
# and, once: `boe check --all` exits 0, `boe list` shows at least MIN_PRESETS.
# Prints one line per failure and ends with "N passed, N failed".

set -u

BOE=${BOE:-./boe}
MIN_PRESETS=31
PRESET_DIR=presets
GOLDEN_DIR=docs/presets

# Problems whose source states no figure that could be checked (every number
# in the source is an input, or there is no number at all). Keep this short
# and explain additions in the preset's notes.
NO_EXPECT="
distributed-rate-limiter
uber-lyft
yelp-proximity
ticketmaster
dropbox
typeahead
news-feed-ranking
hotel-booking
google-docs
stack-overflow
zoom
payment-wallet
"

# Resolve presets by name from this tree only, whatever the user has installed.
export BOE_PRESET_PATH="$PWD/$PRESET_DIR"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE (build it or set BOE=)"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL python3 is required to read boe's JSON output"
	echo "0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

is_exception() {
	case "$NO_EXPECT" in
	*"
$1
"*) return 0 ;;
	esac
	return 1
}

# Top-level scalar (or block) key present with some content.
has_key() { grep -Eq "^$2:[[:space:]]*[^[:space:]#]" "$1"; }

count=0
# cites_source FILE: its source: names one of the documents the presets and
# card decks come from by its own title (and part), as a person cites it
cites_source() {
	local src
	src=$(sed -n 's/^source:[[:space:]]*//p' "$1" | head -n 1)
	case $src in
	"System Design Interview Complete Guide, Part "[0-9]* | \
		"Knowledge Guide, Scalable Systems (Advanced Topics), step 28 of the System Design path, "* | \
		"Cake Shop 2 - Scaling Up, public solution"* | "Design Amazon, public solution"*) pass ;;
	*) fail "$(basename "$1"): source '$src' does not cite a source document by its title (and part)" ;;
	esac
}

for file in "$PRESET_DIR"/*.yaml; do
	[ -e "$file" ] || continue
	name=$(basename "$file" .yaml)
	count=$((count + 1))

	# name: equals the file stem
	if grep -Eq "^name:[[:space:]]*$name[[:space:]]*$" "$file"; then pass; else
		fail "$name: 'name:' does not equal the file stem"; fi

	for key in source summary notes; do
		if has_key "$file" "$key"; then pass; else
			fail "$name: missing or empty '$key:'"; fi
	done

	cites_source "$file"

	if grep -q "(presets/$name.md)" docs/presets.md 2>/dev/null; then pass; else
		fail "$name: not listed in docs/presets.md (run tests/regen-presets.sh)"; fi

	# golden markdown
	golden="$GOLDEN_DIR/$name.md"
	if ! "$BOE" calc "$name" --format markdown >"$tmp/out.md" 2>"$tmp/err"; then
		fail "$name: boe calc --format markdown failed: $(head -n 1 "$tmp/err")"
	elif [ ! -f "$golden" ]; then
		fail "$name: no golden file $golden (run tests/regen-presets.sh)"
	elif diff -u "$golden" "$tmp/out.md" >"$tmp/diff"; then
		pass
	else
		fail "$name: markdown drifted from $golden:"
		sed -n '3,40p' "$tmp/diff" | sed 's/^/    /'
	fi

	# expects and unused set values, from the JSON report
	if ! "$BOE" calc "$name" --format json >"$tmp/out.json" 2>"$tmp/err"; then
		fail "$name: boe calc --format json failed: $(head -n 1 "$tmp/err")"
		continue
	fi
	if ! python3 - "$tmp/out.json" "$file" >"$tmp/facts" 2>"$tmp/err" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
sc = doc["scenarios"][0]
# names under `set:` in the file (two-space indented keys of the set block)
names, inside = [], False
for line in open(sys.argv[2], encoding="utf-8"):
    if re.match(r"^\S", line):
        inside = line.startswith("set:")
        continue
    m = re.match(r"^  ([a-z_][a-z0-9_]*)\s*:", line)
    if inside and m:
        names.append(m.group(1))
unused = set(sc.get("unused") or [])
print("checks", len(sc.get("checks") or []))
print("unused_set", " ".join(n for n in names if n in unused))
q = sc["quantities"]
# a cache larger than one copy of the data stored needs a note saying why
one_copy = q["storage_total"]["value"] / max(q["replication"]["value"], 1e-300)
cache = q["cache_memory"]
over = cache["value"] > one_copy * (1 + 1e-9) and not (cache.get("origin") != "default" and cache.get("note"))
print("cache_over", "%s > %s" % (cache["display"], q["storage_total"]["display"]) if over else "")
# the servers' explanation names the bound that decides, unless the scenario replaced the formula
sv = q["servers"]
print("servers_bound", "" if sv["origin"] != "default" or "decided by " in sv.get("explain", "") else sv.get("explain", ""))
# server capacity is the standard server_rps, not a define of the preset's own
own = [n for n, v in q.items() if v.get("origin") == "define" and v.get("unit") == "1/s"
       and re.search(r"rps|per_instance|per_server|per_node|node_ops", n)]
print("own_rps", " ".join(own))
PY
	then
		fail "$name: cannot read boe's JSON output: $(tail -n 1 "$tmp/err")"
		continue
	fi
	nchecks=$(awk '$1 == "checks" { print $2 }' "$tmp/facts")
	unused_set=$(awk '$1 == "unused_set" { $1 = ""; sub(/^ /, ""); print }' "$tmp/facts")

	if is_exception "$name"; then
		pass
	elif [ "${nchecks:-0}" -ge 1 ]; then
		pass
	else
		fail "$name: no expect block (add the source's figures, or list it in NO_EXPECT)"
	fi

	if [ -z "$unused_set" ]; then pass; else
		fail "$name: set values reported unused: $unused_set"; fi

	fact() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$tmp/facts"; }
	v=$(fact cache_over)
	if [ -z "$v" ]; then pass; else
		fail "$name: cache_memory caches more than one copy of the data stored ($v) and its note does not say why"; fi
	v=$(fact servers_bound)
	if [ -z "$v" ]; then pass; else
		fail "$name: the servers' explanation does not say which bound decides: $v"; fi
	v=$(fact own_rps)
	if [ -z "$v" ]; then pass; else
		fail "$name: defines its own server capacity ($v): set server_rps instead"; fi
done

# every exception must still exist, and must really lack expects
for name in $NO_EXPECT; do
	if [ ! -f "$PRESET_DIR/$name.yaml" ]; then
		fail "NO_EXPECT lists '$name' but $PRESET_DIR/$name.yaml does not exist"
		continue
	fi
	n=$("$BOE" calc "$name" --format json 2>/dev/null | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["scenarios"][0].get("checks") or []))' 2>/dev/null)
	if [ "$n" = 0 ]; then pass; else
		fail "NO_EXPECT lists '$name' but it has ${n:-unreadable} expectations: take it off the list"; fi
done

if [ "$count" -ge "$MIN_PRESETS" ]; then pass; else
	fail "only $count preset files in $PRESET_DIR (want at least $MIN_PRESETS)"; fi

if "$BOE" check --all >"$tmp/check" 2>&1; then pass; else
	fail "boe check --all exited non-zero:"
	grep -Ei 'fail|error|boe:' "$tmp/check" | head -n 20 | sed 's/^/    /'
fi

if "$BOE" list >"$tmp/list" 2>"$tmp/err"; then
	listed=$(grep -c . "$tmp/list")
	missing=""
	for file in "$PRESET_DIR"/*.yaml; do
		name=$(basename "$file" .yaml)
		grep -Eq "(^|[[:space:]])$name([[:space:]]|$)" "$tmp/list" || missing="$missing $name"
	done
	if [ -z "$missing" ]; then pass; else
		fail "boe list does not show:$missing"; fi
	if [ "$listed" -ge "$MIN_PRESETS" ]; then pass; else
		fail "boe list shows $listed lines (want at least $MIN_PRESETS)"; fi
else
	fail "boe list failed: $(head -n 1 "$tmp/err")"
fi

# --all loads, computes and writes the presets on several threads: the same
# bytes on one, two or five, in every format, and the markdown is each
# preset's own report joined in order
for fmt in text markdown json yaml; do
	BOE_THREADS=1 "$BOE" calc --all --format "$fmt" >"$tmp/all1" 2>&1
	same=yes
	for t in 2 5; do
		BOE_THREADS=$t "$BOE" calc --all --format "$fmt" >"$tmp/allt" 2>&1
		cmp -s "$tmp/all1" "$tmp/allt" || same="no (BOE_THREADS=$t)"
	done
	if [ "$same" = yes ]; then pass; else fail "calc --all --format $fmt differs between thread counts: $same"; fi
done
: >"$tmp/joined"
first=yes
for name in $(BOE_THREADS=1 "$BOE" list --format json | grep -o '"name": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'); do
	[ "$first" = yes ] || printf '\n---\n\n' >>"$tmp/joined"
	first=no
	"$BOE" calc "$name" --format markdown >>"$tmp/joined" 2>&1
done
"$BOE" calc --all --format markdown >"$tmp/allmd" 2>&1
if cmp -s "$tmp/joined" "$tmp/allmd"; then pass; else
	fail "calc --all --format markdown is not each preset's report joined in order"; fi
# with --set, --samples and --seed each preset is changed and computed again on the threads too:
# the same bytes on any count, and each preset's own report with the same options, joined
later=(--set dau=100M --set peak_factor=2..4 --samples 2000 --seed 9)
for t in 1 2 5; do BOE_THREADS=$t "$BOE" calc --all "${later[@]}" --format markdown >"$tmp/later$t" 2>&1; done
: >"$tmp/laterjoined"
first=yes
for name in $(BOE_THREADS=1 "$BOE" list --format json | grep -o '"name": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'); do
	[ "$first" = yes ] || printf '\n---\n\n' >>"$tmp/laterjoined"
	first=no
	"$BOE" calc "$name" "${later[@]}" --format markdown >>"$tmp/laterjoined" 2>&1
done
if cmp -s "$tmp/later1" "$tmp/later2" && cmp -s "$tmp/later1" "$tmp/later5" && cmp -s "$tmp/later1" "$tmp/laterjoined"; then
	pass; else fail "calc --all with --set, --samples and --seed differs between thread counts or from each preset's own"; fi
# a --set that some presets cannot take: the first of them in name order is said, on any count
for t in 1 2 5; do
	BOE_THREADS=$t "$BOE" calc --all --set "es_shard_size=30 GB" >"$tmp/sout$t" 2>"$tmp/serr$t"
	echo "$?" >>"$tmp/serr$t"
done
if [ ! -s "$tmp/sout1" ] && [ "$(tail -n 1 "$tmp/serr1")" = 2 ] && grep -q "unknown quantity 'es_shard_size'" "$tmp/serr1" &&
	cmp -s "$tmp/serr1" "$tmp/serr2" && cmp -s "$tmp/serr1" "$tmp/serr5"; then pass; else
	fail "a --set under --all that some presets cannot take: $(head -n 1 "$tmp/serr1"), or it differs between thread counts"; fi
for t in 1 2 5; do BOE_THREADS=$t "$BOE" check --all >"$tmp/check$t" 2>&1; done
if cmp -s "$tmp/check1" "$tmp/check2" && cmp -s "$tmp/check1" "$tmp/check5"; then pass; else
	fail "check --all differs between thread counts"; fi
# a broken preset stops --all with the first error in name order, on any count
mkdir -p "$tmp/path"
cp "$PRESET_DIR"/*.yaml "$tmp/path/"
printf 'boe: 1\nname: aaa-broken\nset:\n  dau: 5 MBs\n' >"$tmp/path/aaa-broken.yaml"
printf 'boe: 1\nname: zzz-broken\nset:\n  dau: [\n' >"$tmp/path/zzz-broken.yaml"
for t in 1 2 5; do
	BOE_PRESET_PATH="$tmp/path" BOE_THREADS=$t "$BOE" calc --all --format json >"$tmp/bout$t" 2>"$tmp/berr$t"
	echo "$?" >>"$tmp/berr$t"
done
if [ ! -s "$tmp/bout1" ] && [ ! -s "$tmp/bout5" ] && grep -q "aaa-broken.yaml:4:10: unknown unit 'MBs'" "$tmp/berr1" &&
	! grep -q zzz "$tmp/berr1" && [ "$(tail -n 1 "$tmp/berr1")" = 2 ] &&
	cmp -s "$tmp/berr1" "$tmp/berr2" && cmp -s "$tmp/berr1" "$tmp/berr5"; then pass; else
	fail "a broken preset under --all: $(head -n 1 "$tmp/berr1"), or it differs between thread counts"; fi

# the card decks cite their source the same way
for deck in cards/*.yaml; do
	cites_source "$deck"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
