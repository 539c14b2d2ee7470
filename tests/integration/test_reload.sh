#!/bin/sh
# Hot reload, with the real player headless and slide-only playlists (no
# media needed): a valid change is taken at the next item boundary, an
# invalid one is refused with file:line while playback goes on, SIGHUP
# reloads too, and a fixed playlist is taken again.
# Usage: test_reload.sh PATH/TO/signage
set -u
SIGNAGE=$1
DIR=$(mktemp -d /tmp/signage-reload.XXXXXX)
LOG=$DIR/player.log
PID=
fail() {
    echo "FAILED: $*" >&2
    echo "--- player log:" >&2
    cat "$LOG" >&2
    [ -n "$PID" ] && kill "$PID" 2>/dev/null
    rm -rf "$DIR"
    exit 1
}

# $1 = file, $2 = ids of the items (each a 1 s slide), $3 = extra text for the first item
playlist() {
    {
        echo 'playlist = {'
        echo '  name = "reload test";'
        echo '  items = ('
        sep=''
        for id in $2; do
            printf '%s    { id = "%s"; duration = 1.0; slide = { title = "%s"; }; %s}' \
                "$sep" "$id" "$id" "${3:-}"
            sep=',
'
        done
        echo
        echo '  );'
        echo '};'
    } > "$1"
}

# wait_for PATTERN SECONDS, on $LOG.
. "$(dirname "$0")/wait-for.sh"

cat > "$DIR/player.cfg" <<CFG
playlist = "pl.cfg";
timezone = "UTC";
ledger = "ledger.db";
CFG
playlist "$DIR/pl.cfg" "first second"

# 0. Nothing eligible now (the window is in the past): the built-in hotline
#    slide shows, never a black screen.
playlist "$DIR/closed.cfg" "past" 'when = { from = "2020-01-01"; until = "2020-01-02"; }; '
"$SIGNAGE" play --headless --size 320x180 --for 1.5 "$DIR/closed.cfg" 2> "$LOG" ||
    fail "the player failed on a playlist with nothing eligible"
grep -q 'play start: hotline-fallback .*(nothing is scheduled now)' "$LOG" ||
    fail "the hotline fallback did not show when nothing was eligible"

"$SIGNAGE" play --headless --size 320x180 --for 40 --config "$DIR/player.cfg" 2> "$LOG" &
PID=$!
wait_for 'play start: second' 10 || fail "the first playlist does not play"

# 1. A valid change, written as editors do (a new file renamed over the old).
playlist "$DIR/pl.cfg.tmp" "first added"
mv "$DIR/pl.cfg.tmp" "$DIR/pl.cfg"
wait_for 'reload: .*pl.cfg is valid' 5 || fail "valid change not seen"
wait_for 'play start: added' 5 || fail "valid change not taken"

# 2. An invalid change, written in place: refused with file:line, playback goes on.
playlist "$DIR/pl.cfg" "first broken" 'colour = "red"; '
wait_for 'reload refused' 5 || fail "invalid change not refused"
grep -Eq 'pl\.cfg:4: item "first": colour: unknown setting' "$LOG" ||
    fail "the refusal does not name file:line and the setting"
refused=$(grep -n 'reload refused' "$LOG" | head -1 | cut -d: -f1)
sleep 2.5
after=$(tail -n +"$refused" "$LOG" | grep -c 'play start: \(first\|added\)')
[ "$after" -ge 2 ] || fail "playback did not go on after the refused change ($after plays)"
grep -q 'play start: broken' "$LOG" && fail "an item of the invalid playlist played"

# 3. SIGHUP reloads (the file is still invalid: refused again).
kill -HUP "$PID"
wait_for 'reload: SIGHUP' 3 || fail "SIGHUP not seen"
[ "$(grep -c 'reload refused' "$LOG")" -ge 2 ] || sleep 1
[ "$(grep -c 'reload refused' "$LOG")" -ge 2 ] || fail "SIGHUP did not reload"
kill -0 "$PID" 2>/dev/null || fail "the player died on SIGHUP"

# 4. Fixed: taken again, through the config file this time.
playlist "$DIR/pl2.cfg" "fixed"
sed -i 's/pl.cfg/pl2.cfg/' "$DIR/player.cfg"
wait_for 'play start: fixed' 5 || fail "a config change to another playlist was not taken"

kill -TERM "$PID"
wait "$PID"
rc=$?
PID=
[ $rc -eq 0 ] || fail "the player exited with $rc"
grep 'signage\[error\]' "$LOG" | grep -qv 'pl.cfg\|reload refused' && fail "unexpected errors"
echo "test_reload: ok"
rm -rf "$DIR"
