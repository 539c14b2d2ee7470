#!/bin/sh
# `signage status` against a running player (exit 0, healthy, what is on
# screen) and a stopped one (exit 1), a status file that cannot be written
# (one error, playback goes on), and screenshots: taken every second, named
# with time and play id, recorded in the ledger with their play, the folder
# kept to `keep` with one warning.
#   status-shots.sh PATH/TO/signage
set -u
SIGNAGE=$1
DIR=$(mktemp -d /tmp/signage-status.XXXXXX)
fail() {
    echo "FAILED: $*"
    for f in "$DIR"/*.log; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done
    rm -rf "$DIR"
    exit 1
}
cat >"$DIR/slides.cfg" <<'CFG'
playlist = { name = "status test"; items = (
  { id = "one"; duration = 1.0; slide = { title = "One"; }; },
  { id = "two"; duration = 1.0; slide = { title = "Two"; }; }
); };
CFG
cat >"$DIR/player.cfg" <<'CFG'
playlist = "slides.cfg";
ledger = "var/ledger.db";
screen_id = "shelter-7";
screenshots = { every = 1.0; keep = 3; };
CFG
"$SIGNAGE" play --headless --size 320x180 --config "$DIR/player.cfg" --for 7 >"$DIR/play.log" 2>&1 &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '"on_screen": {' "$DIR/var/status.json" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
done
"$SIGNAGE" status --config "$DIR/player.cfg" >"$DIR/running.json"
rc=$?
cat "$DIR/running.json"
[ $rc = 0 ] || fail "status of a running player: exit $rc"
grep -q '"healthy": true, "problems": \[\]' "$DIR/running.json" || fail "not healthy"
grep -q '"screen_id": "shelter-7"' "$DIR/running.json" || fail "screen_id"
grep -q '"screen": "on", "on_screen": {"item": "\(one\|two\)"' "$DIR/running.json" || fail "on_screen"
grep -q '"ledger_free_bytes": [0-9]' "$DIR/running.json" || fail "free space"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$DIR/running.json" || fail "not JSON"
wait $pid || fail "player exit status $?"

"$SIGNAGE" status --config "$DIR/player.cfg" >"$DIR/stopped.json"
rc=$?
[ $rc = 1 ] || fail "status of a stopped player: exit $rc"
grep -q '"problems": \["the player has stopped"\]' "$DIR/stopped.json" || fail "$(cat "$DIR/stopped.json")"
grep -q '"plays_today": [1-9]' "$DIR/stopped.json" || fail "plays_today"
echo "ok: status healthy while playing (exit 0), stopped after (exit 1)"

# Screenshots: 3 kept, one warning, every one in the ledger with its play.
n=$(ls "$DIR/var/screenshots" | grep -c '^[0-9]\{8\}T[0-9]\{6\}\.[0-9]\{3\}Z_[0-9a-f-]\{36\}\.png$')
[ "$n" = 3 ] || fail "$n screenshots kept, want 3: $(ls "$DIR/var/screenshots")"
[ "$(grep -c 'the oldest are deleted from now on' "$DIR/play.log")" = 1 ] || fail "not one warning"
rows=$(sqlite3 "$DIR/var/ledger.db" "SELECT count(*) FROM screenshots s JOIN plays p USING (play_id)")
[ "$rows" -ge 5 ] || fail "$rows screenshots recorded with their play, want >= 5"
for f in "$DIR"/var/screenshots/*.png; do
    head -c 8 "$f" | od -An -c | grep -q 'P   N   G' || fail "$f is not a PNG"
    id=$(basename "$f" .png | sed 's/.*Z_//')
    sqlite3 "$DIR/var/ledger.db" "SELECT count(*) FROM screenshots WHERE play_id = '$id' AND path LIKE '%$(basename "$f")'" |
        grep -qx 1 || fail "$f is not in the ledger"
done
echo "ok: $rows screenshots recorded with their plays, 3 kept, one warning"

# A status file that cannot be written: one error, playback goes on.
printf 'playlist = "slides.cfg";\nledger = "var/ledger2.db";\nstatus_file = "%s/player.cfg/status.json";\n' \
    "$DIR" >"$DIR/bad.cfg"
"$SIGNAGE" play --headless --size 320x180 --config "$DIR/bad.cfg" --for 7 >"$DIR/bad.log" 2>&1 ||
    fail "a status file that cannot be written stopped the player"
[ "$(grep -c 'status file .*: cannot be written' "$DIR/bad.log")" = 1 ] || fail "not one error"
[ "$(grep -c 'play end' "$DIR/bad.log")" -ge 5 ] || fail "playback did not go on"
"$SIGNAGE" status --config "$DIR/bad.cfg" >"$DIR/none.json"
[ $? = 1 ] || fail "status without a status file: not exit 1"
grep -q '"healthy": false, "problems": \["no status file' "$DIR/none.json" || fail "$(cat "$DIR/none.json")"
"$SIGNAGE" status --config "$DIR/nonexistent.cfg" >/dev/null 2>&1
[ $? = 2 ] || fail "status with a missing config: not exit 2"
echo "ok: unwritable status file: one error, playback went on; status exits 1"
rm -rf "$DIR"
echo ok
