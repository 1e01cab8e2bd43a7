#!/usr/bin/env bash
# Load test for `jenjang serve`: a bounded wrk run against 127.0.0.1 while a content file is
# edited every second. Asserts that rebuilds keep happening under load (each edit shows up in
# the served page) and that the server still answers afterwards; prints requests/s.
#
# Usage: scripts/load-test.sh            (from the repository root)
# Environment:
#   JENJANG      the binary to test (default: target/release/jenjang, built if missing)
#   CONNECTIONS  wrk connections (default 200)
#   DURATION     seconds of load (default 30)
#   THREADS      wrk threads (default 2)
#   EDIT_WAIT    seconds an edit may take to show up in the served page (default 5)
set -euo pipefail

CONNECTIONS=${CONNECTIONS:-200}
DURATION=${DURATION:-30}
THREADS=${THREADS:-2}
EDIT_WAIT=${EDIT_WAIT:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it with apt-get" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
for tool in curl python3; do
  command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

JENJANG=${JENJANG:-$repo/target/release/jenjang}
if [ ! -x "$JENJANG" ]; then
  echo "building the release binary" >&2
  (cd "$repo" && cargo build --release --quiet)
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/site"
cp "$repo/site.yaml" "$work/site/"
cp -r "$repo/content" "$work/site/"
[ -d "$repo/themes" ] && cp -r "$repo/themes" "$work/site/"
page="$work/site/content/pages/about.md"
original=$(cat "$page")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$JENJANG" serve --quiet --root "$work/site" --output "$work/out" --port "$port" 2>"$work/serve.log" &
server=$!
url="http://127.0.0.1:$port"

up=""
for _ in $(seq 1 300); do
  if curl -fsS -o /dev/null "$url/about/index.html" 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
[ -n "$up" ] || { echo "FAIL: the server did not start"; cat "$work/serve.log"; exit 1; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "serving the example site at $url (pid $server, RSS $(rss) kB)"

echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, and one edit of content/pages/about.md a second"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url/roadmaps/teacher-career/index.html" >"$work/wrk.out" 2>&1 &
wrk_pid=$!

edits=0; seen=0; late=0; worst=0
start=$(date +%s)
while kill -0 "$wrk_pid" 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$DURATION" ]; do
  edits=$((edits + 1))
  marker="load-test-edit-$edits-$RANDOM"
  printf '%s\n\n%s\n' "$original" "$marker" >"$page.tmp" && mv "$page.tmp" "$page"
  t0=$(date +%s%N)
  found=""
  while [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt $((EDIT_WAIT * 1000)) ]; do
    if curl -fsS --max-time 2 "$url/about/index.html" 2>/dev/null | grep -q "$marker"; then found=1; break; fi
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  if [ -n "$found" ]; then
    seen=$((seen + 1)); [ "$ms" -gt "$worst" ] && worst=$ms
  else
    late=$((late + 1)); echo "  edit $edits not served within ${EDIT_WAIT}s"
  fi
  elapsed=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ "$elapsed" -lt 1000 ] && sleep "0.$(printf '%03d' $((1000 - elapsed)))"
done
wait "$wrk_pid" || true

echo "--- wrk"
cat "$work/wrk.out"
echo "---"
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
errors=$(awk '/Socket errors|Non-2xx/ {print}' "$work/wrk.out")
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url/" || true)
echo "requests/s: ${rps:-?}"
echo "edits: $edits, served within ${EDIT_WAIT}s: $seen (slowest ${worst} ms), late: $late"
echo "server after the load: HTTP $status, RSS $(rss) kB"
[ -n "$errors" ] && echo "wrk reported: $errors"

fail=0
[ "$status" = 200 ] || { echo "FAIL: the server does not answer after the load"; fail=1; }
[ "$edits" -gt 0 ] && [ "$seen" -gt 0 ] || { echo "FAIL: no edit was served"; fail=1; }
[ "$late" -le $((edits / 10)) ] || { echo "FAIL: more than a tenth of the edits were not served in time"; fail=1; }
[ -n "$rps" ] || { echo "FAIL: wrk reported no rate"; fail=1; }
[ "$fail" = 0 ] && echo "PASS"
exit "$fail"
