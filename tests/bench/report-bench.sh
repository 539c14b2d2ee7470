#!/bin/sh
# Report benchmark: makes a ledger of N plays (default 10 million: 50 screens,
# 23 items in 7 campaigns, 3 languages, a play every 8 s on each screen for
# about 18 days) with the player's own schema and indexes, then times
# `signage report` on it.
# Not part of ctest's default run (it takes minutes and ~2.5 GB of disk).
# Usage: tests/bench/report-bench.sh SIGNAGE [N] [DIR]
#   MERGE=1 also times merging the ledger with a copy of itself.
set -eu
signage=$1
n=${2:-10000000}
dir=${3:-/tmp/signage-bench}
# An empty config (a device is no config file): built-in defaults.
mkdir -p "$dir" && : >"$dir/empty.cfg"
db=$dir/ledger-$n.db
command -v sqlite3 >/dev/null || { echo "report-bench: the sqlite3 command is needed"; exit 1; }
mkdir -p "$dir"

now_ms() { date +%s%3N; }

if [ ! -f "$db" ]; then
    # The schema, by the player itself: one short headless run.
    cat >"$dir/one.cfg" <<'CFG'
playlist = { name = "bench"; campaign = "bench";
  items = ( { id = "s"; duration = 0.2; slide = { title = "bench"; }; } ); };
CFG
    "$signage" play --headless --size 64x64 --plays 1 --db "$db.tmp" "$dir/one.cfg" 2>/dev/null
    t0=$(now_ms)
    # Bulk load without a journal, then back to WAL as the player leaves it.
    # Play ids rise with time here (real ones are random): loading stays an
    # append, which the report does not care about, as it never reads them.
    sqlite3 "$db.tmp" <<SQL
PRAGMA journal_mode = DELETE;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
DELETE FROM plays;
DELETE FROM play_keys;
-- Every (screen, campaign, item, language, kind) the plays below use, with
-- a key_id computed from its parts.
INSERT INTO play_keys
SELECT 1 + value, 'shelter-' || (value % 50), 'campaign-' || (value / 50 % 7),
       'ad-' || (value / 350 % 23),
       CASE value / 8050 % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'es' ELSE 'zh-Hant' END,
       CASE value / 24150 WHEN 0 THEN 'ad' WHEN 1 THEN 'notice' ELSE 'filler' END
FROM generate_series(0, 50 * 7 * 23 * 3 * 3 - 1);
INSERT INTO plays (play_id, screen_id, campaign, item, language, media, kind, started_utc_ms,
                   ended_utc_ms, scheduled_ms, shown_ms, status, frames_shown, frames_dropped,
                   impressions, error, key_id)
SELECT printf('%08x-0000-4000-8000-%012x', value / 65536, value),
       'shelter-' || s, 'campaign-' || c, 'ad-' || i,
       CASE l WHEN 0 THEN 'en' WHEN 1 THEN 'es' ELSE 'zh-Hant' END,
       'media/ad-' || i || '.mp4',
       CASE k WHEN 0 THEN 'ad' WHEN 1 THEN 'notice' ELSE 'filler' END,
       t, t + 8000, 8000,
       CASE WHEN value % 97 = 0 THEN 3000 WHEN value % 211 = 0 THEN 0 ELSE 8000 END,
       CASE WHEN value % 1009 = 0 THEN 'interrupted' WHEN value % 211 = 0 THEN 'error'
            WHEN value % 97 = 0 THEN 'partial' ELSE 'complete' END,
       200, 0, 1.2,
       CASE WHEN value % 211 = 0 THEN 'not a decodable video' END,
       1 + s + 50 * (c + 7 * (i + 23 * (l + 3 * k)))
FROM (SELECT value, value % 50 AS s, value % 23 % 7 AS c, value % 23 AS i, value % 3 AS l,
             CASE WHEN value % 23 % 5 = 0 THEN 1 WHEN value % 23 % 11 = 0 THEN 2 ELSE 0 END AS k,
             1772323200000 + (value / 50) * 8000 + (value % 50) * 37 AS t
      FROM generate_series(0, $n - 1));
PRAGMA journal_mode = WAL;
SQL
    mv "$db.tmp" "$db"
    echo "report-bench: made $n plays in $(( ($(now_ms) - t0) / 1000 )) s:" \
        "$(du -h "$db" | cut -f1) ($db)"
fi

# Wall time, and CPU time when /usr/bin/time is there: on a shared machine
# the CPU time is the steadier figure.
run() { # run LABEL ARGS...
    label=$1
    shift
    t0=$(now_ms)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%U %S' -o "$dir/cpu.txt" "$signage" report -c "$dir/empty.cfg" "$@" >"$dir/out.txt"
        cpu=$(awk '{ printf "%.2f s CPU", $1 + $2 }' "$dir/cpu.txt")
    else
        "$signage" report -c "$dir/empty.cfg" "$@" >"$dir/out.txt"
        cpu="CPU not measured"
    fi
    t1=$(now_ms)
    printf 'report-bench: %-50s %6.2f s wall, %s  (%s lines)\n' "$label" \
        "$(awk "BEGIN { print ($t1 - $t0) / 1000 }")" "$cpu" "$(wc -l <"$dir/out.txt")"
}

echo "report-bench: $n plays, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run "default (by day,campaign,item,language), table" --db "$db"
run "default, again" --db "$db"
run "by screen, csv" --db "$db" --by screen --format csv
run "by day,hour, json" --db "$db" --by day,hour --format json
run "html with charts" --db "$db" --format html
run "one day (--from/--to), by campaign" --db "$db" --from 2026-03-05 --to 2026-03-05 --by campaign
run "kind notice, by campaign,language" --db "$db" --kind notice --by campaign,language
if [ "${MERGE:-0}" = 1 ]; then
    cp "$db" "$dir/copy.db"
    run "merge of the ledger with a copy of itself" --db "$db" --db "$dir/copy.db" --by campaign
    rm -f "$dir/copy.db"
fi
