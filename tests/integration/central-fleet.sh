#!/bin/sh
# The central database with the real player, on a PostgreSQL server of the
# test's own: central init (and refusing another program's schema), a
# server down, a wrong password, the server SIGKILLed and restarted while
# the player pushes, the player SIGKILLed at random moments, a screen
# offline for a simulated day, `signage screens` and `signage report --db
# postgresql://` against the ledgers' own report.
# Usage: central-fleet.sh SIGNAGE TEST_CENTRAL [KILLS]
set -u
signage=$1
test_central=$2
kills_wanted=${3:-8}
here=$(dirname "$0")
. "$here/ledger-fixtures.sh"
. "$here/../pg.sh"
command -v sqlite3 >/dev/null || { echo "central-fleet: the sqlite3 command is needed"; exit 1; }

work=$(mktemp -d /tmp/signage-central.XXXXXX)
# An empty config (a device is no config file): built-in defaults.
mkdir -p "$work" && : >"$work/empty.cfg"
PG_ON_EXIT='rm -rf "$work"'
trap 'rm -rf "$work"' EXIT
pg_start
make_fixtures "$work/fx"

fail=0
check() { # check WHAT GOT WANT
    if [ "$2" != "$3" ]; then
        echo "central-fleet: FAILED: $1: got $2, want $3"
        fail=1
    fi
}
errors_of() { grep -c 'signage\[error\]: central database' "$1"; }

config() { # config FILE URL
    cat >"$1" <<CFG
screen_id = "${3:-fleet-screen}";
audience = { per_hour = 540.0; method = "prorated"; };
central = { url = "$2"; every = 0.2; };
CFG
}
play() { # play CONFIG DB LOG SECONDS [more options]
    cfg=$1 db=$2 log=$3 secs=$4
    shift 4
    "$signage" play -c "$cfg" --headless --size 320x180 --db "$db" --for "$secs" "$@" \
        "$PLAYLIST" 2>"$log"
}
closed_in() { sqlite3 "$1" "SELECT count(*) FROM plays WHERE status != 'playing'"; }

pg_createdb fleet
url=$(pg_url fleet)

# ---- central init: creates, then says it is done; the shipper waits for it
"$signage" central init --url "$url" >"$work/init1.txt" 2>&1
check "central init exit status" "$?" 0
grep -q "created at version" "$work/init1.txt" || { echo "central-fleet: FAILED: init said: $(cat "$work/init1.txt")"; fail=1; }
"$signage" central init --url "$url" >"$work/init2.txt" 2>&1
check "second central init exit status" "$?" 0
grep -q "already" "$work/init2.txt" || { echo "central-fleet: FAILED: second init said: $(cat "$work/init2.txt")"; fail=1; }
check "password in init's output" "$(grep -c "$PG_PASS" "$work/init1.txt" "$work/init2.txt" | awk -F: '{ s += $2 } END { print s }')" 0

# ---- the roles README.md gives: screens push, analysts only read
pg_sql fleet "CREATE ROLE screen LOGIN PASSWORD 'screen-pw';
GRANT USAGE ON SCHEMA signage TO screen;
GRANT SELECT ON signage.schema_migrations TO screen;
GRANT SELECT, INSERT, UPDATE ON signage.plays, signage.play_keys, signage.screens TO screen;
GRANT EXECUTE ON FUNCTION signage.add_plays_months(bigint[]) TO screen;
CREATE ROLE analyst LOGIN PASSWORD 'analyst-pw';
GRANT USAGE ON SCHEMA signage TO analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA signage TO analyst;
ALTER ROLE analyst SET default_transaction_read_only = on;"
"$test_central" make "$work/role.db" shelter-role 300 1772323200000
"$test_central" push "$work/role.db" "$(pg_url fleet screen screen-pw)" 20 >"$work/role-push.txt" 2>&1
check "push as the screens' role" "$?" 0
"$signage" report -c "$work/empty.cfg" --db "$(pg_url fleet analyst analyst-pw)" --by screen --format csv >"$work/role-report.txt" 2>&1
check "report as the analysts' role" "$?" 0
grep -q "^shelter-role,300," "$work/role-report.txt" || { echo "central-fleet: FAILED: analyst's report: $(cat "$work/role-report.txt")"; fail=1; }
"$signage" screens --db "$(pg_url fleet analyst analyst-pw)" >/dev/null 2>&1
check "screens as the analysts' role" "$?" 0
PGPASSWORD=analyst-pw psql -X -q -tA -h 127.0.0.1 -p "$PG_PORT" -U analyst -d fleet \
    -c "DELETE FROM signage.plays" >/dev/null 2>&1
check "an analyst deleting plays (refused)" "$?" 1
check "plays left" "$(pg_sql fleet 'SELECT count(*) FROM signage.plays')" 300
pg_sql fleet "DELETE FROM signage.plays; DELETE FROM signage.play_keys; DELETE FROM signage.screens"

# ---- another program's database: refused, one line, its tables untouched
pg_createdb other
pg_sql other "CREATE SCHEMA signage; CREATE TABLE signage.plays (x int); INSERT INTO signage.plays VALUES (1), (2);
              CREATE TABLE public.orders (id int PRIMARY KEY, total numeric); INSERT INTO orders VALUES (1, 9.5);"
dump() { PGPASSWORD=$PG_PASS "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres other |
    grep -v '^--\|^\\restrict\|^\\unrestrict'; }
dump >"$work/other-before.sql"
"$signage" central init --url "$(pg_url other)" >"$work/init-other.txt" 2>&1
check "central init on another program's schema exit status" "$?" 1
grep -q "another program" "$work/init-other.txt" || { echo "central-fleet: FAILED: init on another schema said: $(cat "$work/init-other.txt")"; fail=1; }
config "$work/other.cfg" "$(pg_url other)"
play "$work/other.cfg" "$work/other.db" "$work/other.log" 3
check "player exit status (another program's database)" "$?" 0
check "error lines (another program's database)" "$(errors_of "$work/other.log")" 1
grep 'central database' "$work/other.log" | grep -q "another program" || { echo "central-fleet: FAILED: no reason given: $(grep 'central database' "$work/other.log")"; fail=1; }
dump >"$work/other-after.sql"
cmp -s "$work/other-before.sql" "$work/other-after.sql" || { echo "central-fleet: FAILED: another program's database changed"; diff "$work/other-before.sql" "$work/other-after.sql" | head; fail=1; }

# ---- a wrong password and a server that is not there: one line each, playing goes on
config "$work/badpw.cfg" "$(pg_url fleet postgres wrong-password)"
play "$work/badpw.cfg" "$work/badpw.db" "$work/badpw.log" 3.5
check "player exit status (wrong password)" "$?" 0
check "error lines (wrong password)" "$(errors_of "$work/badpw.log")" 1
grep 'central database' "$work/badpw.log" | grep -q "password authentication failed" || { echo "central-fleet: FAILED: $(grep 'central database' "$work/badpw.log")"; fail=1; }
check "password in the log" "$(grep -c wrong-password "$work/badpw.log")" 0
[ "$(closed_in "$work/badpw.db")" -gt 0 ] || { echo "central-fleet: FAILED: nothing played while the password was wrong"; fail=1; }
dead=$(pg_free_port)
config "$work/down.cfg" "postgresql://postgres@127.0.0.1:$dead/fleet"
play "$work/down.cfg" "$work/down.db" "$work/down.log" 3.5
check "player exit status (server down)" "$?" 0
check "error lines (server down)" "$(errors_of "$work/down.log")" 1
[ "$(closed_in "$work/down.db")" -gt 0 ] || { echo "central-fleet: FAILED: nothing played while the server was down"; fail=1; }
check "plays in the database after those runs" "$(pg_sql fleet 'SELECT count(*) FROM signage.plays')" 0

# ---- the server SIGKILLed while the player pushes, then started again
config "$work/fleet.cfg" "$url"
db=$work/fleet.db
"$signage" play -c "$work/fleet.cfg" --headless --size 320x180 --db "$db" --for 40 "$PLAYLIST" \
    2>"$work/run-server-kill.log" &
pid=$!
sleep 2
pg_kill
sleep 1.5
pg_restart || fail=1
# Backoff: the next try is within 1 + 2 + 4 + 8 s; then a clean stop.
for t in $(seq 1 80); do
    grep -q 'central database .*working again' "$work/run-server-kill.log" && break
    sleep 0.25
done
kill -TERM "$pid"
wait "$pid"
check "player exit status (server killed)" "$?" 0
grep -q 'central database .*working again' "$work/run-server-kill.log" || { echo "central-fleet: FAILED: the shipper did not come back after the restart"; grep 'central' "$work/run-server-kill.log" | head -5; fail=1; }
check "error lines (server killed)" "$(errors_of "$work/run-server-kill.log")" 1
check "lines from libpq (server killed)" "$(grep -vc '^[0-9TZ:.-]* signage\[' "$work/run-server-kill.log")" 0

# ---- the player SIGKILLed at random moments
kills=0
i=0
start=$(date +%s)
while [ "$kills" -lt "$kills_wanted" ] && [ $(($(date +%s) - start)) -lt 30 ]; do
    i=$((i + 1))
    "$signage" play -c "$work/fleet.cfg" --headless --size 320x180 --db "$db" "$PLAYLIST" \
        2>"$work/run-$i.log" &
    pid=$!
    ms=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 2500 + 200 ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
    wait "$pid" 2>/dev/null
done
# A last clean run closes what the last kill left open, then whatever the
# shipper had not sent yet goes as at the next start.
play "$work/fleet.cfg" "$db" "$work/run-final.log" 30 --plays 4
check "final clean run exit status" "$?" 0
"$test_central" push "$db" "$url" 30 >"$work/drain.txt" 2>&1
check "drain exit status" "$?" 0
sqlite3 "$db" "SELECT play_id || ' ' || status FROM plays WHERE status != 'playing' ORDER BY 1" >"$work/ledger.txt"
pg_sql fleet "SELECT p.play_id || ' ' || p.status FROM signage.plays p JOIN signage.play_keys k USING (key_id)
              WHERE k.screen_id = 'fleet-screen' ORDER BY 1" >"$work/central.txt"
check "plays in the ledger and in the database differ" "$(diff "$work/ledger.txt" "$work/central.txt" | grep -c '^[<>]')" 0
check "duplicated play UUIDs" "$(pg_sql fleet 'SELECT count(*) - count(DISTINCT play_id) FROM signage.plays')" 0
check "unacknowledged plays left in the ledger" \
    "$(sqlite3 "$db" "SELECT count(*) FROM plays WHERE status != 'playing' AND central_status IS NOT status")" 0
echo "central-fleet: $kills player kills; $(wc -l <"$work/ledger.txt") plays in the ledger and the database"

# ---- a screen offline for a simulated day, then back
dark=$work/dark.db
t0=$(( ($(date +%s) - 86400) * 1000 ))
"$test_central" make "$dark" shelter-dark 100 "$t0"
"$test_central" push "$dark" "$url" 20 >/dev/null 2>&1
check "first push of the dark screen" "$?" 0
pg_sql fleet "UPDATE signage.screens SET last_seen = now() - interval '1 day' WHERE screen_id = 'pusher'"
"$test_central" make "$dark" shelter-dark 890 "$t0" # the day's plays, held in its ledger
"$signage" screens --db "$url" --stale 15m >"$work/screens1.txt"
check "screens exit status with a stale screen" "$?" 1
grep '^pusher ' "$work/screens1.txt" | grep -q STALE || { echo "central-fleet: FAILED: not stale:"; cat "$work/screens1.txt"; fail=1; }
"$test_central" push "$dark" "$url" 20 >/dev/null 2>&1
check "push after the day offline" "$?" 0
"$signage" screens --db "$url" --stale 15m >"$work/screens2.txt"
check "screens exit status once it is back" "$?" 0
grep '^pusher ' "$work/screens2.txt" | grep -q ' ok ' || { echo "central-fleet: FAILED: not back:"; cat "$work/screens2.txt"; fail=1; }
check "the dark screen's plays" "$(pg_sql fleet "SELECT count(*) FROM signage.plays p JOIN signage.play_keys k USING (key_id) WHERE k.screen_id = 'shelter-dark'")" "$(closed_in "$dark")"
grep '^fleet-screen ' "$work/screens2.txt" | grep -q "\[" || { echo "central-fleet: FAILED: no on-screen item for the player:"; cat "$work/screens2.txt"; fail=1; }

# ---- report --db postgresql:// gives the ledgers' figures
for shape in "--by screen --format csv" "--by day,campaign,item,language --format csv --timezone America/New_York" \
             "--by hour,language --kind ad --format json"; do
    # shellcheck disable=SC2086
    "$signage" report -c "$work/empty.cfg" --db "$db" --db "$dark" $shape >"$work/r-files.txt" 2>&1
    # shellcheck disable=SC2086
    "$signage" report -c "$work/empty.cfg" --db "$url" $shape >"$work/r-central.txt" 2>&1
    grep -v '"ledgers"\|"source"' "$work/r-files.txt" >"$work/r1.txt"
    grep -v '"ledgers"\|"source"' "$work/r-central.txt" >"$work/r2.txt"
    cmp -s "$work/r1.txt" "$work/r2.txt" || { echo "central-fleet: FAILED: report $shape differs:"; diff "$work/r1.txt" "$work/r2.txt" | head; fail=1; }
done
check "password in the report" "$(grep -c "$PG_PASS" "$work/r-central.txt")" 0

if [ "$fail" -ne 0 ]; then
    rm -rf "$work.failed"
    cp -r "$work" "$work.failed"
    echo "central-fleet: logs kept in $work.failed"
fi
exit "$fail"
