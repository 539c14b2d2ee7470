#!/usr/bin/env bash
# The kiosk in a real window on an X server (run through tests/with-xvfb.sh):
# xdotool taps where the player's layout put the buttons (it logs them at
# debug level), screenshots of the chooser, of pages in English, Spanish,
# Chinese and Arabic, and of the ad after a quick exit; the idle return; the
# keyboard path (Xvfb has no touch device: keys must still work); read aloud
# captured through SDL's disk audio driver; a tap storm; the ledger's
# interaction rows and the cut play's `partial`.
#   kiosk_x11.sh SIGNAGE PNG_PROBE [SHOTS_DIR]   (SHOTS_DIR keeps the screenshots)
set -uo pipefail
SIGNAGE=$1 PNG_PROBE=$2 SHOTS=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
: "${DISPLAY:?run me through tests/with-xvfb.sh}"
T=$(mktemp -d /tmp/signage-kiosk.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
W=1280 H=720

ffmpeg -loglevel error -f lavfi -i color=c=0xd02020:s=640x360 -frames:v 1 ad-red.png
ffmpeg -loglevel error -f lavfi -i color=c=0x20a040:s=640x360 -frames:v 1 ad-green.png
cat > playlist.cfg <<'CFG'
playlist = {
  name = "kiosk test"; campaign = "kiosk-test";
  languages = ["en", "es", "zh-Hant", "ar"];
  items = (
    { id = "ad-red"; image = "ad-red.png"; duration = 20.0; },
    { id = "hotline"; kind = "filler"; duration = 20.0;
      slide = { title = "Hotline"; background = "#808000"; }; },
    { id = "ad-green"; image = "ad-green.png"; duration = 20.0; }
  );
};
CFG
cat > player.cfg <<'CFG'
screen_id = "kiosk-test";
playlist = "playlist.cfg";
ledger = "ledger.db";
log_level = "debug";
display = { width_mm = 700; height_mm = 394; renderer = "software"; vsync = false; };
kiosk = { idle = 6; volume = 80; };
CFG

# Counts lines of the log matching a regex (the log grows while we look).
count() { grep -Ec -- "$1" log.txt; }
# wait_for REGEX [N] [SECONDS]: until N lines match.
wait_for() {
    local n=${2:-1} s=${3:-15} i=0
    while [ "$(count "$1")" -lt "$n" ]; do
        i=$((i + 1))
        if [ $i -gt $((s * 10)) ]; then
            fail "no line /$1/ (want $n) after $s s"
            tail -15 log.txt | sed 's/^/    | /' >&2
            return 1
        fi
        sleep 0.1
    done
}
shot() { ffmpeg -loglevel error -f x11grab -video_size ${W}x$H -i "$DISPLAY" -frames:v 1 -y "$1"; }
# The centre of the last logged button matching "VIEW button N ACT ARG": "x y".
button() {
    grep -E "kiosk: $1 button [0-9]+ $2" log.txt | tail -1 |
        sed -E 's/.* at ([0-9]+),([0-9]+) ([0-9]+)x([0-9]+).*/\1 \2 \3 \4/' |
        { read -r x y w h && echo "$((x + w / 2)) $((y + h / 2))"; }
}
tap() { # VIEW ACT [ARG]
    local at
    at=$(button "$1" "$2 ${3:-}") || true
    [ -n "$at" ] || { fail "no $2 ${3:-} button on the $1 view"; return 1; }
    xdotool mousemove $at click 1
}
pixel() { "$PNG_PROBE" "$1" "$2" "$3"; }
# shot_until FILE COLOURS... : screenshots until the centre is one of the
# colours (a loaded machine may take a moment to draw), up to 8 s.
shot_until() {
    local f=$1 i got c
    shift
    for i in $(seq 16); do
        shot "$f"
        got=$(pixel "$f" 0.5 0.5)
        for c in "$@"; do near "$c" "$got" && return 0; done
        sleep 0.5
    done
    echo "$got"
    return 1
}
RED="208 32 32" GREEN="32 160 64" OLIVE="128 128 0"
near() { # "r g b" "r g b"
    local want=($1) got=($2)
    for i in 0 1 2; do
        local d=$((want[i] - got[i]))
        [ ${d#-} -le 40 ] || return 1
    done
}

SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/audio.raw" SDL_DISKAUDIODELAY=20 \
    "$SIGNAGE" play --config player.cfg 2> log.txt &
pid=$!
wait_for "first picture on screen" 1 20 || exit 1
wait_for "kiosk: 4 languages" || exit 1
sleep 0.5
shot ad-before.png

# A tap anywhere opens the chooser; the play it cut is partial.
xdotool mousemove 400 300 click 1
wait_for "kiosk: chooser$" 1 && sleep 0.3 && shot chooser.png
grep -q "button too small\|too small for" log.txt && fail "buttons under 20 mm"

page_in() { # LANG: from the chooser to the page in LANG, screenshot page-LANG.png
    local n
    n=$(count "kiosk: hotline $1$")
    tap chooser language "$1" || return 1
    wait_for "kiosk: hotline $1$" $((n + 1)) || return 1
    sleep 0.3
    shot "page-$1.png"
}
back_to_chooser() {
    local n
    n=$(count "kiosk: chooser$")
    tap hotline chooser || return 1
    wait_for "kiosk: chooser$" $((n + 1))
}
page_in es && back_to_chooser
page_in zh-Hant && back_to_chooser
page_in ar && back_to_chooser
page_in en

# Read aloud (its key), then the quick exit button: back to an ad at once,
# the one the kiosk cut, not the hotline slide readied after it.
xdotool key r
wait_for "kiosk: reading aloud in en" 1 || true
sleep 3
tap hotline quick-exit
wait_for "kiosk: quick exit" 1
got=$(shot_until after-exit.png "$RED" "$GREEN") ||
    fail "after quick exit the screen shows ($got), not an ad"

# The idle return: open, wait, the rotation resumes with a new play.
starts=$(count "play start")
n=$(count "kiosk: chooser$")
xdotool mousemove 100 600 click 1
wait_for "kiosk: chooser$" $((n + 1))
wait_for "kiosk: idle for 6 s" 1 12
wait_for "play start" $((starts + 1)) 5
got=$(shot_until after-idle.png "$RED" "$GREEN" "$OLIVE") ||
    fail "after idle the screen shows ($got), not the rotation"

# The keyboard (Xvfb has no touch device): Enter opens, Enter shows the
# focus (quick exit), Right Right -> Spanish, Enter; Escape is the quick exit.
n=$(count "kiosk: chooser$")
xdotool key Return
wait_for "kiosk: chooser$" $((n + 1))
xdotool key Return Right Right
sleep 0.4
shot chooser-focus.png
n=$(count "kiosk: hotline es$")
xdotool key Return
wait_for "kiosk: hotline es$" $((n + 1))
n=$(count "kiosk: quick exit")
xdotool key Escape
wait_for "kiosk: quick exit" $((n + 1))

# A tap storm: 600 taps on the buttons, the text and the quick exit, as fast
# as xdotool sends them.
t0=$(date +%s.%N)
for at in "640 320" "955 320" "325 500" "955 500" "640 660" "640 400" "1100 58" "325 660" \
          "955 660" "640 200"; do
    xdotool mousemove $at click --repeat 60 --delay 1 1
done
t1=$(date +%s.%N)
echo "tap storm: 600 taps in $(python3 -c "print(round($t1 - $t0, 2))") s," \
     "$(python3 -c "print(round(600 / ($t1 - $t0)))") taps/s"
sleep 1
kill -0 $pid 2>/dev/null || fail "the player died in the tap storm"
grep -q "kiosk: opened over" log.txt || fail "no play was cut"
xdotool key Escape
got=$(shot_until after-storm.png "$RED" "$GREEN") ||
    fail "after the storm and a quick exit the screen shows ($got), not an ad"

kill -TERM $pid
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] || fail "exit code $rc after SIGTERM"
grep -E "ERROR|error" log.txt | grep -v "error=" | sed 's/^/    | /' >&2

# While the kiosk is open the rotation waits: no play starts under it.
under=$(awk '/kiosk: opened over/ {open = 1} /kiosk: (quick exit|idle for)/ {open = 0}
             /play start/ && open {n++} END {print n + 0}' log.txt)
[ "$under" = 0 ] || fail "$under plays started while the kiosk was open"

# What the ledger says: interactions per page and language by the hour, the cut play partial.
q() { sqlite3 ledger.db "$1"; }
[ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND status = 'partial'")" -ge 2 ] ||
    fail "no partial ad play for the plays the kiosk cut"
[ "$(q "SELECT count(*) FROM plays WHERE kind = 'interaction' AND item = 'hotline' AND language = 'es'")" -ge 2 ] ||
    fail "no interaction rows for the Spanish page"
[ "$(q "SELECT count(*) FROM plays WHERE kind = 'interaction' AND started_utc_ms % 3600000 != 0")" = 0 ] ||
    fail "an interaction row has a time finer than the hour"
"$SIGNAGE" report --db ledger.db --kind interaction --by item,language > report.txt 2>&1 ||
    fail "signage report --kind interaction failed"
grep -q "hotline" report.txt && grep -q "es" report.txt || fail "report lacks the page views"
sed 's/^/    report | /' report.txt | head -20
# A report of plays leaves the page views out: they are not plays of the campaign.
"$SIGNAGE" report --db ledger.db --format csv --by campaign > plays.csv 2>&1
want=$(q "SELECT count(*) FROM plays WHERE kind != 'interaction' AND status != 'playing'")
got=$(grep '^kiosk-test,' plays.csv | cut -d, -f2)
[ "$got" = "$want" ] || fail "report of plays counts $got plays, want $want (page views left out)"

python3 "$here/audio_check.py" audio.raw 22050 1.0 || fail "read aloud: no speech in the audio output"

for f in chooser page-en page-es page-zh-Hant page-ar; do
    [ -s $f.png ] || fail "no screenshot $f.png"
    got=$(pixel $f.png 0.5 0.5 2>/dev/null) || continue
done
[ -n "$SHOTS" ] && mkdir -p "$SHOTS" && cp ./*.png log.txt report.txt "$SHOTS"/
[ $failures -eq 0 ] && echo "kiosk_x11: ok" || echo "kiosk_x11: $failures failures"
exit $((failures > 0))
