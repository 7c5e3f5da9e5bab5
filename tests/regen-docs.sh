#!/usr/bin/env bash
# Regenerates docs/quantities.md from the engine's table of standard
# quantities, and the key table of docs/tui.md (between <!-- keys:begin -->
# and <!-- keys:end -->) from the interface's key tables. Run from the
# repository root after changing either, then review the diff:
#   bash tests/regen-docs.sh && git diff docs/
# (tests/docs.sh fails while either is out of date.)
set -eu

BOE=${BOE:-./boe}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.keys"' EXIT
"$BOE" quantities --format markdown >"$tmp"
if cmp -s "$tmp" docs/quantities.md 2>/dev/null; then
	echo "docs/quantities.md is up to date"
else
	cp "$tmp" docs/quantities.md
	echo "docs/quantities.md regenerated"
fi
"$BOE" tui --keys-markdown >"$tmp.keys"
python3 - "$tmp.keys" docs/tui.md "$tmp" <<'PY'
import sys
keys = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
a = doc.index("<!-- keys:begin -->\n") + len("<!-- keys:begin -->\n")
b = doc.index("<!-- keys:end -->")
open(sys.argv[3], "w").write(doc[:a] + keys + doc[b:])
PY
if cmp -s "$tmp" docs/tui.md; then
	echo "docs/tui.md's key table is up to date"
else
	cp "$tmp" docs/tui.md
	echo "docs/tui.md's key table regenerated"
fi
