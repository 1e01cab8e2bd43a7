#!/usr/bin/env bash
# Churn test for `jenjang watch`: 1,000 random edits, renames, deletes, broken saves and editor
# leftovers in 60 seconds on a temporary copy of the example site. Then asserts that the watcher
# is alive, and that its output equals a fresh `jenjang build` of the final content (diff -r,
# ignoring the `.jenjang-output` marker). Prints the watcher's RSS at the start and the end.
#
# Usage: scripts/churn.sh               (from the repository root)
# Environment:
#   JENJANG  the binary to test (default: target/release/jenjang, built if missing)
#   OPS      how many changes (default 1000)
#   SPAN     seconds to spread them over (default 60)
#   SEED     random seed (default: random, printed)
set -euo pipefail

OPS=${OPS:-1000}
SPAN=${SPAN:-60}
SEED=${SEED:-$RANDOM$RANDOM}
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }

JENJANG=${JENJANG:-$repo/target/release/jenjang}
if [ ! -x "$JENJANG" ]; then
  echo "building the release binary" >&2
  (cd "$repo" && cargo build --release --quiet)
fi

work=$(mktemp -d)
watcher=""
cleanup() {
  if [ -n "$watcher" ]; then kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/site"
cp "$repo/site.yaml" "$work/site/"
cp -r "$repo/content" "$work/site/"
[ -d "$repo/themes" ] && cp -r "$repo/themes" "$work/site/"

"$JENJANG" watch --quiet --root "$work/site" --output "$work/out" 2>"$work/watch.log" &
watcher=$!
for _ in $(seq 1 300); do
  [ -f "$work/out/index.html" ] && break
  sleep 0.1
done
[ -f "$work/out/index.html" ] || { echo "FAIL: the first build did not happen"; cat "$work/watch.log"; exit 1; }
sleep 1
rss() { awk '/VmRSS/ {print $2}' "/proc/$watcher/status"; }
rss_start=$(rss)
echo "watching a copy of the example site (pid $watcher, RSS $rss_start kB); seed $SEED"

python3 - "$work/site" "$OPS" "$SPAN" "$SEED" <<'PY'
import json, os, random, sys, time

site, ops, span, seed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
pages = os.path.join(site, "content", "pages")
yamls = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "content"))
         for f in fs if f.endswith(".yaml")]
churn = {}   # name -> broken?
counter = [0]
counts = {}

def words(n):
    return " ".join(rng.choice(["learning", "mentor", "village", "craft", "stage", "ledger",
                                "guru", "karier", "evidence", "*bold*", "`code`", "[link](https://example.org/)"])
                    for _ in range(n))

def page_text(title):
    return (f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(words(6))}\n"
            f"order: {rng.randint(1, 99)}\n---\n{words(40)}\n\n- {words(5)}\n")

def save(path, text):
    # Half the saves are in place, half write a temporary file and rename it (as editors do).
    if rng.random() < 0.5:
        with open(path, "w") as f:
            f.write(text)
    else:
        tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)

def new_name():
    counter[0] += 1
    return f"churn-{counter[0]}"

def op_create():
    name = new_name()
    save(os.path.join(pages, name + ".md"), page_text(f"Churn {name}"))
    churn[name] = False

def op_edit_page():
    if not churn:
        return op_create()
    name = rng.choice(sorted(churn))
    save(os.path.join(pages, name + ".md"), page_text(f"Edited {name} {rng.randint(0, 10**6)}"))
    churn[name] = False

def op_rename():
    if not churn:
        return op_create()
    old = rng.choice(sorted(churn))
    new = new_name()
    os.rename(os.path.join(pages, old + ".md"), os.path.join(pages, new + ".md"))
    churn[new] = churn.pop(old)

def op_delete():
    if not churn:
        return op_create()
    name = rng.choice(sorted(churn))
    os.remove(os.path.join(pages, name + ".md"))
    del churn[name]

def op_break():
    if not churn:
        return op_create()
    name = rng.choice(sorted(churn))
    save(os.path.join(pages, name + ".md"), "---\ntitle: [unclosed\n---\nbroken\n")
    churn[name] = True

def op_title():
    path = rng.choice(yamls)
    with open(path) as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title:"):
            lines[i] = f'title: "{words(3).replace(chr(34), "")} {rng.randint(0, 10**6)}"'
            break
    save(path, "\n".join(lines))

def op_leftover():
    name = rng.choice([".#about.md", "about.md~", ".about.md.swp", "#about.md#", "notes.txt"])
    path = os.path.join(pages, name)
    if os.path.exists(path) and rng.random() < 0.5:
        os.remove(path)
    else:
        with open(path, "w") as f:
            f.write("leftover " + words(3))

table = [(op_create, 15), (op_edit_page, 30), (op_rename, 12), (op_delete, 10),
         (op_break, 5), (op_title, 20), (op_leftover, 8)]
funcs = [f for f, w in table for _ in range(w)]
start = time.monotonic()
for i in range(ops):
    f = rng.choice(funcs)
    f()
    counts[f.__name__] = counts.get(f.__name__, 0) + 1
    delay = start + span * (i + 1) / ops - time.monotonic()
    if delay > 0:
        time.sleep(delay)
# Leave the site valid: mend every page left broken.
for name, broken in sorted(churn.items()):
    if broken:
        save(os.path.join(pages, name + ".md"), page_text(f"Mended {name}"))
print(f"{ops} changes in {time.monotonic() - start:.1f} s: " +
      ", ".join(f"{k[3:]} {v}" for k, v in sorted(counts.items())) +
      f"; {len(churn)} churn pages remain")
PY

# Let the watcher settle: wait until the output has not changed for 3 seconds.
stamp() { find "$work/out" -type f -printf '%p %s %T@\n' 2>/dev/null | sort | md5sum; }
last=$(stamp); quiet=0
for _ in $(seq 1 120); do
  sleep 0.5
  now=$(stamp)
  if [ "$now" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; last=$now; fi
  [ "$quiet" -ge 6 ] && break
done

fail=0
if kill -0 "$watcher" 2>/dev/null; then
  echo "the watcher is alive"
else
  echo "FAIL: the watcher died"; tail -20 "$work/watch.log"; fail=1
fi
rss_end=$(rss 2>/dev/null || echo "?")

"$JENJANG" build --quiet --root "$work/site" --output "$work/fresh" || { echo "FAIL: the final content does not build"; fail=1; }
if diff -r --exclude=.jenjang-output "$work/out" "$work/fresh" >"$work/diff.txt"; then
  echo "the watched output equals a fresh build ($(find "$work/fresh" -type f | wc -l) files)"
else
  echo "FAIL: the watched output differs from a fresh build:"; head -20 "$work/diff.txt"; fail=1
fi
errors=$(grep -c '^error' "$work/watch.log" || true)
echo "watcher RSS: $rss_start kB at the start, $rss_end kB at the end; $errors error diagnostics reported while the site was broken"
[ "$fail" = 0 ] && echo "PASS"
exit "$fail"
