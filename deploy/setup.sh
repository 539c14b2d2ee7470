#!/bin/sh
# Installs what signage needs on Debian 12 (as root, or through sudo) and
# builds it into build/. Safe to run again: apt-get skips what is there.
set -eu
cd "$(dirname "$0")/.."
pkgs=$(grep -v '^#' deploy/debian-packages.txt | tr '\n' ' ')
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "signage setup: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
build=${SIGNAGE_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${SIGNAGE_CMAKE_ARGS:-}
cmake --build "$build" -j "$(nproc)"
