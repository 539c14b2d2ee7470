#!/usr/bin/env bash
# The kiosk given bad input, and on a portrait screen (run through
# tests/with-xvfb.sh): a page that links to a missing page (signage check and
# signage play both name file:line and exit 2), a bad setting in the player
# config, a language no installed font can draw (one warning, its button
# disabled), and taps on a screen turned 90 degrees landing on the button
# the viewer sees.
#   kiosk_bad.sh SIGNAGE PNG_PROBE [SHOTS_DIR]
set -uo pipefail
SIGNAGE=$1 PNG_PROBE=$2 SHOTS=${3:-}
: "${DISPLAY:?run me through tests/with-xvfb.sh}"
T=$(mktemp -d /tmp/signage-kiosk-bad.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_line() { # FILE TEXT what
    grep -qF -- "$2" "$1" || { fail "$3: no line \"$2\""; sed 's/^/    | /' "$1" | tail -8 >&2; }
}

src=$(cd "$(dirname "$0")/../.." && pwd)
"$SIGNAGE" check "$src/playlists/examples/kiosk.cfg" > example.txt 2>&1 ||
    fail "signage check playlists/examples/kiosk.cfg: $(cat example.txt)"

ffmpeg -loglevel error -f lavfi -i color=c=0xd02020:s=640x360 -frames:v 1 ad.png
items='items = ( { id = "ad"; image = "ad.png"; duration = 30.0; } );'

# A link to a page that is not there.
cat > missing.cfg <<CFG
playlist = { name = "m"; campaign = "m"; languages = ["en"]; $items };
kiosk = {
  pages = (
    { id = "start"; title = "Help";
      links = ( { to = "services"; label = "Services"; } ); }
  );
};
CFG
"$SIGNAGE" check missing.cfg > check.txt 2>&1
rc=$?
[ $rc -eq 2 ] || fail "check of a link to a missing page exits $rc, not 2"
expect_line check.txt 'missing.cfg:5: kiosk: page "start": links to "services", which is not a page' check
timeout 20 "$SIGNAGE" play --headless --size 640x360 --for 2 missing.cfg 2> play.txt
rc=$?
[ $rc -eq 2 ] || fail "play with a link to a missing page exits $rc, not 2"
expect_line play.txt 'missing.cfg:5: kiosk: page "start": links to "services", which is not a page' play

# A bad setting in the player config's kiosk group.
cat > ok.cfg <<CFG
playlist = { name = "ok"; campaign = "ok"; languages = ["en", "es"]; $items };
CFG
printf 'playlist = "ok.cfg";\nledger = "l.db";\nkiosk = {\n  idle = 1;\n};\n' > bad-player.cfg
timeout 20 "$SIGNAGE" play --config bad-player.cfg --headless --size 640x360 --for 2 2> bad.txt
rc=$?
[ $rc -eq 2 ] || fail "play with kiosk.idle = 1 exits $rc, not 2"
expect_line bad.txt 'bad-player.cfg:4: kiosk: idle: must be a number of seconds, 5..3600' config

# A language no font draws (Klingon in the private use area), on a
# portrait screen: the display turned 90 degrees. (libconfig has no \u
# escapes: the characters go in as UTF-8.)
klingon=$(printf '\357\243\243\357\243\220\357\243\235')
cat > nofont.cfg <<CFG
playlist = { name = "nf"; campaign = "nf"; languages = ["en", "es", "tlh"]; $items };
kiosk = {
  idle = 20;
  pages = (
    { id = "help"; title = { en = "Help"; es = "Ayuda"; tlh = "$klingon"; };
      body = { en = "Call 1-888-373-7888"; es = "Llame al 1-888-373-7888"; tlh = "$klingon"; }; }
  );
};
CFG
printf 'playlist = "nofont.cfg";\nledger = "nf.db";\nlog_level = "debug";\n%s\n' \
    'display = { rotation = 90; width_mm = 394; height_mm = 700; renderer = "software"; vsync = false; };' \
    > portrait.cfg
SDL_AUDIODRIVER=dummy "$SIGNAGE" play --config portrait.cfg 2> portrait.txt &
pid=$!
i=0
until grep -q "first picture on screen" portrait.txt || [ $i -gt 200 ]; do sleep 0.1; i=$((i + 1)); done
expect_line portrait.txt 'kiosk: language "tlh": no installed font draws' "no font"
[ "$(grep -c 'no installed font draws' portrait.txt)" = 1 ] || fail "the font warning is not one line"
xdotool mousemove 50 50 click 1
sleep 1
grep -E "kiosk: chooser button [0-9]+ language tlh .*\(disabled\)" portrait.txt >/dev/null ||
    fail "the button of a language without a font is not disabled"
ffmpeg -loglevel error -f x11grab -video_size 1280x720 -i "$DISPLAY" -frames:v 1 \
    -vf transpose=2 -y chooser-portrait.png
# Logical (x, y) on the turned screen is window (width - y, x).
read -r x y w h < <(grep -E "kiosk: chooser button [0-9]+ language es at" portrait.txt | tail -1 |
    sed -E 's/.* at ([0-9]+),([0-9]+) ([0-9]+)x([0-9]+).*/\1 \2 \3 \4/')
if [ -n "${x:-}" ]; then
    lx=$((x + w / 2)) ly=$((y + h / 2))
    xdotool mousemove $((1280 - ly)) $lx click 1
    sleep 1
    grep -q "kiosk: help es" portrait.txt || fail "a tap on Spanish on the portrait screen missed"
    ffmpeg -loglevel error -f x11grab -video_size 1280x720 -i "$DISPLAY" -frames:v 1 \
        -vf transpose=2 -y page-portrait-es.png
else
    fail "no Spanish button on the portrait chooser"
fi
# The tlh button takes the tap and does nothing.
read -r x y w h < <(grep -E "kiosk: chooser button [0-9]+ language tlh" portrait.txt | tail -1 |
    sed -E 's/.* at ([0-9]+),([0-9]+) ([0-9]+)x([0-9]+).*/\1 \2 \3 \4/')
kill -TERM $pid
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] || fail "portrait player exit code $rc"
[ -n "$SHOTS" ] && mkdir -p "$SHOTS" && cp ./*.png ./*.txt "$SHOTS"/
[ $failures -eq 0 ] && echo "kiosk_bad: ok" || echo "kiosk_bad: $failures failures"
exit $((failures > 0))
