#!/usr/bin/env bash
# Builds generated sites of N pages with jenjang and with Hugo, and reports wall time, CPU time,
# pages per second, peak memory, output size and jenjang's time per phase. See benches/README.md.
#
#   benches/compare.sh [--quick] [--runs K] [N ...]
#
# Default N: 1000 10000 100000 (--quick: 1000 10000). Each N is built K times (default 5; 3 for
# N >= 50000) by each tool, interleaved, on tmpfs (/dev/shm); N = 10000 is also built once on
# disk. The Markdown table at the end is also saved to target/jenjang-bench/results.md.
#
# Environment: LIMIT (seconds one command may take, default 900), SEED (default 1),
# BENCH_DIR (tmpfs folder, default /dev/shm/jenjang-bench), DISK_DIR (default
# target/jenjang-bench/disk in the repository).
set -euo pipefail

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}
die() {
    echo "compare.sh: $*" >&2
    exit 1
}

QUICK=0
RUNS=""
SIZES=()
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) QUICK=1 ;;
    --runs)
        [ $# -ge 2 ] || die "--runs needs a number"
        RUNS="$2"
        shift
        ;;
    -h | --help) usage 0 ;;
    *[!0-9]* | "") die "unknown argument \`$1' (try --help)" ;;
    *) SIZES+=("$1") ;;
    esac
    shift
done
if [ ${#SIZES[@]} -eq 0 ]; then
    if [ "$QUICK" = 1 ]; then SIZES=(1000 10000); else SIZES=(1000 10000 100000); fi
fi
# Ascending, so that the growth exponent uses the two largest.
mapfile -t SIZES < <(printf '%s\n' "${SIZES[@]}" | sort -n -u)

LIMIT="${LIMIT:-900}"
SEED="${SEED:-1}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/dev/shm/jenjang-bench}"
DISK_DIR="${DISK_DIR:-$REPO/target/jenjang-bench/disk}"
RESULTS="$REPO/target/jenjang-bench/results.md"
WORK="$BENCH_DIR/run.$$"
DISK="$DISK_DIR/run.$$"

cleanup() {
    if [ -n "${WATCH_PID:-}" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
    rm -rf "$WORK" "$DISK"
    rmdir "$BENCH_DIR" "$DISK_DIR" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Tools -----------------------------------------------------------------------------------

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "compare.sh: $1 is missing and this is not root; install the Debian package $2" >&2
        return 1
    fi
    echo "Installing $2 with apt-get..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >/dev/null ||
        return 1
}
[ -x /usr/bin/time ] || apt_install /usr/bin/time time || die "/usr/bin/time is needed"
HAVE_HUGO=1
command -v hugo >/dev/null || apt_install hugo hugo || HAVE_HUGO=0
[ "$HAVE_HUGO" = 1 ] || echo "compare.sh: no hugo: the Hugo columns stay empty" >&2

echo "Building jenjang (release)..." >&2
(cd "$REPO" && cargo build --release --quiet --bin jenjang --example gen-corpus --example phase-times)
JENJANG="$REPO/target/release/jenjang"
GEN="$REPO/target/release/examples/gen-corpus"
PHASES="$REPO/target/release/examples/phase-times"
HUGO_VERSION="$( [ "$HAVE_HUGO" = 1 ] && hugo version | awk '{print $2}' || echo none)"

mkdir -p "$WORK" "$DISK" "$(dirname "$RESULTS")"
# Other work on the machine skews every figure: the load average is reported with them.
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Helpers ---------------------------------------------------------------------------------

# measure LOG CMD...: runs CMD (bounded by LIMIT) and appends "wall cpu rss_kb" to LOG.
measure() {
    local log="$1"
    shift
    local t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -f '%U %S %M' -o "$log.time" timeout "$LIMIT" "$@" >"$log.out" 2>&1; then
        cat "$log.out" >&2
        die "failed (or took over ${LIMIT}s): $*"
    fi
    t1=$(date +%s%N)
    tail -n 1 "$log.time" | awk -v w="$(((t1 - t0) / 1000))" '{printf "%.4f %.2f %d\n", w / 1e6, $1 + $2, $3}' >>"$log"
}

# median LOG COLUMN
median() {
    awk -v c="$2" '{print $c}' "$1" | sort -g |
        awk '{a[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

pages_in() { find "$1" -name '*.html' -type f | wc -l; }
mb_in() { du -sb "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
json() { sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1"; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }

# one_edit SITE: changes the text of one checklist item of one roadmap (a new word each time).
EDITS=0
one_edit() {
    local file
    file=$(find "$1/content/roadmaps" -name '*.yaml' | sort | awk 'NR == 1')
    EDITS=$((EDITS + 1))
    sed -i "0,/^\( *text: \"\)/s//\1Edit $EDITS /" "$file"
}

# watch_latency SITE OUT LOG: runs `jenjang watch`, edits one item three times, and appends to
# LOG the milliseconds from each edit until watch has printed that the site is rebuilt (the
# output is written before that line), and to LOG.reported jenjang's own rebuild times.
WATCH_PID=""
watch_latency() {
    local site="$1" out="$2" log="$3" wlog="$3.watch" t0 t1 k
    : >"$wlog"
    "$JENJANG" watch --root "$site" --output "$out" 2>"$wlog" &
    WATCH_PID=$!
    wait_built 1 "$wlog"
    sleep 0.5
    for k in 1 2 3; do
        t0=$(date +%s%N)
        one_edit "$site"
        wait_built $((k + 1)) "$wlog"
        t1=$(date +%s%N)
        awk -v us="$(((t1 - t0) / 1000))" 'BEGIN {printf "%.1f\n", us / 1000}' >>"$log"
        sleep 0.3
    done
    kill "$WATCH_PID"
    wait "$WATCH_PID" 2>/dev/null || true
    WATCH_PID=""
    grep '^Built in' "$wlog" | awk 'NR > 1 {print $3}' >"$log.reported"
}
# wait_built COUNT WLOG: until the watch log holds COUNT "Built in" lines.
wait_built() {
    local deadline=$((SECONDS + LIMIT))
    while [ "$(grep -c '^Built in' "$2" || true)" -lt "$1" ]; do
        if ! kill -0 "$WATCH_PID" 2>/dev/null; then
            cat "$2" >&2
            die "jenjang watch stopped"
        fi
        [ "$SECONDS" -lt "$deadline" ] || die "jenjang watch did not rebuild within ${LIMIT}s"
        sleep 0.002
    done
}

T1=() T2=() T3=()
ms() { [ -n "$1" ] && calc "%.0f" "$1" || echo "–"; }

# --- Per size --------------------------------------------------------------------------------

declare -A WALL HUGO_WALL
for N in "${SIZES[@]}"; do
    runs="${RUNS:-$([ "$N" -ge 50000 ] && echo 3 || echo 5)}"
    site="$WORK/site-$N"
    hsite="$WORK/hugo-$N"
    jout="$WORK/out-jenjang-$N"
    hout="$WORK/out-hugo-$N"
    log="$WORK/log-$N"
    echo "== N = $N: generating..." >&2
    hugo_arg=()
    [ "$HAVE_HUGO" = 1 ] && hugo_arg=(--hugo "$hsite")
    gen_t0=$(date +%s%N)
    timeout "$LIMIT" "$GEN" "$N" "$site" --seed "$SEED" "${hugo_arg[@]}" >&2
    gen_s=$(calc "%.2f" "($(date +%s%N) - $gen_t0) / 1e9")

    echo "   building $runs times with each tool..." >&2
    for ((r = 1; r <= runs; r++)); do
        # Alternate which tool goes first; each build starts from an absent output folder.
        order=(jenjang hugo)
        [ $((r % 2)) = 0 ] && order=(hugo jenjang)
        for tool in "${order[@]}"; do
            if [ "$tool" = jenjang ]; then
                rm -rf "$jout"
                measure "$log.jenjang" "$JENJANG" build --quiet --root "$site" --output "$jout"
            elif [ "$HAVE_HUGO" = 1 ]; then
                rm -rf "$hout"
                measure "$log.hugo" hugo --quiet -s "$hsite" -d "$hout"
            fi
        done
    done
    pages=$(pages_in "$jout")
    size=$(mb_in "$jout")
    wall=$(median "$log.jenjang" 1)
    cpu=$(median "$log.jenjang" 2)
    rss=$(median "$log.jenjang" 3)
    WALL[$N]=$wall
    largest=$(find "$jout" -name '*.html' -type f -printf '%s %P\n' | sort -n | tail -n 1)
    largest_kb=$(calc "%.0f" "${largest%% *} / 1024")
    largest_path=${largest#* }

    # Page weight of stage pages (raw and gzipped), over up to 200 of them.
    stages=$(find "$jout/roadmaps" -mindepth 3 -name index.html | sort | awk 'NR <= 200')
    stage_raw=$(printf '%s\n' "$stages" | xargs stat -c %s | sort -n |
        awk '{a[NR] = $1} END {printf "%.1f / %.1f", a[int((NR + 1) / 2)] / 1024, a[NR] / 1024}')
    stage_gz=$(printf '%s\n' "$stages" | while read -r f; do gzip -9 -c "$f" | wc -c; done | sort -n |
        awk '{a[NR] = $1} END {printf "%.1f / %.1f", a[int((NR + 1) / 2)] / 1024, a[NR] / 1024}')

    # One item edited, then `jenjang build` over the existing output, three times.
    echo "   edits..." >&2
    : >"$log.edit"
    for ((r = 1; r <= 3; r++)); do
        one_edit "$site"
        measure "$log.edit" "$JENJANG" build --quiet --root "$site" --output "$jout"
    done
    edit_build=$(median "$log.edit" 1)
    # The same edit under `jenjang watch`: from the edit to the rebuilt site.
    : >"$log.watch-ms"
    watch_latency "$site" "$WORK/out-watch-$N" "$log.watch-ms"
    rm -rf "$WORK/out-watch-$N"

    echo "   phases..." >&2
    timeout "$LIMIT" "$PHASES" --root "$site" --output "$WORK/out-phases-$N" --edit \
        --runs "$([ "$N" -ge 50000 ] && echo 1 || echo 3)" >"$log.phases"
    rm -rf "$WORK/out-phases-$N"

    T1+=("| $N | tmpfs | $pages | $(calc "%.3f" "$wall") | $cpu | $(calc "%.0f" "$pages / $wall") | $(calc "%.0f" "$rss / 1024") | $size | $(ms "$(json "$log.phases" load_ms)") | $(ms "$(json "$log.phases" resolve_ms)") | $(ms "$(json "$log.phases" render_ms)") | $(ms "$(json "$log.phases" write_ms)") |")
    T2+=("| $N | $(calc "%.3f" "$edit_build") | $(json "$log.phases" edit_ms) | $(median "$log.watch-ms" 1) | $(median "$log.watch-ms.reported" 1) | $stage_raw | $stage_gz | $largest_kb ($largest_path) |")
    if [ "$HAVE_HUGO" = 1 ]; then
        hwall=$(median "$log.hugo" 1)
        HUGO_WALL[$N]=$hwall
        T3+=("| $N | tmpfs | $(pages_in "$hout") | $(calc "%.3f" "$hwall") | $(median "$log.hugo" 2) | $(calc "%.0f" "$(median "$log.hugo" 3) / 1024") | $(mb_in "$hout") | $(calc "%.3f" "$wall") | **$(calc "%.2f" "$hwall / $wall")** |")
    fi
    echo "   jenjang: $pages pages in ${wall}s (CPU ${cpu}s, RSS $((rss / 1024)) MB); Hugo: ${hwall:-–}s; generated in ${gen_s}s; largest page: $largest_path (${largest_kb} KB)" >&2

    # The same on disk, once, for N = 10000.
    if [ "$N" = 10000 ]; then
        echo "   on disk ($DISK_DIR)..." >&2
        dsite="$DISK/site" dhsite="$DISK/hugo" djout="$DISK/out-jenjang" dhout="$DISK/out-hugo"
        cp -r "$site" "$dsite"
        [ "$HAVE_HUGO" = 1 ] && cp -r "$hsite" "$dhsite"
        sync
        measure "$log.disk-jenjang" "$JENJANG" build --quiet --root "$dsite" --output "$djout"
        dwall=$(median "$log.disk-jenjang" 1)
        timeout "$LIMIT" "$PHASES" --root "$dsite" --output "$DISK/out-phases" --runs 1 >"$log.disk-phases"
        T1+=("| $N | disk | $(pages_in "$djout") | $(calc "%.3f" "$dwall") | $(median "$log.disk-jenjang" 2) | $(calc "%.0f" "$pages / $dwall") | $(calc "%.0f" "$(median "$log.disk-jenjang" 3) / 1024") | $(mb_in "$djout") | $(ms "$(json "$log.disk-phases" load_ms)") | $(ms "$(json "$log.disk-phases" resolve_ms)") | $(ms "$(json "$log.disk-phases" render_ms)") | $(ms "$(json "$log.disk-phases" write_ms)") |")
        if [ "$HAVE_HUGO" = 1 ]; then
            measure "$log.disk-hugo" hugo --quiet -s "$dhsite" -d "$dhout"
            dhwall=$(median "$log.disk-hugo" 1)
            T3+=("| $N | disk | $(pages_in "$dhout") | $(calc "%.3f" "$dhwall") | $(median "$log.disk-hugo" 2) | $(calc "%.0f" "$(median "$log.disk-hugo" 3) / 1024") | $(mb_in "$dhout") | $(calc "%.3f" "$dwall") | **$(calc "%.2f" "$dhwall / $dwall")** |")
        fi
        rm -rf "${DISK:?}"/*
    fi
    # Free the tmpfs before the next, larger size.
    rm -rf "$site" "$hsite" "$jout" "$hout"
done

# --- Report ----------------------------------------------------------------------------------

{
    echo "jenjang $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet 2>/dev/null || echo '+changes'), Hugo $HUGO_VERSION, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), seed $SEED, $(date -u +%Y-%m-%dT%H:%MZ), load average $LOAD_START at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo
    echo "**Full builds** (\`jenjang build\` into an absent folder; medians; phases from \`phase-times\`)"
    echo
    echo "| N | fs | pages | wall s | CPU s | pages/s | peak RSS MB | output MB | load ms | resolve ms | render ms | write ms |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${T1[@]}"
    echo
    echo "**Edits and page weight** (one checklist item edited; tmpfs; medians of 3)"
    echo
    echo "| N | \`build\` after edit s | incremental rebuild ms | \`watch\` edit→rebuilt ms | \`watch\` reported ms | stage page KB median / max | gzipped KB median / max | largest page KB |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${T2[@]}"
    if [ "$HAVE_HUGO" = 1 ]; then
        echo
        echo "**Hugo** ($HUGO_VERSION, \`hugo --quiet\`, same pages and Markdown, minimal theme; medians)"
        echo
        echo "| N | fs | pages | Hugo wall s | Hugo CPU s | Hugo peak RSS MB | Hugo output MB | jenjang wall s | Hugo/jenjang |"
        echo "|---|---|---|---|---|---|---|---|---|"
        printf '%s\n' "${T3[@]}"
    fi
    echo
    n=${#SIZES[@]}
    if [ "$n" -ge 2 ]; then
        a=${SIZES[$((n - 2))]} b=${SIZES[$((n - 1))]}
        echo "Growth exponent (log-log slope of wall time from N = $a to N = $b; 1 = linear):" \
            "jenjang $(calc "%.2f" "log(${WALL[$b]} / ${WALL[$a]}) / log($b / $a)")$(
                [ "$HAVE_HUGO" = 1 ] && echo ", Hugo $(calc "%.2f" "log(${HUGO_WALL[$b]} / ${HUGO_WALL[$a]}) / log($b / $a)")")"
    fi
} | tee "$RESULTS"
echo "(saved to $RESULTS)" >&2
