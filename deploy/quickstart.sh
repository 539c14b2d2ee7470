#!/bin/sh
# README's first quick-start command: installs what is needed, builds, and
# plays the bundled default playlist - fullscreen when there is a display,
# otherwise headless for 20 seconds, ending with a screenshot.
set -eu
cd "$(dirname "$0")/.."
sh deploy/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "signage: playing playlists/default.cfg fullscreen (Ctrl+C, Esc or q to stop)"
    exec build/signage play --config config/player.cfg
fi
shot="$PWD/signage-screenshot.png"
echo "signage: no display here (\$DISPLAY and \$WAYLAND_DISPLAY are unset):"
echo "signage: playing playlists/default.cfg headless for 20 seconds"
build/signage play --config config/player.cfg --headless --for 20 --screenshot "$shot"
echo "signage: the last picture shown is in $shot"
