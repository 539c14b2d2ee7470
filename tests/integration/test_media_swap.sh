#!/bin/sh
# Media replaced on disk while the player runs never crash it: the video is
# truncated, overwritten with junk, removed and put back between plays and
# during them; the player keeps playing and exits cleanly.
# Usage: test_media_swap.sh PATH/TO/signage PATH/TO/media/demo
set -u
SIGNAGE=$1
DEMO=$2
DIR=$(mktemp -d /tmp/signage-swap.XXXXXX)
LOG=$DIR/player.log
fail() {
    echo "FAILED: $*" >&2
    cat "$LOG" >&2
    rm -rf "$DIR"
    exit 1
}
cp "$DEMO/ad-motion.mp4" "$DIR/ad.mp4"
cat > "$DIR/pl.cfg" <<PL
playlist = {
  items = (
    { id = "ad"; video = "ad.mp4"; duration = 1.5; },
    { id = "still"; image = "poster.png"; duration = 0.5; },
    { id = "slide"; slide = { title = "Hotline"; }; duration = 0.5; }
  );
};
PL
cp "$DEMO/poster-en.png" "$DIR/poster.png"
"$SIGNAGE" play --headless --size 320x180 --for 30 "$DIR/pl.cfg" 2> "$LOG" &
PID=$!
for round in 1 2 3; do
    sleep 0.7
    head -c 20000 "$DEMO/ad-motion.mp4" > "$DIR/ad.mp4"  # truncated in place
    head -c 3000 "$DEMO/poster-en.png" > "$DIR/poster.png"
    sleep 0.7
    head -c 50000 /dev/urandom > "$DIR/ad.mp4"            # junk
    : > "$DIR/poster.png"
    sleep 0.7
    rm -f "$DIR/ad.mp4" "$DIR/poster.png"                 # gone
    sleep 0.7
    cp "$DEMO/ad-motion.mp4" "$DIR/ad.mp4"                # back
    cp "$DEMO/poster-en.png" "$DIR/poster.png"
done
sleep 1
kill -0 "$PID" 2>/dev/null || fail "the player died"
kill -TERM "$PID"
wait "$PID"
rc=$?
[ $rc -eq 0 ] || fail "the player exited with $rc"
[ "$(grep -c 'play start' "$LOG")" -ge 8 ] || fail "too few plays"
echo "test_media_swap: ok ($(grep -c 'play start' "$LOG") plays, $(grep -c 'skipped' "$LOG") skipped)"
rm -rf "$DIR"
