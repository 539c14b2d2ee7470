#!/bin/sh
# Makes the seed corpus of every harness in DIR from the repository's own
# files: test playlists and configs, the shipped ones, notice texts, a few
# TZif files, report arguments. Usage: seeds.sh DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=$1
rm -rf "$out"
mkdir -p "$out/fuzz_playlist" "$out/fuzz_config" "$out/fuzz_notice" "$out/fuzz_tzif" "$out/fuzz_args" \
    "$out/fuzz_cap"
n=0
for f in "$src"/tests/playlists/*.cfg "$src"/tests/schedule/*.cfg "$src"/playlists/*.cfg \
    "$src"/playlists/examples/*.cfg "$src"/tests/fixtures/*.cfg; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "$out/fuzz_playlist/$n.cfg"
done
for f in "$src"/config/*.cfg "$src"/config/examples/*.cfg "$src"/tests/fixtures/*.cfg \
    "$src"/tests/schedule/*config*.cfg; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "$out/fuzz_config/$n.cfg"
done
for f in "$src"/media/notice/*.txt "$src"/media/notice/*/*.txt; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "$out/fuzz_notice/$n.txt"
done
for z in UTC America/Los_Angeles Australia/Sydney Europe/London Asia/Kolkata America/St_Johns; do
    [ -f "/usr/share/zoneinfo/$z" ] || continue
    n=$((n + 1))
    cp "/usr/share/zoneinfo/$z" "$out/fuzz_tzif/$n.tzif"
done
for f in "$src"/tests/alerts/*.xml "$src"/tests/alerts/*.atom "$src"/tests/alerts/*.rss; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "$out/fuzz_cap/$n.xml"
done
printf '2026-03-01\n2026-02-30\n2026-03-08T02:30\n2026-11-01T01:30:00\n2026-03-08T00:00Z\n' > "$out/fuzz_args/dates"
printf 'day,campaign,item,language\nhour,screen\ncsv\njson\nhtml\ntable\n' > "$out/fuzz_args/fields"
printf '22:00-02:00\n00:00-24:00\n10:00-10:00\n2026-03-08T03:00:05-07:00\n' > "$out/fuzz_args/hours"
echo "seeds: $(find "$out" -type f | wc -l) files in $out"
