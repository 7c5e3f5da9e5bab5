#!/usr/bin/env bash
# Regenerates the golden preset reports docs/presets/NAME.md from the engine.
# Run from the repository root after an intended change to a preset or to the
# markdown report, then review the diff:  bash tests/regen-presets.sh && git diff docs/presets
set -eu

BOE=${BOE:-./boe}
export BOE_PRESET_PATH="$PWD/presets"
mkdir -p docs/presets

# the index page: one row per preset, from the presets' own header fields
field() { sed -n "s/^$2:[[:space:]]*//p" "$1" | head -n 1 | sed 's/|/\\|/g'; }
{
	echo "# Presets"
	echo
	echo "Scenario presets shipped with boe (\`presets/NAME.yaml\`). Run one with"
	echo "\`boe calc NAME\`, compare it with its source figures with \`boe check NAME\`, or"
	echo "open it with \`boe tui NAME\`. Each link is the report \`boe calc NAME --format markdown\`"
	echo "prints (kept as golden files and compared by \`tests/presets.sh\`)."
	echo
	echo "| name | title | difficulty | summary |"
	echo "|---|---|---|---|"
	for file in presets/*.yaml; do
		name=$(basename "$file" .yaml)
		printf '| [%s](presets/%s.md) | %s | %s | %s |\n' "$name" "$name" \
			"$(field "$file" title)" "$(field "$file" difficulty)" "$(field "$file" summary)"
	done
	echo
	echo "Sources: *System Design Interview Complete Guide* (Part 3 estimation method, Part 27"
	echo "walkthroughs and the building-block parts they cite), the *Knowledge Guide*'s *Scalable"
	echo "Systems (Advanced Topics)* (product-catalog walkthrough, Little's Law drill), and the"
	echo "public solutions *Cake Shop 2 - Scaling Up* and *Design Amazon*. Values a source does not"
	echo "give are marked \`assumption:\` in the preset, with the reason."
} >docs/presets.md
echo docs/presets.md


for file in presets/*.yaml; do
	name=$(basename "$file" .yaml)
	"$BOE" calc "$name" --format markdown -o "docs/presets/$name.md" --force
	echo "docs/presets/$name.md"
done

# drop goldens whose preset is gone
for md in docs/presets/*.md; do
	[ -e "$md" ] || continue
	name=$(basename "$md" .md)
	[ -f "presets/$name.yaml" ] || { rm -f "$md"; echo "removed $md"; }
done
