#!/bin/sh
# Bad ledgers: a file that is not SQLite, a read-only place, a full disk.
# Each must give one clear error line while the player keeps playing and
# holds its plays in memory; the full disk, once freed, gets them written.
# Usage: ledger-bad.sh SIGNAGE
set -u
signage=$1
. "$(dirname "$0")/ledger-fixtures.sh"
work=$(mktemp -d /tmp/signage-bad.XXXXXX)
mounted=""
cleanup() {
    for m in $mounted; do umount "$m" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
make_fixtures "$work/fx"
make_config "$work/player.cfg"
fail=0

play() { # play DB PLAYS LOG
    "$signage" play -c "$work/player.cfg" --headless --size 320x180 --db "$1" --plays "$2" \
        "$PLAYLIST" 2>"$3"
}

# expect_one_error NAME LOG PATTERN: exactly one ledger error line while
# playing (the line at exit about plays lost is counted apart), and plays on.
expect_one_error() {
    errors=$(grep 'signage\[error\]: ledger' "$2" | grep -vc 'stopping with')
    ended=$(grep -c 'play start:' "$2")
    line=$(grep 'signage\[error\]: ledger' "$2" | head -1 | sed 's/.*signage\[error\]: //')
    if [ "$errors" -ne 1 ] || ! grep -q "$3" "$2" || [ "$ended" -lt 4 ]; then
        echo "ledger-bad: FAILED: $1: $errors error lines, $ended plays; log:"
        cat "$2"
        fail=1
    else
        echo "ledger-bad: $1: OK, one error line, played on ($ended plays): $line"
    fi
}

# 1. A ledger that is not SQLite.
printf 'Dear diary, today the bus was late.\n' >"$work/diary.db"
play "$work/diary.db" 6 "$work/notdb.log"
rc=$?
[ "$rc" -eq 0 ] || { echo "ledger-bad: FAILED: not-SQLite: exit $rc"; fail=1; }
expect_one_error "not SQLite" "$work/notdb.log" "ledger .*: cannot open: file is not a database"
grep -q 'Dear diary' "$work/diary.db" || { echo "ledger-bad: FAILED: the file was overwritten"; fail=1; }

# 2. A read-only place: a read-only mount when we may mount (root ignores
# file modes), else a folder without write permission, else /proc.
ro=$work/ro
mkdir -p "$ro"
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$ro"
    rodb=$ro/ledger.db
elif mount -t tmpfs -o ro,size=64k tmpfs "$ro" 2>/dev/null; then
    mounted="$mounted $ro"
    rodb=$ro/ledger.db
else
    rodb=/proc/signage-ledger-test/ledger.db
fi
play "$rodb" 6 "$work/ro.log"
rc=$?
[ "$rc" -eq 0 ] || { echo "ledger-bad: FAILED: read-only: exit $rc"; fail=1; }
expect_one_error "read-only ($rodb)" "$work/ro.log" "ledger .*: cannot"

# 3. A full disk: a small tmpfs, filled up once the ledger exists; freed
# while the player runs, the held plays must reach the ledger.
full=$work/full
mkdir -p "$full"
if ! mount -t tmpfs -o size=512k tmpfs "$full" 2>/dev/null; then
    echo "ledger-bad: full disk: SKIPPED (cannot mount a tmpfs here; needs root)"
else
    mounted="$mounted $full"
    play "$full/ledger.db" 1 "$work/full-0.log"
    before=$(sqlite3 "$full/ledger.db" 'SELECT count(*) FROM plays')
    dd if=/dev/zero of="$full/fill" bs=4k 2>/dev/null
    "$signage" play -c "$work/player.cfg" --headless --size 320x180 --db "$full/ledger.db" \
        --plays 16 "$PLAYLIST" 2>"$work/full.log" &
    pid=$!
    sleep 2.5
    rm -f "$full/fill" # the operator frees space
    wait "$pid"
    rc=$?
    [ "$rc" -eq 0 ] || { echo "ledger-bad: FAILED: full disk: exit $rc"; fail=1; }
    expect_one_error "full disk" "$work/full.log" "ledger .*No space left on device"
    ended=$(grep -c 'play end:' "$work/full.log")
    after=$(sqlite3 "$full/ledger.db" 'SELECT count(*) FROM plays')
    closed=$(sqlite3 "$full/ledger.db" "SELECT count(*) FROM plays WHERE status != 'playing'")
    if [ $((after - before)) -ne "$ended" ] || [ "$closed" -ne "$after" ] ||
        ! grep -q 'writable again' "$work/full.log"; then
        echo "ledger-bad: FAILED: full disk: $ended plays ended, $((after - before)) written," \
            "$((after - closed)) left open; log:"
        cat "$work/full.log"
        fail=1
    else
        echo "ledger-bad: full disk freed: all $ended held plays written"
    fi
fi
exit "$fail"
