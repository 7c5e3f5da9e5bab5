# Helpers for the command-line scripts: boe runs with its output captured, and
# each check counts as passed or failed. A script sources this file, then
# calls `cli_setup NAME`, which makes the scratch directory $TMP (removed on
# exit) and starts the counts; it ends with `cli_finish`, which prints
# "N passed, N failed" and exits non-zero on a failure.

pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

cli_setup() { # name
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/boe-$1.XXXXXX")
	trap 'rm -rf "$TMP"' EXIT
}

cli_finish() {
	echo "$pass passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# run ARGS...: boe with stdin from /dev/null, at most a minute (no input may
# hang boe); sets $out, $err, $rc.
run() {
	timeout 60 "$BOE" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}
# run_in FILE ARGS...: the same with stdin from FILE.
run_in() {
	local in=$1
	shift
	timeout 60 "$BOE" "$@" >"$TMP/out" 2>"$TMP/err" <"$in"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# expect_rc NAME CODE
expect_rc() {
	if [ "$rc" -eq "$2" ]; then ok; else bad "$1: exit $rc, expected $2 (stderr: ${err:0:300})"; fi
}
# expect_out NAME TEXT: stdout is exactly TEXT
expect_out() {
	if [ "$out" = "$2" ]; then ok; else bad "$1: stdout '${out:0:300}', expected '$2'"; fi
}
expect_out_has() {
	if printf '%s' "$out" | grep -qF -- "$2"; then ok; else bad "$1: stdout lacks '$2' (stdout: ${out:0:300})"; fi
}
expect_out_lacks() {
	if printf '%s' "$out" | grep -qF -- "$2"; then bad "$1: stdout has '$2'"; else ok; fi
}
# expect_err NAME TEXT: stderr is exactly TEXT
expect_err() {
	if [ "$err" = "$2" ]; then ok; else bad "$1: stderr '${err:0:300}', expected '$2'"; fi
}
expect_err_has() {
	if printf '%s' "$err" | grep -qF -- "$2"; then ok; else bad "$1: stderr lacks '$2' (stderr: ${err:0:300})"; fi
}
expect_no_out() {
	if [ -z "$out" ]; then ok; else bad "$1: stdout should be empty, got '${out:0:200}'"; fi
}
expect_no_err() {
	if [ -z "$err" ]; then ok; else bad "$1: stderr should be empty, got '${err:0:200}'"; fi
}
