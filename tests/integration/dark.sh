#!/bin/sh
# Dark at night, with the real player headless and the clock moved by
# libfaketime (Debian's faketime) to just before the screen hours open and
# close: while dark nothing plays and nothing is recorded; the off and on
# commands run (one failing, one hanging: killed after 10 s, logged, the
# player goes on); the ledger records the off and on; the status file says
# "off"; `signage report --dark` shows the hours dark per day.
#   dark.sh PATH/TO/signage
set -u
SIGNAGE=$1
DIR=$(mktemp -d /tmp/signage-dark.XXXXXX)
LIB=
for l in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1; do
    [ -f "$l" ] && LIB=$l && break
done
if [ -z "$LIB" ]; then
    echo "SKIPPED dark_hours: libfaketime is not installed (apt-get install faketime)"
    exit 77
fi
fail() {
    echo "FAILED: $*"
    for f in "$DIR"/*.log; do echo "--- $f"; cat "$f"; done
    rm -rf "$DIR"
    exit 1
}
cat >"$DIR/slides.cfg" <<'CFG'
playlist = { name = "dark test"; items = (
  { id = "one"; duration = 1.0; slide = { title = "One"; }; },
  { id = "two"; duration = 1.0; slide = { title = "Two"; }; }
); };
CFG
# $1 = off_command, $2 = on_command
config() {
    cat >"$DIR/player.cfg" <<CFG
playlist = "slides.cfg";
ledger = "var/ledger.db";
timezone = "America/Los_Angeles";
screen = {
  on = ["06:00-23:00"];
  days = ["tue"];
  off_command = "$1";
  on_command = "$2";
};
CFG
}
# $1 = local start time (LA), $2 = seconds, $3 = log
play_at() {
    LD_PRELOAD=$LIB FAKETIME="@$1" FAKETIME_DONT_FAKE_MONOTONIC=1 TZ=America/Los_Angeles \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$SIGNAGE" play --headless --size 320x180 --config "$DIR/player.cfg" --for "$2" \
        >"$DIR/$3" 2>&1 || fail "exit status $? ($3)"
}
q() { sqlite3 "$DIR/var/ledger.db" "$1"; }
# 2026-12-01 is a Tuesday; 06:00 in Los Angeles is 14:00 UTC.
OPEN_MS=1796133600000

# 1. Dark at start, lit at 06:00: the off command runs, then the on command
#    (which fails: tried 3 times, logged, the player plays on); no play
#    before 06:00.
config "echo off >> $DIR/panel" "echo on >> $DIR/panel; exit 3"
play_at "2026-12-01 05:59:46" 18 morning.log
grep -q 'screen hours: the panel goes dark' "$DIR/morning.log" || fail "not dark at 05:59:46"
grep -q 'screen hours: the panel goes on' "$DIR/morning.log" || fail "not lit at 06:00"
grep -q 'screen on: screen.on_command ".*": exited with status 3' "$DIR/morning.log" ||
    fail "the failing on_command is not logged"
[ "$(tr '\n' ' ' <"$DIR/panel")" = "off on on on " ] || fail "panel commands: $(cat "$DIR/panel")"
early=$(q "SELECT count(*) FROM plays WHERE started_utc_ms < $OPEN_MS")
[ "$early" = 0 ] || fail "$early plays recorded while dark"
plays=$(q "SELECT count(*) FROM plays")
[ "$plays" -ge 2 ] || fail "only $plays plays after 06:00"
[ "$(q "SELECT group_concat(state) FROM (SELECT state FROM screen_events ORDER BY utc_ms)")" = "off,on" ] ||
    fail "screen events: $(q 'SELECT * FROM screen_events')"
q "SELECT count(*) FROM screen_events WHERE state = 'on' AND error LIKE '%exited with status 3%'" |
    grep -qx 1 || fail "the on command's failure is not in the ledger"
echo "ok: dark until 06:00, $plays plays after, commands run, events off,on"

# 2. Lit at 22:59:57, dark at 23:00 with an off command that hangs: killed
#    after 10 s, logged; the play on screen ends at 23:00, none starts after.
config "sleep 60" ""
play_at "2026-12-01 22:59:57" 14 night.log
CLOSE_MS=1796198400000 # 23:00 in Los Angeles, 07:00 UTC next day
grep -q 'screen off: screen.off_command "sleep 60": killed after 10 s: still running' \
    "$DIR/night.log" || fail "the hanging off_command is not killed and logged"
late=$(q "SELECT count(*) FROM plays WHERE started_utc_ms >= $CLOSE_MS")
[ "$late" = 0 ] || fail "$late plays started after 23:00"
open=$(q "SELECT count(*) FROM plays WHERE started_utc_ms < $CLOSE_MS AND ended_utc_ms > $CLOSE_MS + 1500")
[ "$open" = 0 ] || fail "a play went on past 23:00"
grep -q '"screen": "off"' "$DIR/var/status.json" || fail "status file: $(cat "$DIR/var/status.json")"
echo "ok: dark at 23:00, the hanging off command killed after 10 s, nothing played after"

# 3. Hours dark per day: the seconds before 06:00 (up to 14 s, less the
#    start-up of a loaded machine: 0.001..0.004 h). The last off, at
#    23:00, has no event after it: it would run until now, but the faked
#    23:00 lies after this machine's real now, so it adds nothing.
out=$("$SIGNAGE" report --db "$DIR/var/ledger.db" --timezone America/Los_Angeles --dark \
    --from 2026-12-01 --to 2026-12-01 --format csv) || fail "report --dark"
echo "$out"
echo "$out" | head -1 | grep -qx 'day,screen,hours_dark' || fail "report --dark heading"
h=$(echo "$out" | awk -F, '$1 == "2026-12-01" { print $3 }')
awk -v h="$h" 'BEGIN { exit !(h >= 0.001 && h < 0.01) }' || fail "hours dark on 2026-12-01: '$h'"
"$SIGNAGE" report --db "$DIR/var/ledger.db" --dark --format html >/dev/null 2>&1 &&
    fail "report --dark --format html accepted"
rm -rf "$DIR"
echo "ok"
