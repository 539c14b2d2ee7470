#!/usr/bin/env bash
# Emergency alerts end to end: the real player, headless, reading CAP 1.2
# messages (tests/alerts/, written for these tests) from a feed served on
# 127.0.0.1 by tests/alerts/serve.py, or from a folder.
#   alerts.sh CASE     (CTest sets SIGNAGE, PNG_PROBE, SIGNAGE_SOURCE)
set -uo pipefail
CASE=$1
: "${SIGNAGE:?}" "${PNG_PROBE:?}" "${SIGNAGE_SOURCE:?}"
CAP=$SIGNAGE_SOURCE/tests/alerts
T=$(mktemp -d /tmp/signage-alerts-it.XXXXXX)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cd "$T"
unset DISPLAY WAYLAND_DISPLAY
failures=0
command -v sqlite3 >/dev/null || { echo "alerts: the sqlite3 command is needed"; exit 1; }

fail() { echo "FAIL [$CASE]: $*" >&2; failures=$((failures + 1)); }

expect_log() { # FILE REGEX what
    grep -Eq -- "$2" "$1" || { fail "$3: no line matching /$2/ in $1"; sed 's/^/    | /' "$1" | tail -25 >&2; }
}

expect_no_log() { # FILE REGEX what
    ! grep -Eq -- "$2" "$1" || { fail "$3: a line matches /$2/"; grep -E -- "$2" "$1" | sed 's/^/    | /' >&2; }
}

near() { # "r g b" "r g b": within 40 per channel
    local want=($1) got=($2)
    for i in 0 1 2; do
        local d=$((want[i] - got[i]))
        [ ${d#-} -le 40 ] || return 1
    done
}

expect_pixel() { # FILE X Y "R G B" what
    local got
    got=$("$PNG_PROBE" "$1" "$2" "$3") || { fail "$5: cannot read $1"; return; }
    near "$4" "$got" || fail "$5: pixel at ($2,$3) is ($got), want about ($4)"
}

q() { sqlite3 ledger.db "$1"; }

# A two-language slide rotation, and a config reading alerts from $1.
setup() { # FEED [CYCLE] [LANGUAGES]
    local langs=${3:-'"en", "es"'}
    cat > p.cfg <<EOF
playlist = { name = "test"; campaign = "test"; languages = [$langs];
  items = ( { id = "ad"; duration = 1.0;
              slide = { title = "An ad"; }; } ); };
EOF
    cat > player.cfg <<EOF
playlist = "p.cfg";
ledger = "ledger.db";
timezone = "America/Los_Angeles";
alerts = { feed = "$1"; every = 1; cycle = ${2:-2};
           area = { geocodes = ["SAME:006075"]; point = [37.7749, -122.4194]; }; };
EOF
}

play() { # ARGS...: headless, log in log.txt
    timeout 60 "$SIGNAGE" play --config player.cfg --headless --size 960x540 "$@" 2> log.txt
    rc=$?
    [ $rc = 0 ] || { fail "player exited $rc"; tail -20 log.txt >&2; }
}

start_server() { # serves www/ on 127.0.0.1; sets PORT
    mkdir -p www
    python3 "$CAP/serve.py" www port.txt requests.txt &
    server=$!
    for _ in $(seq 100); do [ -s port.txt ] && break; sleep 0.05; done
    PORT=$(cat port.txt) || { fail "the test server did not start"; exit 1; }
}

# atom FILE URL...: an Atom feed whose entries link to CAP messages.
atom() {
    local f=$1; shift
    { echo '<?xml version="1.0" encoding="UTF-8"?>'
      echo '<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:test</id><title>t</title>'
      echo '<updated>2026-01-01T00:00:00Z</updated>'
      for u in "$@"; do
          echo "<entry><id>$u</id><title>x</title><updated>2026-01-01T00:00:00Z</updated>"
          echo "<link rel=\"alternate\" type=\"application/cap+xml\" href=\"$u\"/></entry>"
      done
      echo '</feed>'; } > "$f"
}

alert_plays() { # ITEM [LANG]: complete or partial alert plays of ITEM
    q "SELECT count(*) FROM plays WHERE kind = 'alert' AND item = '$1' ${2:+AND language = '$2'}"
}

case $CASE in
http_feed)
    # In area and shown (both languages); out of area, expired, cancelled,
    # a test: not shown; an update replacing its original.
    start_server
    mkdir -p www/cap
    cp "$CAP"/*.xml www/cap/
    base=http://127.0.0.1:$PORT/cap
    atom www/feed.atom $base/flood-band.xml $base/out-of-area.xml $base/expired.xml \
        $base/test-status.xml $base/cancelled.xml $base/cancel.xml $base/update-original.xml \
        $base/update.xml
    setup "http://127.0.0.1:$PORT/feed.atom" 2
    play --for 9
    expect_log log.txt "alerts: http://127.0.0.1:$PORT/feed.atom: 8 alert messages" "the feed's messages gathered"
    [ "$(alert_plays SIGNAGE-TEST-FLOOD-0001 en)" -ge 1 ] || fail "the flood warning in English was not shown"
    [ "$(alert_plays SIGNAGE-TEST-FLOOD-0001 es)" -ge 1 ] || fail "the flood warning in Spanish was not shown"
    [ "$(alert_plays SIGNAGE-TEST-AMBER-0009)" -ge 1 ] || fail "the update was not shown"
    for id in SIGNAGE-TEST-WIND-0003 SIGNAGE-TEST-HEAT-0004 SIGNAGE-TEST-RMT-0005 \
              SIGNAGE-TEST-HAZMAT-0006 SIGNAGE-TEST-HAZMAT-0007 SIGNAGE-TEST-AMBER-0008; do
        [ "$(alert_plays $id)" = 0 ] || fail "$id was shown"
    done
    # Proof of play: the alert plays carry the sender, the URL, and complete turns.
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'alert' AND status = 'complete' AND
             campaign = 'alerts@example.org' AND media = '$base/flood-band.xml'")" -ge 1 ] ||
        fail "no complete alert play with its sender and URL"
    # A band: the rotation went on below it.
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND status = 'complete'")" -ge 2 ] ||
        fail "the rotation did not go on beside the band"
    "$SIGNAGE" report --db ledger.db --kind alert --by item,language --format csv > report.csv
    grep -q '^SIGNAGE-TEST-FLOOD-0001,es,' report.csv || { fail "report --kind alert"; cat report.csv >&2; }
    grep -q 'SIGNAGE-TEST-WIND-0003' report.csv && fail "report lists an alert not shown"
    # Conditional requests: the feed is asked for every second, sent once;
    # each linked message is fetched once.
    [ "$(grep -c '^GET /feed.atom 304' requests.txt)" -ge 3 ] || { fail "no conditional requests"; cat requests.txt >&2; }
    [ "$(grep -c '^GET /feed.atom 200' requests.txt)" = 1 ] || fail "the feed was sent more than once"
    [ "$(grep -c '^GET /cap/update.xml 200' requests.txt)" = 1 ] || fail "a linked message was fetched again"
    # signage check on the same URL says why each one is not shown.
    "$SIGNAGE" check --config player.cfg "http://127.0.0.1:$PORT/feed.atom" > check.txt
    [ $? = 0 ] || fail "check of a valid feed should exit 0"
    expect_log check.txt "alert SIGNAGE-TEST-WIND-0003 .*not shown: the screen is outside its area \(Sacramento County\)" "check: out of area"
    expect_log check.txt "alert SIGNAGE-TEST-HAZMAT-0006 .*not shown: cancelled by SIGNAGE-TEST-HAZMAT-0007" "check: cancelled"
    expect_log check.txt "alert SIGNAGE-TEST-AMBER-0008 .*not shown: superseded by SIGNAGE-TEST-AMBER-0009" "check: superseded"
    expect_log check.txt "alert SIGNAGE-TEST-RMT-0005 .*not shown: status Test \(show_tests = false\)" "check: test"
    expect_log check.txt "alert SIGNAGE-TEST-HEAT-0004 .*not shown: expired at " "check: expired"
    expect_log check.txt "alert SIGNAGE-TEST-FLOOD-0001 .*shown as a band until .*, in en-US, es-US" "check: shown"
    ;;

cancel_ends_it)
    # A full-screen alert holds the rotation back; its Cancel ends it at once
    # and the rotation resumes.
    start_server
    cp "$CAP/quake-full.xml" www/
    setup "http://127.0.0.1:$PORT/quake-full.xml" 30
    ( sleep 4
      sed -e 's/QUAKE-0002</QUAKE-0003</' -e 's/<msgType>Alert/<msgType>Cancel/' \
          -e 's|<scope>Public</scope>|<scope>Public</scope><references>quakes@example.org,SIGNAGE-TEST-QUAKE-0002,2026-01-01T09:15:00-08:00</references>|' \
          "$CAP/quake-full.xml" > www/cancel.xml
      atom www/next.atom "http://127.0.0.1:$PORT/cancel.xml"
      # The feed now holds the message and its Cancel.
      { sed -n '1,/<\/title>/p' www/next.atom
        echo '<entry><id>q</id><title>q</title><updated>2026-01-01T00:00:00Z</updated><content type="application/cap+xml">'
        sed 1d "$CAP/quake-full.xml"
        echo '</content></entry>'
        sed -n '/<entry>/,$p' www/next.atom; } > www/both.atom
      mv www/both.atom www/quake-full.xml ) &
    changer=$!
    play --for 10 --screenshot after.png
    wait $changer
    expect_log log.txt "alert start: SIGNAGE-TEST-QUAKE-0002 \[en\] full screen" "full screen at once"
    expect_log log.txt "alerts: over: the rotation resumes" "the rotation resumes"
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'alert' AND status = 'partial'")" = 1 ] ||
        fail "the cancelled alert's turn should end partial"
    # Nothing of the rotation played while the alert covered the screen.
    # (An ad may have started before the first fetch on a loaded machine.)
    began=$(q "SELECT started_utc_ms FROM plays WHERE kind = 'alert' AND status = 'partial'")
    ends=$(q "SELECT ended_utc_ms FROM plays WHERE kind = 'alert' AND status = 'partial'")
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND started_utc_ms >= $began AND started_utc_ms < $ends")" = 0 ] ||
        fail "an ad played under the full-screen alert"
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND status = 'complete' AND started_utc_ms > $ends")" -ge 2 ] ||
        fail "the rotation did not resume"
    expect_pixel after.png 0.97 0.5 "11 61 145" "the rotation's slide after the alert"
    ;;

folder_expiry_and_screens)
    # Folder mode; both layouts, one in Spanish and one in English; an alert
    # that expires while on screen (its turn ends complete, a band follows).
    mkdir cap
    cp "$CAP/quake-full.xml" "$CAP/flood-band.xml" cap/
    setup cap 10 '"es"'
    play --for 2 --screenshot full-es.png
    expect_log log.txt "alert start: SIGNAGE-TEST-QUAKE-0002 \[es\] full screen" "the Spanish turn"
    expect_no_log log.txt "play start: ad" "the rotation under a full-screen alert"
    expect_pixel full-es.png 0.97 0.6 "176 0 32" "a full-screen Extreme alert is red"
    expect_pixel full-es.png 0.97 0.02 "17 17 17" "its header strip"
    # Expires 4-5 s from now: after the player's start even on a loaded machine.
    soon=$(date -u -d '+5 seconds' +%Y-%m-%dT%H:%M:%S-00:00)
    sed "s/2099-01-01T00:00:00-08:00/$soon/" "$CAP/quake-full.xml" > cap/quake-full.xml
    setup cap 10 '"en"'
    play --for 8 --screenshot band-en.png
    expect_log log.txt "alert start: SIGNAGE-TEST-QUAKE-0002 \[en\] full screen" "full screen first"
    expect_log log.txt "alert start: SIGNAGE-TEST-FLOOD-0001 \[en\] band" "then the band"
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'alert' AND item = 'SIGNAGE-TEST-QUAKE-0002'
             AND language = 'en' AND status = 'complete' AND shown_ms < 8000")" = 1 ] ||
        fail "the turn that ended at <expires> should be complete"
    ends=$(q "SELECT max(ended_utc_ms) FROM plays WHERE item = 'SIGNAGE-TEST-QUAKE-0002'")
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND started_utc_ms > $ends")" -ge 1 ] ||
        fail "the rotation did not resume beside the band"
    expect_pixel band-en.png 0.97 0.15 "163 59 0" "the band at the top"
    expect_pixel band-en.png 0.97 0.7 "11 61 145" "the rotation below the band"
    [ -n "${SIGNAGE_SCREENSHOTS:-}" ] && cp full-es.png band-en.png "$SIGNAGE_SCREENSHOTS/"
    ;;

hostile)
    # Malformed XML, a billion-laughs file, a 100 MB feed: each refused by
    # name, memory bounded, the rotation plays on, the good message shows.
    start_server
    cp "$CAP/malformed.xml" "$CAP/billion-laughs.xml" "$CAP/flood-band.xml" www/
    base=http://127.0.0.1:$PORT
    atom www/feed.atom $base/malformed.xml $base/billion-laughs.xml $base/huge.atom $base/flood-band.xml
    setup "$base/feed.atom" 2
    play --for 6 --stats stats.json
    expect_log log.txt "alerts: $base/malformed.xml:7: not valid XML: " "malformed XML named"
    expect_log log.txt "alerts: $base/billion-laughs.xml:3: refused: it declares XML entities" "billion laughs refused"
    expect_log log.txt "alerts: $base/huge.atom: .*(larger|limit|size)" "the 100 MB feed refused"
    [ "$(grep -c 'billion-laughs.xml:3: refused' log.txt)" = 1 ] || fail "a refusal should be logged once, not every pass"
    [ "$(alert_plays SIGNAGE-TEST-FLOOD-0001)" -ge 1 ] || fail "the good message beside them was not shown"
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND status = 'complete'")" -ge 3 ] ||
        fail "the rotation did not play on"
    rss=$(sed -n 's/.*"max_rss_kb": \([0-9]*\).*/\1/p' stats.json)
    echo "peak RSS with a 100 MB feed refused: $rss kB"
    [ "$rss" -lt 300000 ] || fail "peak memory $rss kB: the 100 MB feed was not bounded"
    served=$(sed -n 's/^GET \/huge.atom 200 //p' requests.txt | sort -n | tail -1)
    echo "bytes of the 100 MB feed sent before the player hung up: ${served:-none}"
    # The feed itself 100 MB: refused, and the player plays on.
    setup "$base/huge.atom" 2
    play --for 3
    expect_log log.txt "alerts: $base/huge.atom: " "a 100 MB feed refused by name"
    [ "$(q "SELECT count(*) FROM plays WHERE kind = 'ad' AND status = 'complete'")" -ge 4 ] ||
        fail "the rotation stopped"
    # signage check names each refused document and exits 2.
    "$SIGNAGE" check --config player.cfg "$CAP/malformed.xml" "$CAP/billion-laughs.xml" > check.txt
    [ $? = 2 ] || fail "check of refused documents should exit 2"
    expect_log check.txt "malformed.xml:7: not valid XML: Premature end of data" "check: malformed"
    expect_log check.txt "billion-laughs.xml:3: refused: it declares XML entities" "check: entities"
    ;;

*)
    echo "unknown case $CASE" >&2
    exit 2
    ;;
esac

[ $failures = 0 ] && echo "PASS [$CASE]" || exit 1
