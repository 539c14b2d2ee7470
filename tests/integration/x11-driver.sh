#!/bin/sh
# The video driver's choice and DPMS on a real X server (run inside
# tests/with-xvfb.sh, DISPLAY set): display.driver "auto" picks x11 when
# DISPLAY is set, "x11" forces it, an unknown driver is refused with
# file:line, "wayland" with no Wayland session fails with one clear line;
# outside the screen hours the panel is put to sleep with DPMS ("Monitor
# is Off" in xset q). The dummy driver still works headless.
#   x11-driver.sh PATH/TO/signage
set -u
SIGNAGE=$1
DIR=$(mktemp -d /tmp/signage-x11.XXXXXX)
fail() {
    echo "FAILED: $*"
    for f in "$DIR"/*.log; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done
    rm -rf "$DIR"
    exit 1
}
[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run me through tests/with-xvfb.sh"
cat >"$DIR/slides.cfg" <<'CFG'
playlist = { name = "x11 test"; items = ( { id = "one"; duration = 1.0; slide = { title = "One"; }; } ); };
CFG
# $1 = display group, $2 = more settings
config() {
    printf 'playlist = "slides.cfg";\nledger = "var/ledger.db";\ndisplay = { renderer = "software"; %s };\n%s\n' \
        "$1" "${2:-}" >"$DIR/player.cfg"
}
run() { # $1 = log, then options
    log=$1; shift
    env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$SIGNAGE" play --config "$DIR/player.cfg" "$@" \
        >"$DIR/$log" 2>&1
}

config 'driver = "auto";'
run auto.log --for 2 || fail "auto: exit status $?"
grep -q 'video driver: x11' "$DIR/auto.log" || fail "auto with DISPLAY did not choose x11"
echo "ok: auto -> x11 (DISPLAY=$DISPLAY)"

config 'driver = "x11";'
run x11.log --for 1 || fail "x11: exit status $?"
grep -q 'video driver: x11' "$DIR/x11.log" || fail "x11 not used"

config 'driver = "wayland";'
run wayland.log --for 1 && fail "wayland without a session started"
grep -q 'no display available (SDL: .*video drivers tried: wayland, display.driver = "wayland")' \
    "$DIR/wayland.log" || fail "wayland failure not explained"
echo "ok: wayland forced without a session: one clear line, exit 1"

config 'driver = "fbdev";'
run bad.log --for 1
rc=$?
[ $rc = 2 ] || fail "unknown driver: exit $rc, want 2"
grep -q 'player.cfg:3: display.driver: "fbdev" is not one of auto,kmsdrm,x11,wayland' \
    "$DIR/bad.log" || fail "unknown driver message"
echo "ok: unknown driver refused: $(cat "$DIR/bad.log")"

config 'driver = "x11";'
run headless.log --headless --for 1 || fail "headless: exit status $?"
grep -q 'video driver: dummy' "$DIR/headless.log" || fail "--headless did not use dummy"

# Dark hours that never include now (every day but today), on X11: DPMS
# where the server has it ("Monitor is Off" in xset q); Xvfb has none, so
# there one warning says so and the off command alone darkens the panel.
today=$(TZ=UTC date +%a | tr 'A-Z' 'a-z')
others=$(for d in mon tue wed thu fri sat sun; do [ $d = "$today" ] || printf '"%s", ' $d; done)
config 'driver = "x11";' "timezone = \"UTC\"; screen = { days = [${others%, }]; off_command = \"touch $DIR/dark\"; };"
TZ=UTC env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$SIGNAGE" play --config "$DIR/player.cfg" --for 4 \
    >"$DIR/dpms.log" 2>&1 &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q 'screen dark' "$DIR/dpms.log"; do sleep 0.1; i=$((i + 1)); done
state=$(xset q | grep -o 'Monitor is [A-Za-z]*')
wait $pid || fail "dpms run: exit status $?"
[ -f "$DIR/dark" ] || fail "the off command did not run"
grep -q 'play start' "$DIR/dpms.log" && fail "something played while dark"
if xdpyinfo | grep -q DPMS; then
    grep -q 'screen dark (DPMS, command)' "$DIR/dpms.log" || fail "the panel was not put to sleep with DPMS"
    [ "$state" = "Monitor is Off" ] || fail "xset q says '$state' while dark"
    echo "ok: dark hours on X11: DPMS and the command, xset q: $state"
else
    [ "$(grep -c 'the X server has no DPMS' "$DIR/dpms.log")" = 1 ] || fail "no single warning about DPMS"
    grep -q 'screen dark (command)' "$DIR/dpms.log" || fail "the off command's result is not logged"
    grep -q 'signage\[error\]' "$DIR/dpms.log" && fail "an X server without DPMS logged an error"
    echo "ok: dark hours on an X server without DPMS: one warning, the off command darkens"
fi
rm -rf "$DIR"
echo ok
