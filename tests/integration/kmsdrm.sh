#!/bin/sh
# The bare console: display.driver "kmsdrm" (and "auto" with no DISPLAY and
# no WAYLAND_DISPLAY) plays through KMSDRM on a DRM device. Skipped (exit
# 77), named, where the machine has no /dev/dri (containers, CI without GPU).
#   kmsdrm.sh PATH/TO/signage
set -u
SIGNAGE=$1
if ! ls /dev/dri/card* >/dev/null 2>&1; then
    echo "SKIPPED kmsdrm_console: no DRM device here (/dev/dri/card*)"
    exit 77
fi
DIR=$(mktemp -d /tmp/signage-kms.XXXXXX)
cat >"$DIR/slides.cfg" <<'CFG'
playlist = { name = "kms test"; items = ( { id = "one"; duration = 1.0; slide = { title = "One"; }; } ); };
CFG
for driver in kmsdrm auto; do
    printf 'playlist = "slides.cfg";\nledger = "var/ledger.db";\ndisplay = { driver = "%s"; };\n' \
        "$driver" >"$DIR/player.cfg"
    env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$SIGNAGE" play --config "$DIR/player.cfg" \
        --for 3 >"$DIR/log" 2>&1
    rc=$?
    if [ $rc != 0 ] || ! grep -q 'video driver: kmsdrm' "$DIR/log"; then
        echo "FAILED: display.driver = $driver on $(ls /dev/dri/card* | head -1): exit $rc"
        cat "$DIR/log"
        rm -rf "$DIR"
        exit 1
    fi
    echo "ok: $driver -> kmsdrm"
done
rm -rf "$DIR"
