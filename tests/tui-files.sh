#!/usr/bin/env bash
# The interface and the user's files: unsaved edits are never lost to a
# warning the window was too small to show, "save as" moves the scenario to
# its new file (header, next save, the hint's command), and a missing
# directory is refused, not created. boe runs in a private tmux server.
# Run from the repository root:  BOE=build/boe bash tests/tui-files.sh
# Prints one line per failure and ends with "N passed, N failed".
set -u

. "$(dirname "$0")/lib/tmux.sh"
tui_setup files

cat >"$tmp/work/shop.yaml" <<'EOF'
boe: 1
name: files-shop
title: Files Shop
set:
  dau: 5M
EOF

# ---- a q warning cut off by a tiny window is asked again ----
S=quit
start_shell $S xterm-256color 80 24 || fail "no shell in tmux"
text $S "$BOE tui shop.yaml; echo rc=\$?"
keys $S Enter
check "the interface opens" $S 'Files Shop'
keys $S '+'
check "an edit marks the scenario modified" $S '\[modified\]'
$TM resize-window -t $S -x 20 -y 5
wait_for $S 'Terminal too' 5 # the resize is drawn before the key is sent
keys $S q
check "a tiny window shows the unsaved-changes warning first" $S '^Unsaved changes!'
$TM resize-window -t $S -x 80 -y 24
wait_for $S '\[modified\]' 5
$TM resize-window -t $S -x 20 -y 5
wait_for $S 'Terminal too' 5
keys $S q
sleep 0.3
if screen $S | grep -q '^rc='; then fail "after a resize, one q quit without asking"; else pass; fi
check "after a resize the warning is given again" $S '^Unsaved changes!'
keys $S x
$TM resize-window -t $S -x 80 -y 24
check "another key keeps the edits" $S '\[modified\]'

# ---- save as: a missing directory is refused ----
$TM resize-window -t $S -x 200 -y 30 # room for whole messages
keys $S s
check "save proposes the user presets directory" $S "save the scenario as: $XDG_DATA_HOME/boe/presets/files-shop.yaml"
keys $S C-u
text $S "$tmp/work/nodir/new.yaml"
keys $S Enter
check "a missing directory is refused" $S "the directory $tmp/work/nodir does not exist"
if [ ! -e "$tmp/work/nodir" ]; then pass; else fail "save created $tmp/work/nodir"; fi

# ---- save as: the scenario moves to the new file ----
keys $S s
keys $S C-u
text $S "$tmp/work/my shop.yaml"
keys $S Enter
check "save as reports the file and a command that opens it" $S "saved $tmp/work/my shop.yaml  \\(boe tui '$tmp/work/my shop.yaml' opens it again\\)"
check "the header names the new file" $S "file: $tmp/work/my shop.yaml"
keys $S '+'
keys $S s
check "the next save proposes the new file" $S "save the scenario as: $tmp/work/my shop.yaml"
keys $S Escape
if [ -f "$tmp/work/my shop.yaml" ] && (cd / && "$BOE" calc "$tmp/work/my shop.yaml" >/dev/null 2>&1); then pass; else
	fail "the saved file does not open with the command the hint gives"; fi
keys $S q
sleep 0.2
keys $S y
check "boe quits" $S '^rc=0' 5

# a bare file name: the hint must not read as a preset name
S=bare
start_shell $S xterm-256color 200 30 || fail "no shell in tmux"
text $S "$BOE tui shop.yaml; echo rc=\$?"
keys $S Enter
check "the interface opens again" $S 'Files Shop'
keys $S s
keys $S C-u
text $S "plainname"
keys $S Enter
check "a bare name's hint opens it as a file" $S 'saved plainname  \(boe tui \./plainname opens it again\)'
keys $S q
check "boe quits after a save" $S '^rc=0' 5
if (cd "$tmp/work" && "$BOE" calc ./plainname >/dev/null 2>&1); then pass; else fail "./plainname does not load"; fi

# ---- a retention of billions of years: the storage chart draws, nothing overflows ----
printf 'boe: 1\nname: eons\nset:\n  retention: 3e9 year\n' >"$tmp/work/eons.yaml"
S=eons
start_shell $S xterm-256color 100 30 || fail "no shell in tmux"
text $S "$BOE tui eons.yaml 2>$tmp/err-eons; echo rc=\$?"
keys $S Enter
check "a huge retention opens" $S 'eons'
keys $S 2
check "the storage chart draws a huge retention" $S 'Storage over the retention period'
keys $S q
check "boe quits after the chart" $S '^rc=0' 5
if [ -s "$tmp/err-eons" ]; then fail "stderr after the huge retention: $(head -c 300 "$tmp/err-eons")"; else pass; fi

finish
