#!/bin/sh
# Runs COMMAND... with DISPLAY set to a fresh Xvfb server of its own, on the
# first free display number from 1 to 9 (mpv and some X clients silently lose
# shared memory at :10 and above), and stops the server afterwards. The
# command's exit status is the script's.
#   sh tests/with-xvfb.sh [-s WIDTHxHEIGHTxDEPTH] COMMAND...
set -u
screen=1920x1080x24
if [ "${1:-}" = "-s" ]; then screen=$2; shift 2; fi
command -v Xvfb >/dev/null || { echo "with-xvfb: Xvfb is not installed (package xvfb)" >&2; exit 2; }
n=1
while [ "$n" -le 9 ]; do
    # The lock file is the X server's own claim on a number; mkdir makes
    # ours atomic against another test starting at the same moment.
    if [ ! -e "/tmp/.X$n-lock" ] && mkdir "/tmp/.signage-xvfb-$n" 2>/dev/null; then
        Xvfb ":$n" -screen 0 "$screen" -nolisten tcp -noreset >/dev/null 2>&1 &
        pid=$!
        trap 'kill $pid 2>/dev/null; rmdir "/tmp/.signage-xvfb-$n"; exit 130' INT TERM
        i=0
        while [ $i -lt 100 ] && ! xdpyinfo -display ":$n" >/dev/null 2>&1; do
            kill -0 $pid 2>/dev/null || break
            sleep 0.1; i=$((i + 1))
        done
        if xdpyinfo -display ":$n" >/dev/null 2>&1; then
            DISPLAY=":$n" "$@"
            rc=$?
            kill $pid 2>/dev/null; wait $pid 2>/dev/null
            rmdir "/tmp/.signage-xvfb-$n"
            exit $rc
        fi
        kill $pid 2>/dev/null; wait $pid 2>/dev/null
        rmdir "/tmp/.signage-xvfb-$n"
    fi
    n=$((n + 1))
done
echo "with-xvfb: no free X display between :1 and :9" >&2
exit 2
