#!/usr/bin/env bash
# The HTML report in a real browser: Debian's headless Chromium renders
# `boe calc --format html` to a PNG and a PDF, and the test checks that the
# page logs no console error, makes no request to any other place (the HTML
# has no URL in a src or href, and Chromium, pointed at a proxy that is a
# local trap, never reaches it: a control page with one external image must
# reach it), that text from files arrives as text, and that each chart has
# the elements it should. Also the markdown report's --charts files.
#   BOE=build/boe bash tests/html.sh      (from the repository root)
# Prints one line per failure and ends with "N passed, N failed".
set -u

BOE=${BOE:-./boe}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit $?
}
for tool in chromium python3 timeout; do
	command -v $tool >/dev/null 2>&1 || { fail "$tool is required (make deps installs it)"; finish; }
done
[ -x "$BOE" ] || { fail "boe binary not found at $BOE"; finish; }
BOE=$(cd "$(dirname "$BOE")" && pwd)/$(basename "$BOE")
ROOT=$PWD
tmp=$(mktemp -d)
trap 'kill $trap_pid 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME=$tmp/home BOE_PRESET_PATH=$ROOT/presets
mkdir -p "$HOME"
same() { if [ "$2" = "$3" ]; then pass; else fail "$1: got '${2:0:300}', expected '${3:0:300}'"; fi; }
has() { if printf '%s\n' "$2" | grep -qF -- "$3"; then pass; else fail "$1: '$3' not in '${2:0:300}'"; fi; }

# A scenario with everything to draw: ranges, tiers, hops, and text that must stay text.
cat >"$tmp/shop.yaml" <<'YAML'
boe: 1
name: ranged-shop
title: Ranged <Shop> & "Co" <script>alert(1)</script>
summary: a | pipe, *stars* and <img src="http://example.com/x.png">
notes: |
  Check <a href="https://example.com/">this</a>.
set:
  dau: 5M..20M
  peak_factor: 2..5
  object_size: 300B..1KB
availability:
  tiers:
    - { name: lb, availability: 99.99%, replicas: 2 }
    - { name: "api <b>", availability: 99.9%, replicas: 3 }
    - { name: db, availability: 99.5%, replicas: 1 }
latency_budget:
  target: 200 ms
  hops:
    - { name: CDN, time: 20 ms }
    - { name: api, time: 50 ms }
    - { name: database, time: 80 ms }
YAML

"$BOE" calc "$tmp/shop.yaml" --format html >"$tmp/shop.html"
same "calc --format html: exit" "$?" 0
"$BOE" calc url-shortener --format html -o "$tmp/url.html"
same "--format html -o x.html: exit" "$?" 0
has "-o x.html is html" "$(head -1 "$tmp/url.html")" "<!DOCTYPE html>"
"$BOE" calc --all --format html >"$tmp/all.html"
same "calc --all --format html: exit" "$?" 0

# ---- the HTML itself: no URL to fetch, nothing executable ----
for f in shop url all; do
	page=$(cat "$tmp/$f.html")
	if printf '%s' "$page" | grep -Eiq '(src|href)[[:space:]]*=[[:space:]]*"?[[:space:]]*(https?:)?//'; then
		fail "$f.html: a src or href to another place"
	else pass; fi
	if printf '%s' "$page" | grep -Eiq '<script|<link|<iframe|<img|@import|url\('; then
		fail "$f.html: a script, link, frame, image or url() in the page"
	else pass; fi
done

# ---- Chromium ----
# the trap: a proxy on a local port that records every connection
python3 - "$tmp/trap.port" "$tmp/trap.log" <<'PY' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try: data = c.recv(4096)
    except Exception: data = b""
    with open(sys.argv[2], "a") as log: log.write(data.decode("latin-1").split("\r\n")[0] + "\n")
    c.close()
PY
trap_pid=$!
for _ in $(seq 50); do [ -s "$tmp/trap.port" ] && break; sleep 0.1; done
port=$(cat "$tmp/trap.port" 2>/dev/null)
[ -n "$port" ] && pass || { fail "the proxy trap did not start"; finish; }
: >"$tmp/trap.log"

chrome() { # LOG ARGS...: headless Chromium with every request sent to the trap
	local log=$1
	shift
	timeout 90 chromium --headless --disable-gpu --no-sandbox --no-first-run --user-data-dir="$tmp/profile" \
		--proxy-server="http://127.0.0.1:$port" --proxy-bypass-list="<-loopback>" \
		--disable-background-networking --disable-component-update --disable-sync --disable-default-apps \
		--disable-domain-reliability --disable-client-side-phishing-detection --no-default-browser-check \
		--disable-features=OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying \
		--enable-logging=stderr --v=0 "$@" 2>"$log"
}

# the control: a page with an external image must reach the trap, and a console error must be logged
cat >"$tmp/control.html" <<'HTML'
<!DOCTYPE html><html><body><img src="http://boe-control.example/x.png"><script>console.error("control-error")</script></body></html>
HTML
chrome "$tmp/control.log" --dump-dom "file://$tmp/control.html" >/dev/null
sleep 0.3
if grep -q "boe-control.example" "$tmp/trap.log"; then pass; else fail "control: the trap saw no request (the check could not fail)"; fi
if grep -q "control-error" "$tmp/control.log"; then pass; else fail "control: the console error was not logged (the check could not fail)"; fi
: >"$tmp/trap.log"

for f in shop url all; do
	chrome "$tmp/$f.log" --window-size=1200,2000 --screenshot="$tmp/$f.png" "file://$tmp/$f.html" >/dev/null
	same "$f.html: Chromium renders it" "$?" 0
	if [ -s "$tmp/$f.png" ] && [ "$(head -c 8 "$tmp/$f.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		pass
	else
		fail "$f.html: no PNG"
	fi
	chrome "$tmp/$f.dom.log" --dump-dom "file://$tmp/$f.html" >"$tmp/$f.dom"
	if grep -Eiq 'CONSOLE|Uncaught|SyntaxError' "$tmp/$f.log" "$tmp/$f.dom.log"; then
		fail "$f.html: console messages: $(grep -Ei 'CONSOLE|Uncaught' "$tmp/$f.log" "$tmp/$f.dom.log" | head -3)"
	else pass; fi
done
chrome "$tmp/pdf.log" --no-pdf-header-footer --print-to-pdf="$tmp/shop.pdf" "file://$tmp/shop.html" >/dev/null
if [ "$(head -c 5 "$tmp/shop.pdf" 2>/dev/null)" = "%PDF-" ]; then pass; else fail "shop.html does not print to a PDF"; fi
has "the page has a print style" "$(cat "$tmp/shop.html")" "@media print"
sleep 0.3
# Chromium's own services (sign-in, updates, time) call home whatever the page is;
# those hosts are left out, and so are a connection that sent nothing before the
# trap gave up on it (a blank line) and a late retry of the control page's image:
# anything else is a request the reports made
grep -Ev '^$|boe-control\.example|(accounts|clients[0-9]*)\.google\.com|(update|clientservices|optimizationguide-pa|safebrowsing|content-autofill)\.googleapis\.com|\.gvt1\.com' \
	"$tmp/trap.log" >"$tmp/trap.page"
if [ -s "$tmp/trap.page" ]; then fail "Chromium made requests for the reports: $(head -3 "$tmp/trap.page")"; else pass; fi

# ---- what the browser built: text stays text, each chart has its elements ----
cat >"$tmp/dom.py" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.counts = {}; self.title = ""; self.h1 = []; self.in_h1 = False; self.in_title = False
        self.tags = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); self.tags.add(tag)
        cls = a.get("class", "")
        if tag == "svg": self.stack.append(cls.split()[-1] if cls else "svg")
        if self.stack:
            key = "%s %s.%s" % (self.stack[-1], tag, cls.split()[0] if cls else "")
            self.counts[key] = self.counts.get(key, 0) + 1
            k2 = "%s %s" % (self.stack[-1], tag)
            self.counts[k2] = self.counts.get(k2, 0) + 1
        if tag == "h1": self.in_h1 = True
        if tag == "title" and not self.stack: self.in_title = True
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg": self.stack.pop()
    def handle_endtag(self, tag):
        if tag == "svg" and self.stack: self.stack.pop()
        if tag == "h1": self.in_h1 = False
        if tag == "title": self.in_title = False
    def handle_data(self, d):
        if self.in_h1: self.h1.append(d)
        if self.in_title: self.title += d
p = P(); p.feed(open(sys.argv[1]).read())
for k, v in sorted(p.counts.items()): print("count %s %d" % (k, v))
print("h1 " + "".join(p.h1))
print("tags " + " ".join(sorted(p.tags)))
PY
dom=$(python3 "$tmp/dom.py" "$tmp/shop.dom")
count() { printf '%s\n' "$dom" | sed -n "s/^count $1 //p" | head -1; }
same "h1: the title arrives as text" "$(printf '%s\n' "$dom" | sed -n 's/^h1 //p')" 'Ranged <Shop> & "Co" <script>alert(1)</script>'
tags=$(printf '%s\n' "$dom" | sed -n 's/^tags //p')
for t in script img a iframe link; do
	case " $tags " in *" $t "*) fail "the DOM has a <$t> (text from the file became markup)" ;; *) pass ;; esac
done
same "traffic: one curve" "$(count 'chart-traffic path.curve')" 1
same "traffic: the average line" "$(count 'chart-traffic line.avg')" 1
same "traffic: the peak marked" "$(count 'chart-traffic circle.peak')" 1
same "storage: the growth" "$(count 'chart-storage path.growth')" 1
same "storage: the retention marked" "$(count 'chart-storage line.retention')" 1
same "availability: a bar per tier" "$(count 'chart-availability rect.tier')" 3
same "availability: the composite" "$(count 'chart-availability rect.composite')" 1
same "availability: the SLA line" "$(count 'chart-availability line.sla')" 1
same "latency: a bar per hop" "$(count 'chart-latency rect.hop')" 3
same "latency: the target" "$(count 'chart-latency line.target')" 1
n_int=$("$BOE" calc "$tmp/shop.yaml" --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)["scenarios"][0]["quantities"]
heads = ["peak_qps", "storage_total", "egress_peak", "servers", "cache_memory", "monthly_cost"]
print(sum(1 for h in heads if "range" in d[h] and d[h]["range"]["p5"] != d[h]["range"]["p95"]))')
same "intervals: one per varying headline result ($n_int)" "$(count 'chart-intervals rect.interval')" "$n_int"
same "intervals: a median each" "$(count 'chart-intervals line.median')" "$n_int"
same "tornado: a bar per ranged input" "$(count 'chart-tornado rect.swing')" 3
same "tornado: the center line" "$(count 'chart-tornado line.center')" 1
dom_url=$(python3 "$tmp/dom.py" "$tmp/url.dom")
# the charts url-shortener has something for: from its JSON
want_url=$("$BOE" calc url-shortener --format json | python3 -c '
import json, sys
s = json.load(sys.stdin)["scenarios"][0]
w = ["storage", "traffic"] + (["availability"] if "availability" in s else []) + (["latency"] if "latency_budget" in s else [])
print(" ".join(sorted(w)))')
same "url.html: the charts url-shortener has data for" \
	"$(printf '%s\n' "$dom_url" | sed -n 's/^count chart-\([a-z]*\) svg 1$/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')" "$want_url"
n_presets=$("$BOE" list | wc -l)
same "all.html: a traffic chart per preset" "$(python3 "$tmp/dom.py" "$tmp/all.dom" | sed -n 's/^count chart-traffic path.curve //p')" "$n_presets"

# ---- the markdown report's charts ----
mkdir -p "$tmp/md"
"$BOE" calc "$tmp/shop.yaml" -o "$tmp/md/shop.md" --charts
same "--charts: exit" "$?" 0
for c in traffic storage availability latency intervals tornado; do
	if [ -s "$tmp/md/shop-$c.svg" ]; then pass; else fail "--charts: no shop-$c.svg"; fi
	has "--charts: the report shows $c" "$(cat "$tmp/md/shop.md")" "(shop-$c.svg)"
	if python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$tmp/md/shop-$c.svg"; then
		pass
	else fail "--charts: shop-$c.svg is not an SVG document"; fi
done
before=$(cat "$tmp/md/shop-traffic.svg")
"$BOE" calc "$tmp/shop.yaml" --set dau=50M -o "$tmp/md/shop.md" --charts </dev/null 2>"$tmp/err"
same "--charts again without --force: exit" "$?" 2
has "--charts again: says why" "$(cat "$tmp/err")" "exists; not overwriting"
same "--charts again: the chart is unchanged" "$(cat "$tmp/md/shop-traffic.svg")" "$before"
"$BOE" calc "$tmp/shop.yaml" --set dau=50M -o "$tmp/md/shop.md" --charts --force
same "--charts --force: exit" "$?" 0
if [ "$(cat "$tmp/md/shop-traffic.svg")" != "$before" ]; then pass; else fail "--charts --force did not replace the chart"; fi
ls "$tmp/md" | grep -q '\.tmp\|~' && fail "--charts left temporary files: $(ls "$tmp/md")" || pass
"$BOE" calc url-shortener -o "$tmp/md/url.md" --charts
same "--charts for url-shortener: exit" "$?" 0
same "--charts writes only the charts that apply" "$(cd "$tmp/md" && ls url-*.svg | sed 's/^url-//; s/\.svg$//' | tr '\n' ' ' | sed 's/ $//')" "$want_url"
"$BOE" calc url-shortener --charts >/dev/null 2>"$tmp/err"
same "--charts without -o: exit" "$?" 2

finish
