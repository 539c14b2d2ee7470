#!/bin/sh
# Content bundle benchmark: makes a 500 MB bundle (25 files of 20 MB of
# random bytes, made here, in /tmp), serves it with tests/fleet/serve.py
# (ranges, ETags), lets a headless player pull it, changes one 20 MB file,
# makes the bundle again and lets the same player pull the change: the
# second pull must fetch that one file only. Also times the bundle code's
# SHA-256 beside sha256sum on the same file. Prints figures; never fails on
# time. Not part of ctest (it writes ~1.5 GB).
# Usage: tests/bench/bundle-bench.sh BUILD_DIR [FILES] [MB_EACH]
set -eu
build=$1
files=${2:-25}
mb=${3:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/signage-bundle-bench.XXXXXX)
server=
player=
cleanup() {
    [ -n "$player" ] && kill "$player" 2>/dev/null
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM
now_ms() { date +%s%3N; }
mkdir -p "$dir/src/media" "$dir/www"

echo "bundle-bench: $files files of $mb MB in $dir"
for i in $(seq 1 "$files"); do
    dd if=/dev/urandom of="$dir/src/media/clip-$i.bin" bs=1M count="$mb" status=none
done
cat > "$dir/src/main.cfg" <<'CFG'
playlist = { name = "bench"; items = ( { id = "s"; duration = 1.0; slide = { title = "bench"; }; } ); };
CFG
"$build/signage" bundle keygen "$dir/key" > /dev/null

# Hashing: the bundle code beside sha256sum, the file in the page cache for both.
f=$dir/src/media/clip-1.bin
cat "$f" > /dev/null
t0=$(now_ms); sha256sum "$f" > "$dir/sha256sum.out"; t1=$(now_ms)
"$build/tests/hash_bench" "$f" > "$dir/ours.out"
ours_hash=$(head -1 "$dir/ours.out" | cut -d' ' -f1)
[ "$ours_hash" = "$(cut -d' ' -f1 "$dir/sha256sum.out")" ] || { echo "hashes differ"; exit 1; }
echo "hash $mb MB: sha256sum $((t1 - t0)) ms ($(echo "$mb * 1048.576 / ($t1 - $t0)" | bc) MB/s);" \
     "signage $(tail -1 "$dir/ours.out")"

t0=$(now_ms)
"$build/signage" bundle make "$dir/src" --key "$dir/key" --out "$dir/www"
t1=$(now_ms)
echo "make (all new): $((t1 - t0)) ms"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT=$port python3 "$here/fleet/serve.py" "$dir/www" "$dir/port" "$dir/server.log" &
server=$!
while [ ! -f "$dir/port" ]; do sleep 0.1; done
cat > "$dir/player.cfg" <<CFG
playlist = "main.cfg";
ledger = "ledger.db";
content = { url = "http://127.0.0.1:$port/"; public_key = "$(cat "$dir/key.pub")"; every = 1.0; dir = "content"; };
CFG
cp "$dir/src/main.cfg" "$dir/main.cfg"
log=$dir/player.log
t0=$(now_ms)
"$build/signage" play --headless --size 64x64 --for 600 --config "$dir/player.cfg" 2> "$log" &
player=$!
until grep -q "content: bundle .* ready" "$log"; do sleep 0.2; done
t1=$(now_ms)
echo "first pull: $((t1 - t0)) ms; $(grep -o 'bundle [0-9]* ready.*bytes)' "$log" | head -1)"
sent1=$(awk '$2 ~ /^\/files\// { s += $4 } END { print s + 0 }' "$dir/server.log")

# One file changes; the bundle is made again and pulled again.
sleep 1
dd if=/dev/urandom of="$dir/src/media/clip-7.bin" bs=1M count="$mb" status=none
t0=$(now_ms)
"$build/signage" bundle make "$dir/src" --key "$dir/key" --out "$dir/www"
t1=$(now_ms)
echo "make (one file changed): $((t1 - t0)) ms"
: > "$dir/server.log"
t0=$(now_ms)
until [ "$(grep -c "content: bundle .* ready" "$log")" -ge 2 ]; do sleep 0.2; done
t1=$(now_ms)
sent2=$(awk '$2 ~ /^\/files\// { s += $4; n++ } END { printf "%d bytes in %d file(s)", s, n }' "$dir/server.log")
echo "second pull: $((t1 - t0)) ms; $(grep -o 'bundle [0-9]* ready.*bytes)' "$log" | tail -1)"
echo "served for files: first pull $sent1 bytes, second pull $sent2"
grep -q "files, 1 fetched, $((mb * 1048576)) bytes" "$log" || { echo "the second pull fetched more than the changed file"; exit 1; }
