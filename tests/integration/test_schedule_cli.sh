#!/bin/sh
# `signage schedule` end to end: the CSV of both DST nights in Los Angeles
# must match tests/schedule/dry-run.expect, and bad input must exit 2 with
# one clear line. Run from tests/. `--update` rewrites the .expect file.
# Usage: test_schedule_cli.sh PATH/TO/signage [--update]
set -u
SIGNAGE=$1
OUT=$(mktemp /tmp/signage-dry-run.XXXXXX)
CFG=schedule/los-angeles-config.cfg
{
    echo "== spring forward"
    "$SIGNAGE" schedule schedule/windows.cfg --config $CFG --from 2026-03-08T01:59 --hours 0.02
    echo "== fall back"
    "$SIGNAGE" schedule schedule/windows.cfg --config $CFG --from 2026-11-01T01:59:30 --hours 0.02
    echo "== a time in the spring-forward gap is moved forward"
    "$SIGNAGE" schedule schedule/windows.cfg --config $CFG --from 2026-03-08T02:30 --hours 0.005
    echo "== bad --from"
    "$SIGNAGE" schedule schedule/windows.cfg --config $CFG --from tomorrow --hours 1 2>&1
    echo "exit $?"
    echo "== bad time zone"
    printf 'timezone = "Mars/Olympus_Mons";\n' > "$OUT.cfg"
    "$SIGNAGE" schedule schedule/windows.cfg --config "$OUT.cfg" > "$OUT.log" 2>&1
    echo "exit $?"
    sed "s|$OUT.cfg|CONFIG|" "$OUT.log"
} > "$OUT" 2>&1
rm -f "$OUT.cfg" "$OUT.log"
if [ "${2:-}" = "--update" ]; then
    cp "$OUT" schedule/dry-run.expect
fi
if ! diff -u schedule/dry-run.expect "$OUT"; then
    echo "FAILED: signage schedule output differs from schedule/dry-run.expect" >&2
    rm -f "$OUT"
    exit 1
fi
rm -f "$OUT"
echo "test_schedule_cli: ok"
