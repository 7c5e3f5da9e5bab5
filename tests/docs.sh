#!/usr/bin/env bash
# Runs the examples of the user documentation against the engine.
#
#   bash tests/docs.sh                  (from the repository root)
#   BOE=build-docs/boe bash tests/docs.sh
#
# Conventions in the markdown files (README.md, docs/units.md, docs/whatif.md,
# docs/scenario-format.md, docs/cli.md):
#
#   ```console          every line "$ COMMAND" is run with bash in a scratch
#   $ boe eval '1 + 1'  directory (where `boe` is the binary under test); the
#   2                   lines up to the next "$ " are its expected output,
#   ```                 stdout and stderr together. A line "..." stands for any
#                       number of lines; a last line "[exit status N]" says the
#                       command must exit N (0 otherwise).
#
#   <!-- scenario: NAME -->   the next ```yaml block is saved as NAME.yaml in
#   ```yaml                   the scratch directory (so later console blocks
#   ...                       can use it) and run: `boe calc` must exit 0 and,
#   ```                       when it has `expect:`, `boe check` too. Words
#                             after NAME: "error" (boe calc must exit 2; a
#                             separate <!-- error --> line means the same),
#                             "miss" (boe check must exit 1).
#
#   <!-- eval-table -->       the next markdown table: in each row, the first
#                             cell is `EXPR`, the second `RESULT`, and
#                             `boe eval 'EXPR'` must print RESULT.
#
# In docs/units.md and docs/scenario-format.md every ```yaml block must be a
# scenario (an example nobody runs goes stale). Also checked: docs/quantities.md
# equals `boe quantities --format markdown`; the README starts with the set-up
# commands; every command and option of `boe --help` is in docs/cli.md and
# docs/boe.1; the man page formats without warnings (groff is required).
# Prints one line per failure and ends with "N passed, N failed".

set -u

BOE=${BOE:-./boe}
case $BOE in
/*) ;;
*) BOE="$PWD/$BOE" ;;
esac
ROOT=$PWD
DOCS="README.md docs/units.md docs/scenario-format.md docs/cli.md docs/practice.md docs/ranges.md docs/whatif.md"
STRICT_YAML="docs/units.md docs/scenario-format.md docs/ranges.md"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

if [ ! -x "$BOE" ]; then
	echo "FAIL boe binary not found at $BOE (build it or set BOE=)"
	echo "0 passed, 1 failed"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home" "$work/run"
ln -s "$BOE" "$work/bin/boe"
# presets from this tree only; no user presets
export BOE_PRESET_PATH="$ROOT/presets"
export HOME="$work/home"
unset XDG_DATA_HOME XDG_STATE_HOME  # practice history and user presets live under $HOME here
export PATH="$work/bin:$PATH"

rstrip() { sed 's/[[:space:]]*$//'; }

# Expected lines E[0..ne) (with "..." wildcards) against actual A[0..na).
E=()
A=()
match_from() {
	local i=$1 j=$2
	while [ "$i" -lt "${#E[@]}" ]; do
		if [ "${E[$i]}" = "..." ]; then
			local k
			for ((k = j; k <= ${#A[@]}; k++)); do
				match_from $((i + 1)) "$k" && return 0
			done
			return 1
		fi
		[ "$j" -lt "${#A[@]}" ] || return 1
		[ "${E[$i]}" = "${A[$j]}" ] || return 1
		i=$((i + 1))
		j=$((j + 1))
	done
	[ "$j" -eq "${#A[@]}" ]
}

# run_console WHERE CMD EXPECTED-TEXT
run_console() {
	local where=$1 cmd=$2 expected=$3 want_rc=0 rc
	E=()
	while IFS= read -r l; do E+=("$l"); done < <(printf '%s' "$expected" | rstrip)
	# drop trailing empty lines
	while [ "${#E[@]}" -gt 0 ] && [ -z "${E[${#E[@]} - 1]}" ]; do unset 'E[${#E[@]}-1]'; done
	if [ "${#E[@]}" -gt 0 ] && [[ ${E[${#E[@]} - 1]} =~ ^\[exit\ status\ ([0-9]+)\]$ ]]; then
		want_rc=${BASH_REMATCH[1]}
		unset 'E[${#E[@]}-1]'
	fi
	(cd "$work/run" && bash -c "$cmd" </dev/null >"$work/out" 2>&1)
	rc=$?
	A=()
	while IFS= read -r l; do A+=("$l"); done < <(rstrip <"$work/out")
	while [ "${#A[@]}" -gt 0 ] && [ -z "${A[${#A[@]} - 1]}" ]; do unset 'A[${#A[@]}-1]'; done
	if [ "$rc" != "$want_rc" ]; then
		fail "$where: \$ $cmd: exit status $rc, expected $want_rc; output:"
		sed 's/^/    | /' "$work/out" | head -n 12
		return
	fi
	if match_from 0 0; then
		pass
	else
		fail "$where: \$ $cmd: output differs (expected, then actual):"
		printf '%s\n' "${E[@]}" | sed 's/^/    - /' | head -n 20
		sed 's/^/    + /' "$work/out" | head -n 20
	fi
}

# run_scenario WHERE NAME FLAGS
run_scenario() {
	local where=$1 name=$2 flags=$3 rc
	local file="$name.yaml"
	(cd "$work/run" && boe calc "$file" >"$work/out" 2>&1)
	rc=$?
	if [[ " $flags " == *" error "* ]]; then
		if [ "$rc" = 2 ] && grep -q "^boe: $file:" "$work/out"; then
			pass
		else
			fail "$where: scenario $name: boe calc should fail with exit 2 and a '$file:LINE:COL:' message, got exit $rc:"
			sed 's/^/    | /' "$work/out" | head -n 6
		fi
		return
	fi
	if [ "$rc" != 0 ]; then
		fail "$where: scenario $name: boe calc exits $rc:"
		sed 's/^/    | /' "$work/out" | head -n 6
		return
	fi
	if grep -q '^expect:' "$work/run/$file"; then
		(cd "$work/run" && boe check "$file" >"$work/out" 2>&1)
		rc=$?
		local want=0
		[[ " $flags " == *" miss "* ]] && want=1
		if [ "$rc" != "$want" ]; then
			fail "$where: scenario $name: boe check exits $rc, expected $want:"
			sed 's/^/    | /' "$work/out" | head -n 8
			return
		fi
	fi
	pass
}

# run_eval_row WHERE ROW
run_eval_row() {
	local where=$1 row=$2 expr want got rc
	# cells: | `expr` | `result` | ...
	expr=$(printf '%s' "$row" | awk -F'|' '{print $2}' | sed 's/^[[:space:]]*`//; s/`[[:space:]]*$//')
	want=$(printf '%s' "$row" | awk -F'|' '{print $3}' | sed 's/^[[:space:]]*`//; s/`[[:space:]]*$//')
	got=$(cd "$work/run" && boe eval -- "$expr" 2>&1)
	rc=$?
	if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
		pass
	else
		fail "$where: boe eval '$expr': got '$got' (exit $rc), the table says '$want'"
	fi
}

check_file() {
	local f=$1 n=0 line
	local pending_name="" pending_flags="" pending_table=0 pending_error=0
	local strict=0
	[[ " $STRICT_YAML " == *" $f "* ]] && strict=1
	local -a L=()
	while IFS= read -r line || [ -n "$line" ]; do L+=("$line"); done <"$f"
	local total=${#L[@]} i=0
	while [ "$i" -lt "$total" ]; do
		line=${L[$i]}
		n=$((i + 1))
		if [[ $line =~ ^\<!--\ scenario:\ ([a-z0-9_-]+)(\ [a-z\ ]+)?\ --\>$ ]]; then
			pending_name=${BASH_REMATCH[1]}
			pending_flags=${BASH_REMATCH[2]:-}
		elif [[ $line == "<!-- error -->" ]]; then
			pending_error=1
		elif [[ $line == "<!-- eval-table -->" ]]; then
			pending_table=1
		elif [[ $line == '```yaml' ]]; then
			local start=$n body=""
			i=$((i + 1))
			while [ "$i" -lt "$total" ] && [ "${L[$i]}" != '```' ]; do
				body+="${L[$i]}"$'\n'
				i=$((i + 1))
			done
			if [ -n "$pending_name" ]; then
				printf '%s' "$body" >"$work/run/$pending_name.yaml"
				[ "$pending_error" = 1 ] && pending_flags+=" error"
				run_scenario "$f:$start" "$pending_name" "$pending_flags"
			elif [ "$strict" = 1 ]; then
				fail "$f:$start: yaml example without a '<!-- scenario: NAME -->' line before it (nothing runs it)"
			fi
			pending_name=""
			pending_flags=""
			pending_error=0
		elif [[ $line == '```console' ]]; then
			local cmd="" cmdline=0 expected=""
			i=$((i + 1))
			while [ "$i" -lt "$total" ] && [ "${L[$i]}" != '```' ]; do
				if [[ ${L[$i]} == '$ '* ]]; then
					[ -n "$cmd" ] && run_console "$f:$cmdline" "$cmd" "$expected"
					cmd=${L[$i]#\$ }
					cmdline=$((i + 1))
					expected=""
				elif [ -n "$cmd" ]; then
					expected+="${L[$i]}"$'\n'
				fi
				i=$((i + 1))
			done
			[ -n "$cmd" ] && run_console "$f:$cmdline" "$cmd" "$expected"
		elif [ "$pending_table" = 1 ] && [[ $line == '|'* ]]; then
			# header, separator, then rows until the table ends
			i=$((i + 2))
			while [ "$i" -lt "$total" ] && [[ ${L[$i]} == '|'* ]]; do
				run_eval_row "$f:$((i + 1))" "${L[$i]}"
				i=$((i + 1))
			done
			pending_table=0
			continue
		fi
		i=$((i + 1))
	done
	if [ -n "$pending_name" ] || [ "$pending_table" = 1 ]; then
		fail "$f: a '<!-- scenario -->' or '<!-- eval-table -->' line with nothing after it"
	fi
}

for f in $DOCS; do
	if [ ! -f "$f" ]; then
		fail "$f is missing"
		continue
	fi
	check_file "$f"
done

# docs/quantities.md is generated
if [ -f docs/quantities.md ] && "$BOE" quantities --format markdown | cmp -s - docs/quantities.md; then
	pass
else
	fail "docs/quantities.md differs from 'boe quantities --format markdown' (run tests/regen-docs.sh)"
fi
# docs/tui.md's key table is generated from the interface's key tables
keys_now=$(mktemp)
"$BOE" tui --keys-markdown >"$keys_now"
if python3 - "$keys_now" docs/tui.md <<'PY'
import sys
keys = open(sys.argv[1]).read()
doc = open(sys.argv[2]).read()
a = doc.find("<!-- keys:begin -->\n")
b = doc.find("<!-- keys:end -->")
sys.exit(0 if a >= 0 and b > a and doc[a + len("<!-- keys:begin -->\n"):b] == keys else 1)
PY
then
	pass
else
	fail "docs/tui.md's key table differs from 'boe tui --keys-markdown' (run tests/regen-docs.sh)"
fi
rm -f "$keys_now"

# the README opens with the two set-up commands
if head -n 12 README.md 2>/dev/null | grep -q 'make run' && head -n 12 README.md | grep -q 'make test'; then
	pass
else
	fail "README.md: 'make run' and 'make test' must be in its first lines"
fi

# every command of 'boe --help' and every option of 'boe COMMAND --help' is documented
commands=$("$BOE" --help | sed -n '/^commands:/,/^$/p' | awk 'NF && $1 != "commands:" {print $1}')
for c in $commands; do
	for doc in docs/cli.md docs/boe.1; do
		if grep -q "boe $c\|^\.SS $c\|^\.B $c\|\\\\fB$c\\\\fR\|\`$c\`" "$doc" 2>/dev/null; then
			pass
		else
			fail "$doc: command '$c' (from 'boe --help') is not documented"
		fi
	done
	help=$("$BOE" "$c" --help 2>/dev/null) || continue
	for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		for doc in docs/cli.md docs/boe.1; do
			esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
			if grep -q -- "$opt" "$doc" 2>/dev/null || grep -q -- "$esc" "$doc" 2>/dev/null; then
				pass
			else
				fail "$doc: option '$opt' of 'boe $c' is not documented"
			fi
		done
	done
done

# each command's usage, as 'boe COMMAND --help' prints it, is its synopsis in
# docs/cli.md (the block under its heading) and a line of the man page's SYNOPSIS
man_synopsis=$(groff -man -Tascii -rLL=4000n -P-cbou docs/boe.1 2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')
for c in $commands; do
	[ "$c" = help ] && continue # 'boe help --help' is the main usage
	help=$("$BOE" "$c" --help 2>/dev/null) || continue
	why=$(python3 - "$c" "$help" "$man_synopsis" <<'PY'
import re, sys
cmd, help_text, man = sys.argv[1:4]
norm = lambda t: re.sub(r"\s+", " ", t).strip()
usage = help_text.split("\n\n")[0]
usage = re.sub(r"^usage:\s*", "", usage)
# each form of the usage: a line starting 'boe' (a continued line joins the one before)
forms = []
for line in usage.splitlines():
    line = re.sub(r"^\s*(usage:|or:)?\s*", "", line)
    if line.startswith("boe ") or not forms:
        forms.append(line)
    else:
        forms[-1] += " " + line
doc = open("docs/cli.md").read()
m = re.search(r"\n## boe " + re.escape(cmd) + r"\n+```\n(.*?)```", doc, re.S)
synopsis = norm(m.group(1)).replace("boe [tui]", "boe tui") if m else ""
man_lines = {norm(l) for l in man.splitlines()}
for f in map(norm, forms):
    if f not in synopsis:
        print(f"docs/cli.md: the synopsis of 'boe {cmd}' is not its usage '{f}'")
    if f not in man_lines:
        print(f"docs/boe.1: the SYNOPSIS has no line '{f}'")
PY
)
	if [ -z "$why" ]; then pass; else fail "$why"; fi
done

# the man page formats cleanly and carries the version placeholder
if grep -q '@VERSION@' docs/boe.1 2>/dev/null; then pass; else fail "docs/boe.1: no @VERSION@ placeholder"; fi
if command -v groff >/dev/null 2>&1; then
	warn=$(groff -man -ww -z docs/boe.1 2>&1)
	if [ -z "$warn" ]; then pass; else fail "docs/boe.1: groff warnings: $warn"; fi
else
	fail "groff is required to check the man page (make deps installs it)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
