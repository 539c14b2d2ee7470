#!/bin/sh
# Central database benchmark, on a PostgreSQL server of its own (tests/pg.sh):
#  1. push throughput: a ledger of P plays (default 200000) sent by the
#     shipper in its default batches of 1000, plays per second;
#  2. `signage report --db postgresql://...` on N plays (default 10 million)
#     made in SQL with generate_series, the same plays as
#     tests/bench/report-bench.sh puts in a SQLite ledger, timed beside
#     `signage report --db LEDGER` on that ledger, shape by shape, and the
#     outputs compared (they must be equal).
# Not part of ctest (minutes, ~5 GB in DIR, all deleted at the end). Prints
# figures, never fails on time.
# Usage: tests/bench/central-bench.sh SIGNAGE TEST_CENTRAL [N] [P] [DIR]
set -eu
signage=$(realpath "$1")
test_central=$(realpath "$2")
n=${3:-10000000}
p=${4:-200000}
dir=${5:-/tmp/signage-central-bench}
# An empty config (a device is no config file): built-in defaults.
mkdir -p "$dir" && : >"$dir/empty.cfg"
here=$(dirname "$(realpath "$0")")
mkdir -p "$dir"
chmod 755 "$dir"
PG_ON_EXIT='rm -rf "$dir"'
. "$here/../pg.sh"
pg_start
now_ms() { date +%s%3N; }
secs() { awk "BEGIN { printf \"%.2f\", ($2 - $1) / 1000 }"; }
echo "central-bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. push throughput
pg_createdb push
url=$(pg_url push)
"$signage" central init --url "$url" >/dev/null
t0=$(now_ms)
"$test_central" make "$dir/push.db" bench-screen "$p"
t1=$(now_ms)
CENTRAL_BATCH=1000 "$test_central" push "$dir/push.db" "$url" 3600
t2=$(now_ms)
sent=$(pg_sql push "SELECT count(*) FROM signage.plays")
echo "central-bench: push: $sent plays in $(secs "$t1" "$t2") s:" \
    "$(awk "BEGIN { printf \"%.0f\", $sent / (($t2 - $t1) / 1000) }") plays/s" \
    "(ledger of $p made in $(secs "$t0" "$t1") s)"
t1=$(now_ms)
sqlite3 "$dir/push.db" "UPDATE plays SET central_status = NULL"
CENTRAL_BATCH=1000 "$test_central" push "$dir/push.db" "$url" 3600 >/dev/null
t2=$(now_ms)
echo "central-bench: push again (all already there, nothing changes): $(secs "$t1" "$t2") s," \
    "$(awk "BEGIN { printf \"%.0f\", $sent / (($t2 - $t1) / 1000) }") plays/s;" \
    "rows still $(pg_sql push "SELECT count(*) FROM signage.plays")"
rm -f "$dir"/push.db*

# ---- 2. reports on N plays
"$here/report-bench.sh" "$signage" "$n" "$dir" >"$dir/sqlite-make.txt"
cat "$dir/sqlite-make.txt"
ledger=$dir/ledger-$n.db
pg_createdb reports
url=$(pg_url reports)
"$signage" central init --url "$url" >/dev/null
t0=$(now_ms)
# The plays of report-bench.sh, row for row (key_id, times, statuses).
pg_sql reports "
SET maintenance_work_mem = '512MB';
SELECT signage.add_plays_months(ARRAY[1772323200000]);
INSERT INTO signage.play_keys (key_id, screen_id, campaign, item, language, kind) OVERRIDING SYSTEM VALUE
SELECT 1 + v, 'shelter-' || (v % 50), 'campaign-' || (v / 50 % 7), 'ad-' || (v / 350 % 23),
       CASE v / 8050 % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'es' ELSE 'zh-Hant' END,
       CASE v / 24150 WHEN 0 THEN 'ad' WHEN 1 THEN 'notice' ELSE 'filler' END
FROM generate_series(0, 50 * 7 * 23 * 3 * 3 - 1) AS v;
INSERT INTO signage.plays (play_id, started_utc_ms, key_id, media, ended_utc_ms, scheduled_ms,
  shown_ms, status, frames_shown, frames_dropped, impressions, error)
SELECT (lpad(to_hex(v / 65536), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(v), 12, '0'))::uuid,
       t, 1 + s + 50 * (c + 7 * (i + 23 * (l + 3 * k))), 'media/ad-' || i || '.mp4', t + 8000, 8000,
       CASE WHEN v % 97 = 0 THEN 3000 WHEN v % 211 = 0 THEN 0 ELSE 8000 END,
       CASE WHEN v % 1009 = 0 THEN 'interrupted' WHEN v % 211 = 0 THEN 'error'
            WHEN v % 97 = 0 THEN 'partial' ELSE 'complete' END,
       200, 0, 1.2, CASE WHEN v % 211 = 0 THEN 'not a decodable video' END
FROM (SELECT v, v % 50 AS s, v % 23 % 7 AS c, v % 23 AS i, v % 3 AS l,
             CASE WHEN v % 23 % 5 = 0 THEN 1 WHEN v % 23 % 11 = 0 THEN 2 ELSE 0 END AS k,
             1772323200000 + (v / 50) * 8000 + (v % 50) * 37 AS t
      FROM generate_series(0, $n - 1) AS v) AS g;"
# As autovacuum would leave it (psql -c runs one transaction: VACUUM apart).
pg_sql reports "VACUUM ANALYZE signage.plays"
pg_sql reports "VACUUM ANALYZE signage.play_keys"
t1=$(now_ms)
echo "central-bench: made $n plays in PostgreSQL in $(secs "$t0" "$t1") s:" \
    "$(pg_sql reports "SELECT pg_size_pretty(pg_total_relation_size('signage.plays_2026_03'))")"

# The server's CPU time is the steadier figure on a shared machine.
server_cpu() { # seconds of CPU used so far by the server's processes
    for pid in $(head -n 1 "$PG_DIR/data/postmaster.pid") $(pgrep -P "$(head -n 1 "$PG_DIR/data/postmaster.pid")"); do
        cat "/proc/$pid/stat" 2>/dev/null
    done | awk -v hz="$(getconf CLK_TCK)" '{ s += $14 + $15 + $16 + $17 } END { printf "%.2f", s / hz }'
}
run() { # run LABEL ARGS...
    label=$1
    shift
    t0=$(now_ms)
    "$signage" report -c "$dir/empty.cfg" --db "$ledger" "$@" >"$dir/sqlite.txt"
    t1=$(now_ms)
    c0=$(server_cpu)
    "$signage" report -c "$dir/empty.cfg" --db "$url" "$@" >"$dir/pg.txt"
    t2=$(now_ms)
    c1=$(server_cpu)
    same=equal
    grep -v 'Proof of play\|"ledgers"\|"source"\|merged by play\|Plays from' "$dir/sqlite.txt" >"$dir/a.txt"
    grep -v 'Proof of play\|"ledgers"\|"source"\|merged by play\|Plays from' "$dir/pg.txt" >"$dir/b.txt"
    if ! cmp -s "$dir/a.txt" "$dir/b.txt"; then
        same="DIFFERENT: $(diff "$dir/a.txt" "$dir/b.txt" | grep -c '^[<>]') lines, first: $(diff "$dir/a.txt" "$dir/b.txt" | grep '^[<>]' | head -2 | tr '\n' ' ' | cut -c1-300)"
    fi
    printf 'central-bench: %-42s SQLite %6.2f s, PostgreSQL %6.2f s wall (server CPU %s s), %s lines, %s\n' \
        "$label" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "$(awk "BEGIN { print $c1 - $c0 }")" \
        "$(wc -l <"$dir/pg.txt")" "$same"
}
run "default (by day,campaign,item,language)"
run "default, again"
run "by screen, csv" --by screen --format csv
run "by day,hour, json" --by day,hour --format json
run "html with charts" --format html
run "one day, by campaign" --from 2026-03-05 --to 2026-03-05 --by campaign
run "kind notice, by campaign,language" --kind notice --by campaign,language
