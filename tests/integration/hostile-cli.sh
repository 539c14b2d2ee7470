#!/bin/sh
# The real binary against what hostile testing found (issue 16): a closed
# log pipe must not kill the player (defect 5), output lost to a full disk
# is a failure (exit 1, not 0), report arguments that make no range are
# refused (defect 13), and an @include of a FIFO is refused at once
# instead of freezing the player (defect 3).
# With FIXTURES, also: play and schedule agree on a video without a
# duration (defect 2), and 40 slides do not hold back the first picture
# (defect 12).
# Usage: hostile-cli.sh PATH/TO/signage [FIXTURES]
set -u
SIGNAGE=$1
FIX=${2:-}
DIR=$(mktemp -d /tmp/signage-hostile.XXXXXX)
failures=0
fail() {
    echo "FAILED: $*" >&2
    failures=$((failures + 1))
}
cd "$DIR" || exit 1
cat > pl.cfg <<'CFG'
playlist = {
  name = "hostile";
  items = (
    { id = "one"; duration = 0.3; slide = { title = "One"; }; },
    { id = "two"; duration = 0.3; slide = { title = "Two"; }; }
  );
};
CFG
cat > player.cfg <<'CFG'
playlist = "pl.cfg";
timezone = "UTC";
ledger = "ledger.db";
CFG

# 1. SIGPIPE: the log pipe closes after one line; the player plays on to
#    its end (exit 0, not 141) and leaves no row `playing`.
sh -c "'$SIGNAGE' play -c player.cfg --headless --untimed --plays 40 2>&1; echo \$? > rc" | head -1 > /dev/null
sleep 0.2
[ "$(cat rc 2>/dev/null)" = 0 ] || fail "play with a closed log pipe exited $(cat rc 2>/dev/null), not 0"
playing=$(sqlite3 ledger.db "SELECT count(*) FROM plays WHERE status = 'playing'")
[ "$playing" = 0 ] || fail "$playing rows left playing after a closed log pipe"
complete=$(sqlite3 ledger.db "SELECT count(*) FROM plays WHERE status = 'complete'")
[ "$complete" -ge 40 ] || fail "only $complete complete plays after a closed log pipe"

# 2. A full disk: output that was lost is exit 1 with one line.
if [ -w /dev/full ]; then
    "$SIGNAGE" schedule -c player.cfg --from 2026-03-01T00:00 --hours 1 > /dev/full 2> err
    rc=$?
    [ $rc = 1 ] || fail "schedule > /dev/full exited $rc, not 1"
    grep -q "cannot write the output" err || fail "schedule > /dev/full said: $(cat err)"
    "$SIGNAGE" check -c player.cfg pl.cfg > /dev/full 2> err
    rc=$?
    [ $rc = 1 ] || fail "check > /dev/full exited $rc, not 1"
    "$SIGNAGE" report -c player.cfg > /dev/full 2> err
    rc=$?
    [ $rc = 1 ] || fail "report > /dev/full exited $rc, not 1"
fi

# 3. Report dates: an impossible date and --from after --to are usage errors.
"$SIGNAGE" report -c player.cfg --from 2026-02-30 > out 2> err
rc=$?
[ $rc = 2 ] || fail "report --from 2026-02-30 exited $rc, not 2"
"$SIGNAGE" report -c player.cfg --from 2026-03-05 --to 2026-03-01 > out 2> err
rc=$?
[ $rc = 2 ] || fail "report --from after --to exited $rc, not 2"
grep -q "is after --to" err || fail "report --from after --to said: $(cat err)"

# 4. An @include of a FIFO: one line naming the including file and line,
#    at once (the timeout catches a freeze in open()).
mkfifo inc.fifo
cat > inc.cfg <<'CFG'
playlist = {
  name = "include";
@include "inc.fifo"
  items = ( { id = "a"; duration = 1.0; slide = { title = "A"; }; } );
};
CFG
timeout 10 "$SIGNAGE" check -c player.cfg inc.cfg > out 2>&1
rc=$?
[ $rc = 2 ] || fail "check of an @include FIFO exited $rc, not 2"
grep -q 'inc.cfg:3: @include "' out || fail "check of an @include FIFO said: $(cat out)"
grep -q "is a FIFO, not a file" out || fail "check of an @include FIFO said: $(cat out)"

# 5. Relative @include paths resolve from the including file's folder, and
#    a problem inside an included file names that file.
mkdir -p sub
cat > sub/items.cfg <<'CFG'
  items = (
    { id = "a"; duration = 1.0; slide = { title = "A"; }; },
    { id = "b"; duration = -5; slide = { title = "B"; }; }
  );
CFG
cat > sub/main.cfg <<'CFG'
playlist = {
  name = "include";
@include "items.cfg"
};
CFG
"$SIGNAGE" check -c player.cfg sub/main.cfg > out 2>&1
grep -q 'sub/items.cfg:3: item "b": duration' out || fail "a problem in an included file said: $(cat out)"

# 6. A video without `duration`: the player knows its length from the first
#    pick on, as the dry run does, so both start the same way.
if [ -n "$FIX" ]; then
    cp "$FIX/green-2s.mp4" green.mp4
    cat > agree.cfg <<'CFG'
playlist = {
  name = "agree";
  items = (
    { id = "clip"; video = "green.mp4"; },
    { id = "hotline"; duration = 1.0; every = 5; weight = 0.001; slide = { title = "Call"; }; }
  );
};
CFG
    "$SIGNAGE" schedule -c player.cfg agree.cfg --from 2026-03-01T10:00 --hours 0.01 2> /dev/null |
        sed -n '2,7p' | cut -d, -f2 > dry.txt
    "$SIGNAGE" play -c player.cfg agree.cfg --headless --untimed --plays 6 2>&1 |
        sed -n 's/.*play start: \([^ ]*\) .*/\1/p' | head -6 > played.txt
    cmp -s dry.txt played.txt ||
        fail "play and schedule disagree: schedule $(tr '\n' ' ' < dry.txt), play $(tr '\n' ' ' < played.txt)"

    # 7. 40 slides: the first picture comes before they are laid out.
    {
        echo 'playlist = { name = "many"; items = ('
        i=1
        while [ $i -le 40 ]; do
            printf '{ id = "s%d"; duration = 1.0; slide = { title = "Slide %d"; body = "Line one of slide %d and some more words to lay out"; }; },\n' $i $i $i
            i=$((i + 1))
        done
        echo '{ id = "last"; duration = 0.5; slide = { title = "Last"; }; } ); };'
    } > many.cfg
    "$SIGNAGE" play -c player.cfg many.cfg --headless --plays 12 --log-level debug > many.log 2>&1
    first=$(grep -n "first picture on screen" many.log | cut -d: -f1)
    laid=$(grep -n "every slide of the lineup is laid out" many.log | cut -d: -f1)
    [ -n "$first" ] || fail "40 slides: no first picture"
    [ -n "$laid" ] || fail "40 slides: not laid out while 12 plays showed (6 s)"
    [ -z "$laid" ] || [ -z "$first" ] || [ "$first" -lt "$laid" ] ||
        fail "40 slides: laid out before the first picture"
    echo "hostile-cli: 40 slides: $(grep -o 'first picture on screen [0-9]* ms after start' many.log)"
fi

cd /
rm -rf "$DIR"
if [ $failures -gt 0 ]; then
    echo "hostile-cli: $failures failed"
    exit 1
fi
echo "hostile-cli: all passed"
