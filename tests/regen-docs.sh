#!/usr/bin/env bash
# Regenerates docs/quantities.md from the engine's table of standard
# quantities. Run from the repository root after changing that table, then
# review the diff:  bash tests/regen-docs.sh && git diff docs/quantities.md
# (tests/docs.sh fails while the file is out of date.)
set -eu

BOE=${BOE:-./boe}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$BOE" quantities --format markdown >"$tmp"
if cmp -s "$tmp" docs/quantities.md 2>/dev/null; then
	echo "docs/quantities.md is up to date"
else
	cp "$tmp" docs/quantities.md
	echo "docs/quantities.md regenerated"
fi
