#!/bin/sh
# Soak: the real player, headless and untimed, plays a mixed playlist
# (slides, stills, short videos) for HOURS simulated hours, with a reload
# about every simulated minute (the playlist rewritten) and the ledger
# written throughout. Prints the resident memory, open descriptors and
# threads after warm-up and at the end, and fails when memory grew by
# MAX_RSS_KB or more, or descriptors or threads grew at all; then checks
# the ledger: integrity ok, no row left playing.
# Usage: soak.sh SIGNAGE FIXTURES [HOURS [MAX_RSS_KB [SLACK]]]
#   SLACK: descriptors and threads a short run may differ by (default 0)
#   24 h (about 15-40 min of real time on a loaded 2-core machine):
#     sh tests/soak.sh build/signage build/tests/fixtures 24
set -u
SIGNAGE=$1
FIX=$2
HOURS=${3:-24}
MAX_RSS_KB=${4:-2048}
SLACK=${5:-0}
DIR=$(mktemp -d /tmp/signage-soak.XXXXXX)
LOG=$DIR/player.log
fail() {
    echo "soak: FAILED: $*"
    tail -n 20 "$LOG"
    [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null
    rm -rf "$DIR"
    exit 1
}
cp "$FIX/h264.mp4" "$FIX/vp9.webm" "$FIX/still.png" "$FIX/still.jpg" "$DIR/"

# $1: the generation, which changes one title so that every reload differs
playlist() {
    cat > "$DIR/pl.tmp" <<PL
playlist = {
  name = "soak";
  campaign = "soak";
  languages = ["en", "es"];
  items = (
    { id = "hotline"; duration = 0.5; every = 30;
      slide = { en = { title = "Call 1-888-373-7888 ($1)"; body = "Text 233733"; qr = "sms:233733"; };
                es = { title = "Llame 1-888-373-7888"; body = "Texto 233733"; }; }; },
    { id = "video-h264"; video = "h264.mp4"; duration = 1.0; weight = 2; },
    { id = "video-vp9"; video = "vp9.webm"; duration = 1.0; },
    { id = "poster"; image = "still.png"; duration = 0.5; },
    { id = "photo"; image = "still.jpg"; duration = 0.5; },
    { id = "ad"; duration = 0.5; slide = { title = "Know the signs"; body = "Generation $1"; }; }
  );
};
PL
    mv "$DIR/pl.tmp" "$DIR/pl.cfg"
}
playlist 0
cat > "$DIR/player.cfg" <<CFG
playlist = "pl.cfg";
timezone = "UTC";
ledger = "ledger.db";
audience = { per_hour = 120; };
CFG

seconds=$(echo "$HOURS * 3600" | bc)
"$SIGNAGE" play -c "$DIR/player.cfg" --headless --size 640x360 --untimed --for "$seconds" \
    --log-level info > "$LOG" 2>&1 &
PID=$!

# figures of the player now: "rss_kb fds threads"
sample() {
    rss=$(awk '/^VmRSS/ {print $2}' /proc/$PID/status 2>/dev/null)
    thr=$(awk '/^Threads/ {print $2}' /proc/$PID/status 2>/dev/null)
    fds=$(ls /proc/$PID/fd 2>/dev/null | wc -l)
    echo "${rss:-0} $fds ${thr:-0}"
}
plays() {
    grep -c "play end" "$LOG"
}

# About 84 plays make a simulated minute (items of 0.5-1 s, the hotline
# every 30 s): rewrite the playlist that often, so the player reloads.
# Descriptors and threads come and go with what plays (a decode thread per
# video, the reload thread): the highest of each in the second tenth of the
# run is compared with the highest in the last tenth.
per_minute=84
total=$(echo "$HOURS * 60 * $per_minute" | bc | cut -d. -f1)
warm=$((total / 10))
gen=1
next_reload=$per_minute
b_rss=0 b_fds=0 b_thr=0 e_rss=0 e_fds=0 e_thr=0
max() { [ "$1" -gt "$2" ] && echo "$1" || echo "$2"; }
while kill -0 $PID 2>/dev/null; do
    n=$(plays)
    if [ "$n" -ge "$next_reload" ]; then
        playlist $gen
        gen=$((gen + 1))
        next_reload=$((n + per_minute))
    fi
    set -- $(sample)
    if [ "$1" != 0 ] && [ "$n" -ge "$warm" ] && [ "$n" -lt $((warm * 2)) ]; then
        b_rss=$(max "$1" $b_rss) b_fds=$(max "$2" $b_fds) b_thr=$(max "$3" $b_thr)
    elif [ "$1" != 0 ] && [ "$n" -ge $((total - warm)) ]; then
        e_rss=$(max "$1" $e_rss) e_fds=$(max "$2" $e_fds) e_thr=$(max "$3" $e_thr)
    fi
    sleep 0.2
done
wait $PID
rc=$?
[ $rc = 0 ] || fail "the player exited $rc"
[ "$b_rss" -gt 0 ] && [ "$e_rss" -gt 0 ] || fail "too few samples ($(plays) plays of about $total)"
n=$(plays)
reloads=$(grep -c "reload: now playing" "$LOG")
echo "soak: $HOURS simulated h, $n plays, $reloads reloads taken, $((gen - 1)) rewrites"
echo "soak: highest after warm-up -> in the last tenth: rss $b_rss -> $e_rss kB (growth $((e_rss - b_rss)) kB), fds $b_fds -> $e_fds, threads $b_thr -> $e_thr"
rows=$(sqlite3 "$DIR/ledger.db" "SELECT count(*) FROM plays WHERE status != 'playing'")
playing=$(sqlite3 "$DIR/ledger.db" "SELECT count(*) FROM plays WHERE status = 'playing'")
integrity=$(sqlite3 "$DIR/ledger.db" "PRAGMA integrity_check")
echo "soak: ledger: $rows closed rows, $playing playing, integrity $integrity"
[ $((e_rss - b_rss)) -lt "$MAX_RSS_KB" ] || fail "memory grew by $((e_rss - b_rss)) kB after warm-up"
[ "$e_fds" -le $((b_fds + SLACK)) ] || fail "descriptors grew from $b_fds to $e_fds"
[ "$e_thr" -le $((b_thr + SLACK)) ] || fail "threads grew from $b_thr to $e_thr"
[ "$integrity" = ok ] || fail "ledger integrity: $integrity"
[ "$playing" = 0 ] || fail "$playing rows left playing"
[ "$rows" -ge "$n" ] || fail "$n plays ended but the ledger holds $rows"
[ "$reloads" -gt 0 ] || fail "no reload was taken"
rm -rf "$DIR"
echo "soak: passed"
