#!/bin/sh
# The Debian package: built by deploy/package.sh (its build folder is kept
# between runs, so only the first run compiles), then checked: file name,
# contents, conffile, dependencies from dpkg-shlibdeps, maintainer scripts,
# lintian (no errors), the installed config and unit naming installed paths,
# and the man page holding every verb and option of the binary's --help.
#   sh package.sh SOURCE_DIR DEB_BUILD_DIR
set -eu
src=$1 debbuild=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

deb=$(SIGNAGE_DEB_BUILD_DIR=$debbuild sh "$src/deploy/package.sh" "$tmp" 2>"$tmp/err" | tail -1) ||
    { cat "$tmp/err"; fail "deploy/package.sh"; }
version=$(sed -n 's/^project(signage VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "signage_${version}_${arch}.deb" ] || fail "file name $(basename "$deb")"
echo "built $(basename "$deb") ($(wc -c <"$deb") bytes)"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/files"
for f in /usr/bin/signage /etc/signage/player.cfg /lib/systemd/system/signage.service \
    /usr/share/man/man1/signage.1.gz /usr/share/doc/signage/copyright \
    /usr/share/doc/signage/changelog.gz /usr/share/signage/playlists/default.cfg \
    /usr/share/signage/media/demo/ad-motion.mp4; do
    grep -qx "$f" "$tmp/files" || fail "$f is not in the package"
done
grep -q '^/usr/share/signage/media/notice/.*en\.txt$' "$tmp/files" || fail "no notice text in the package"
if grep -q '^/var/' "$tmp/files"; then fail "the package ships files in /var (postinst makes them)"; fi
dpkg-deb -I "$deb" conffiles | grep -qx /etc/signage/player.cfg || fail "player.cfg is not a conffile"
deps=$(dpkg-deb -f "$deb" Depends)
for d in libsdl2-2.0-0 libavcodec libsqlite3-0 libconfig9 adduser; do
    echo "$deps" | grep -q "$d" || fail "Depends lacks $d: $deps"
done
dpkg-deb -e "$deb" "$tmp/control"
grep -q 'adduser --system' "$tmp/control/postinst" || fail "postinst makes no system user"
grep -q '/var/lib/signage' "$tmp/control/postinst" || fail "postinst makes no /var/lib/signage"
grep -q 'deb-systemd-helper enable signage.service' "$tmp/control/postinst" ||
    fail "postinst does not enable the service"
sh -n "$tmp/control/postinst" && sh -n "$tmp/control/prerm" && sh -n "$tmp/control/postrm"

if command -v lintian >/dev/null 2>&1; then
    lintian --tag-display-limit 0 "$deb" >"$tmp/lintian" 2>&1 || true
    grep -v 'running with root privileges' "$tmp/lintian" || true
    if grep -q '^E:' "$tmp/lintian"; then fail "lintian reports errors"; fi
    echo "lintian: no errors ($(grep -c '^W:' "$tmp/lintian" || true) warnings)"
else
    echo "SKIPPED lintian: not installed (apt-get install lintian)"
fi

# The unpacked player: its config points at the installed share files.
dpkg-deb -x "$deb" "$tmp/root"
grep -q '"/usr/share/signage/playlists/default.cfg"' "$tmp/root/etc/signage/player.cfg" ||
    fail "installed config does not name the installed playlist"
grep -q '"/var/lib/signage/' "$tmp/root/etc/signage/player.cfg" ||
    fail "installed config keeps its ledger outside /var/lib/signage"
grep -q '^ExecStart=/usr/bin/signage play --config /etc/signage/player.cfg' \
    "$tmp/root/lib/systemd/system/signage.service" || fail "unit's ExecStart"
zcat "$tmp/root/usr/share/man/man1/signage.1.gz" >"$tmp/signage.1"
for v in $("$tmp/root/usr/bin/signage" --help | awk '/^Verbs:/ {on=1; next} on && /^$/ {exit} on {print $1}'); do
    grep -q "^\.SS \"signage $v\"" "$tmp/signage.1" || fail "man page has no section for $v"
    for opt in $("$tmp/root/usr/bin/signage" "$v" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$tmp/signage.1" || fail "man page lacks $v $opt"
    done
done
if command -v man >/dev/null 2>&1; then
    man --warnings -l "$tmp/signage.1" 2>&1 >/dev/null | grep . && fail "man page has troff warnings"
fi
echo "ok: package contents, lintian, man page"
