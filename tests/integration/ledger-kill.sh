#!/bin/sh
# Kill test: plays a playlist of short items headless, SIGKILLs the player at
# random moments many times (restarting it each time), then checks that the
# ledger is intact, every row is closed after a final clean run, no play UUID
# repeats, and no play the player logged as completed is missing.
# Usage: ledger-kill.sh SIGNAGE [KILLS] [SECONDS]   (stops at whichever comes first)
set -u
signage=$1
kills_wanted=${2:-40}
budget_s=${3:-45}
. "$(dirname "$0")/ledger-fixtures.sh"

work=$(mktemp -d /tmp/signage-kill.XXXXXX)
trap 'rm -rf "$work"' EXIT
make_fixtures "$work/fx"
make_config "$work/player.cfg"
db=$work/ledger.db
command -v sqlite3 >/dev/null || { echo "ledger-kill: the sqlite3 command is needed"; exit 1; }

start=$(date +%s)
kills=0
i=0
while [ "$kills" -lt "$kills_wanted" ] && [ $(($(date +%s) - start)) -lt "$budget_s" ]; do
    i=$((i + 1))
    "$signage" play -c "$work/player.cfg" --headless --size 320x180 --db "$db" "$PLAYLIST" \
        2>"$work/run-$i.log" &
    pid=$!
    # 50..2049 ms: some kills land during start-up, most mid-play or mid-commit.
    ms=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 2000 + 50 ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        kills=$((kills + 1))
    fi
    wait "$pid" 2>/dev/null
done

# The final clean run closes what the last kill left open, and plays on.
"$signage" play -c "$work/player.cfg" --headless --size 320x180 --db "$db" --plays 6 \
    "$PLAYLIST" 2>"$work/run-final.log"
final_rc=$?

fail=0
check() { # check WHAT GOT WANT
    if [ "$2" != "$3" ]; then
        echo "ledger-kill: FAILED: $1: got $2, want $3"
        fail=1
    fi
}
check "final clean run exit status" "$final_rc" 0
check "integrity_check" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
check "rows still playing" "$(sqlite3 "$db" "SELECT count(*) FROM plays WHERE status = 'playing'")" 0
rows=$(sqlite3 "$db" 'SELECT count(*) FROM plays')
distinct=$(sqlite3 "$db" 'SELECT count(DISTINCT play_id) FROM plays')
duplicated=$((rows - distinct))
check "duplicated play UUIDs" "$duplicated" 0

# Every play the player logged as ended complete (committed: no "held" note)
# must be in the ledger as complete.
cat "$work"/run-*.log | grep -v 'held in memory' |
    sed -n 's/.*play end: .* complete, .*, play \([0-9a-f-]\{36\}\), [a-z]*$/\1/p' |
    sort -u >"$work/logged"
sqlite3 "$db" "SELECT play_id FROM plays WHERE status = 'complete'" | sort -u >"$work/complete"
logged=$(wc -l <"$work/logged")
lost=$(comm -23 "$work/logged" "$work/complete" | wc -l)
check "logged complete plays missing from the ledger" "$lost" 0
[ "$logged" -gt 0 ] || { echo "ledger-kill: FAILED: no play was logged complete"; fail=1; }
check "held lines (ledger unwritable)" "$(cat "$work"/run-*.log | grep -c 'held in memory')" 0

echo "ledger-kill: $kills kills in $(($(date +%s) - start)) s; rows $rows:" \
    "$(sqlite3 "$db" "SELECT group_concat(status || ' ' || n, ', ') FROM
        (SELECT status, count(*) AS n FROM plays GROUP BY status ORDER BY status)");" \
    "logged complete $logged, lost $lost, duplicated $duplicated"
if [ "$fail" -ne 0 ]; then
    echo "ledger-kill: logs kept in $work.failed"
    cp -r "$work" "$work.failed"
fi
exit "$fail"
