#!/bin/sh
# End to end, through the real binary: a QR code on a slide and on the notice
# decodes (zbarimg) from a headless screenshot; the notice plays as kind
# "notice"; `signage check` warns about a notice too small for the law and
# not about one large enough.
#   test_qr_notice.sh SIGNAGE_BINARY   (run from the source folder)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAILED: $*"; fail=1; }

# A QR code on a slide, landscape and portrait.
for size in 1920x1080 1080x1920; do
    "$bin" play --headless --size $size --plays 1 --screenshot "$tmp/qr.png" --db "$tmp/ledger.db" \
        --config tests/fixtures/notice-small.cfg --log-level warn tests/fixtures/qr.cfg 2>"$tmp/log" ||
        no "play qr.cfg at $size"
    got=$(zbarimg --quiet --raw "$tmp/qr.png" 2>/dev/null)
    [ "$got" = "sms:233733?body=HELP" ] || no "QR code at $size decodes as '$got'"
done

# The notice in its zone, with its QR code, on a 55-inch screen.
"$bin" play --headless --size 1920x1080 --plays 1 --screenshot "$tmp/zone.png" --db "$tmp/ledger.db" \
    --config tests/fixtures/notice-zone-55.cfg tests/fixtures/qr.cfg 2>"$tmp/log" || no "play zone"
grep -q "play start: notice \[en\] .*, notice" "$tmp/log" || no "zone notice play not started as kind notice"
grep -q "play end: notice \[en\] .*, notice$" "$tmp/log" || no "zone notice play not ended"
got=$(zbarimg --quiet --raw "$tmp/zone.png" 2>/dev/null | sort | tr '\n' ' ')
[ "$got" = "sms:233733?body=HELP sms:233733?body=HELP " ] || no "zone screenshot QR codes: '$got'"

# The physical size check.
"$bin" check --config tests/fixtures/notice-small.cfg tests/fixtures/qr.cfg >"$tmp/small" ||
    no "check on a small screen exits non-zero"
grep -q "^warning: .*under the 8.5 x 11 in California Civil Code section 52.6 requires" "$tmp/small" ||
    { cat "$tmp/small"; no "no size warning on a small screen"; }
"$bin" check --config tests/fixtures/notice-zone-55.cfg tests/fixtures/qr.cfg >"$tmp/big" ||
    no "check on a 55-inch screen"
grep -q "warning: .*under the" "$tmp/big" && { cat "$tmp/big"; no "size warning on a 55-inch screen"; }
# English alone: the law wants Spanish too, and says so.
grep -q "warning: .*requires the notice in \"es\" too" "$tmp/big" ||
    { cat "$tmp/big"; no "no warning that the law requires Spanish"; }
"$bin" check --config tests/fixtures/notice-zone-75-portrait.cfg --size 3840x2160 \
    tests/fixtures/qr.cfg >"$tmp/big" || no "check on a 75-inch screen"
grep -q "warning: .*under the" "$tmp/big" && { cat "$tmp/big"; no "size warning on a 75-inch portrait screen"; }

[ $fail = 0 ] && echo "test_qr_notice: all passed"
exit $fail
