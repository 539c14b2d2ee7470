#!/bin/sh
# Builds the Debian package signage_<version>_<arch>.deb into the current
# folder (or $1): a Release build installed under /usr, /etc and /lib, its
# library dependencies found by dpkg-shlibdeps (CPack), with Debian's
# hardening flags (dpkg-buildflags). Needs dpkg-dev; `lintian FILE.deb` checks it.
#   sh deploy/package.sh [OUTDIR]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)
build=${SIGNAGE_DEB_BUILD_DIR:-$src/build-deb}
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
export CFLAGS LDFLAGS
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j "${SIGNAGE_JOBS:-2}" >/dev/null
(cd "$build" && cpack -G DEB -B "$build/cpack" >/dev/null)
deb=$(ls "$build"/cpack/signage_*.deb)
cp "$deb" "$out/"
echo "$out/$(basename "$deb")"
