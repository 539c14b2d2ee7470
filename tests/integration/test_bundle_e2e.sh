#!/bin/sh
# Content bundles end to end, as a new user would try them: make a key,
# make a bundle, serve it with `python3 -m http.server`, point a headless
# player at it, change a playlist, make the bundle again, and watch the
# player switch at the next item; a bundle signed with another key is
# refused in one line while playback goes on; the ledger says which
# bundle each play came from; a restart plays the last bundle at once.
# Usage: test_bundle_e2e.sh PATH/TO/signage
set -u
SIGNAGE=$1
DIR=$(mktemp -d /tmp/signage-bundle-e2e.XXXXXX)
LOG=$DIR/player.log
PID= SERVER=
fail() {
    echo "FAILED: $*" >&2
    echo "--- player log:" >&2
    cat "$LOG" >&2
    [ -n "$PID" ] && kill "$PID" 2>/dev/null
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    rm -rf "$DIR"
    exit 1
}

# $1 = file, $2 = ids of the items (each a 1 s slide)
playlist() {
    {
        echo 'playlist = { name = "bundle test"; items = ('
        sep=''
        for id in $2; do
            printf '%s  { id = "%s"; duration = 1.0; slide = { title = "%s"; }; }' "$sep" "$id" "$id"
            sep=',
'
        done
        echo
        echo '); };'
    } > "$1"
}

# wait_for PATTERN SECONDS, on $LOG.
. "$(dirname "$0")/wait-for.sh"

# A free port on 127.0.0.1.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# 1. A key and a first bundle; `bundle make` refuses a playlist that would not play.
"$SIGNAGE" bundle keygen "$DIR/key" > /dev/null || fail "keygen"
"$SIGNAGE" bundle keygen "$DIR/other-key" > /dev/null || fail "keygen (other)"
[ "$(stat -c %a "$DIR/key")" = 600 ] || fail "the secret key is not mode 0600"
mkdir -p "$DIR/src" "$DIR/bad" "$DIR/www"
playlist "$DIR/src/main.cfg" "first-a first-b"
echo 'playlist = { name = "bad"; items = ( { id = "x"; video = "missing.mp4"; } ); };' > "$DIR/bad/main.cfg"
"$SIGNAGE" bundle make "$DIR/bad" --key "$DIR/key" --out "$DIR/www" 2> "$DIR/make.err" &&
    fail "bundle make accepted a playlist whose video is missing"
grep -q 'main.cfg:1: .*missing.mp4' "$DIR/make.err" || fail "no file:line for the bad playlist: $(cat "$DIR/make.err")"
[ -e "$DIR/www/manifest" ] && fail "a refused bundle left a manifest"
"$SIGNAGE" bundle make "$DIR/src" --key "$DIR/key" --out "$DIR/www" > "$DIR/make.out" || fail "bundle make"
V1=$(sed -n 's/^bundle \([0-9]*\) .*/\1/p' "$DIR/make.out")
[ -n "$V1" ] || fail "bundle make printed no version: $(cat "$DIR/make.out")"

# 2. Any static web server serves it.
(cd "$DIR/www" && exec python3 -m http.server --bind 127.0.0.1 "$PORT" > /dev/null 2>&1) &
SERVER=$!

playlist "$DIR/builtin.cfg" "builtin"
cat > "$DIR/player.cfg" <<CFG
screen_id = "shelter-12";
playlist = "builtin.cfg";
timezone = "UTC";
ledger = "ledger.db";
content = {
  url = "http://127.0.0.1:$PORT/";
  public_key = "$(cat "$DIR/key.pub")";
  every = 1.0;
  dir = "content";
};
CFG

# 3. The player starts on its own playlist and switches to the bundle at an item boundary.
"$SIGNAGE" play --headless --size 320x180 --for 50 --config "$DIR/player.cfg" 2> "$LOG" &
PID=$!
wait_for "content: bundle $V1 on screen" 20 || fail "bundle $V1 never went on screen"
wait_for "play start: first-a" 10 || fail "the bundle's first item never played"
grep -q "play start: builtin" "$LOG" || fail "the config's playlist did not play before the bundle"

# 4. A changed playlist, made again: switched to at the next item.
playlist "$DIR/src/main.cfg" "second-a second-b"
"$SIGNAGE" bundle make "$DIR/src" --key "$DIR/key" --out "$DIR/www" > "$DIR/make.out" || fail "bundle make (2)"
V2=$(sed -n 's/^bundle \([0-9]*\) .*/\1/p' "$DIR/make.out")
grep -q "1 new" "$DIR/make.out" || fail "re-making stored more than the changed file: $(cat "$DIR/make.out")"
wait_for "content: bundle $V2 on screen" 20 || fail "bundle $V2 never went on screen"
wait_for "play start: second-a" 10 || fail "the new playlist's items never played"

# 5. A bundle signed by another key: refused in one line, playback goes on.
playlist "$DIR/src/main.cfg" "forged"
"$SIGNAGE" bundle make "$DIR/src" --key "$DIR/other-key" --out "$DIR/www" > /dev/null || fail "bundle make (forged)"
wait_for "not signed by the configured public_key" 20 || fail "the forged bundle was not refused"
sleep 3
n=$(grep -c "not signed by the configured public_key" "$LOG")
[ "$n" -eq 1 ] || fail "the forged bundle was logged $n times, not once"
grep -q "play start: forged" "$LOG" && fail "the forged bundle played"
plays_before=$(grep -c "play start: second" "$LOG")
sleep 2
[ "$(grep -c "play start: second" "$LOG")" -gt "$plays_before" ] || fail "playback stopped"
[ "$(readlink "$DIR/content/current")" = "bundles/$V2" ] || fail "current is not bundle $V2"

kill -TERM "$PID"
wait "$PID"
PID=

# 6. The ledger knows which bundle each play came from.
q() { sqlite3 "$DIR/ledger.db" "$1"; }
[ "$(q "SELECT count(*) FROM plays WHERE item = 'builtin' AND bundle IS NOT NULL")" = 0 ] ||
    fail "a play of the config's playlist has a bundle"
[ "$(q "SELECT DISTINCT bundle FROM plays WHERE item LIKE 'first-%'")" = "$V1" ] || fail "first-* plays not of bundle $V1"
[ "$(q "SELECT DISTINCT bundle FROM plays WHERE item LIKE 'second-%'")" = "$V2" ] || fail "second-* plays not of bundle $V2"

# 7. A restart plays the last good bundle at once, even with the server gone.
kill "$SERVER"
wait "$SERVER" 2> /dev/null
SERVER=
"$SIGNAGE" play --headless --size 320x180 --for 3 --config "$DIR/player.cfg" 2> "$LOG" || fail "restart"
grep -q "content: playing bundle $V2" "$LOG" || fail "the restart did not play bundle $V2"
grep -q "play start: builtin" "$LOG" && fail "the restart played the config's playlist"
grep -q "play start: second-a" "$LOG" || fail "the restart played nothing of bundle $V2"
[ "$(grep -c 'content: ' "$LOG" | tr -d ' ')" -le 4 ] || fail "the offline restart logged too much"

rm -rf "$DIR"
echo "test_bundle_e2e: ok"
