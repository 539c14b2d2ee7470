#!/bin/sh
# The notice's evidence for an inspector, end to end through the real binary:
# a headless player shows a zone notice (its plays carry the text's SHA-256),
# a week of its plays is added to the ledger, and `signage report
# --compliance` must state the law, the text and its hash, the required
# languages against those shown, the minutes per day, the size verdict and
# the proof screenshot; printed to PDF (headless Chromium) it is one page.
# Florida is selectable; a law nobody wrote is refused with file and setting.
#   compliance.sh SIGNAGE_BINARY   (run from the source folder)
set -u
bin=$1
src=$(pwd)
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAILED: $*"; fail=1; }

cat >"$tmp/player.cfg" <<CFG
screen_id = "shelter-12";
ledger = "$tmp/ledger.db";
timezone = "America/Los_Angeles";
display = { width_mm = 1218; height_mm = 685; };
notice = { mode = "zone"; languages = ["en"]; dir = "$src/media/notice"; cycle = 2.0; };
CFG
"$bin" play --headless --config "$tmp/player.cfg" --for 3 --screenshot "$tmp/zone.png" \
    --log-level warn playlists/default.cfg 2>"$tmp/log" || no "play with a zone notice"
want_sha=$(sha256sum media/notice/us-ca/en.txt | cut -d' ' -f1)
got_sha=$(sqlite3 "$tmp/ledger.db" "SELECT media_sha256 FROM plays WHERE item = 'notice' LIMIT 1")
[ "$got_sha" = "$want_sha" ] || no "the notice play records sha '$got_sha', not '$want_sha'"

# A week of the zone notice, one play per 20 s from 2026-11-23 00:00 in Los
# Angeles, every 1000th cut short; and a screenshot taken during one play.
sqlite3 "$tmp/ledger.db" "
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 7 * 4320 - 1)
INSERT INTO plays (play_id, screen_id, campaign, item, language, media, media_sha256, kind,
  started_utc_ms, ended_utc_ms, scheduled_ms, shown_ms, status, key_id)
SELECT lower(hex(randomblob(16))), p.screen_id, p.campaign, p.item, p.language, p.media,
  p.media_sha256, p.kind, 1795420800000 + i * 20000, 1795420800000 + i * 20000 + 20000, 20000,
  CASE WHEN i % 1000 = 999 THEN 12000 ELSE 20000 END,
  CASE WHEN i % 1000 = 999 THEN 'partial' ELSE 'complete' END, p.key_id
FROM n, (SELECT * FROM plays WHERE item = 'notice' LIMIT 1) p;
INSERT INTO screenshots (shot_id, screen_id, play_id, taken_utc_ms, path)
  SELECT lower(hex(randomblob(16))), screen_id, play_id, started_utc_ms + 1000, '$tmp/zone.png' FROM plays
  WHERE started_utc_ms = 1795420800000 + 3 * 86400000;" || no "making a week of plays"

"$bin" report --compliance --config "$tmp/player.cfg" --from 2026-11-23 --to 2026-11-29 \
    --out "$tmp/c.html" 2>"$tmp/err" || { cat "$tmp/err"; no "report --compliance"; }
has() { grep -q -- "$1" "$tmp/c.html" || no "the page lacks: $2"; }
has "Screen</td><td><b>shelter-12" "the screen"
has "California Civil Code section 52.6, as amended by Stats. 2025, ch. 82 (AB 379)" "the law"
has "$want_sha" "the text's SHA-256"
has "media/notice/us-ca/en.txt" "the text file"
has "Source: California Civil Code section 52.6(b)" "the text's source"
has "<td>es</td><td>yes</td><td class=\"no\">NOT SHOWN" "Spanish required and not shown"
has "<td>en</td><td>yes</td><td class=\"ok\">yes" "English shown"
has "meets the minimum" "the size verdict"
has "data:image/png;base64," "the proof screenshot"
days=$(grep -c '<tr><td>2026-11-2[3-9]</td><td class="n">1439\.[0-9]</td>' "$tmp/c.html")
[ "$days" = 7 ] || no "$days days of 1439.x notice minutes, not 7"

if command -v chromium >/dev/null && command -v pdftoppm >/dev/null; then
    "$bin" report --compliance --format pdf --config "$tmp/player.cfg" --from 2026-11-23 \
        --to 2026-11-29 --out "$tmp/c.pdf" 2>"$tmp/err" || { cat "$tmp/err"; no "--format pdf"; }
    pages=$(pdfinfo "$tmp/c.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    [ "$pages" = 1 ] || no "the PDF has ${pages:-no} pages, not 1"
    pdftoppm -r 40 -png "$tmp/c.pdf" "$tmp/page" && [ -s "$tmp/page-1.png" ] ||
        no "pdftoppm made no picture of the PDF"
else
    echo "skipped: the PDF check (chromium or pdftoppm missing)"
fi

# Florida: its own law and text; a law nobody wrote; a format that is no page.
sed 's/mode = "zone";/mode = "zone"; law = "us-fl";/' "$tmp/player.cfg" >"$tmp/fl.cfg"
"$bin" check --config "$tmp/fl.cfg" playlists/default.cfg >"$tmp/fl" 2>&1 ||
    { cat "$tmp/fl"; no "check under Florida's law"; }
grep -q 'Florida Statutes section 787.29 requires the notice in "es" too' "$tmp/fl" ||
    { cat "$tmp/fl"; no "Florida's Spanish requirement not stated"; }
"$bin" report --compliance --config "$tmp/fl.cfg" --out "$tmp/fl.html" 2>/dev/null &&
    grep -q "Florida Statutes section 787.29" "$tmp/fl.html" || no "compliance page under Florida"
sed 's/mode = "zone";/mode = "zone"; law = "us-zz";/' "$tmp/player.cfg" >"$tmp/zz.cfg"
"$bin" report --compliance --config "$tmp/zz.cfg" >/dev/null 2>"$tmp/err"
[ $? = 2 ] || no "an unknown law does not exit 2"
grep -q "zz.cfg: notice.law: \"us-zz\": no law file" "$tmp/err" ||
    { cat "$tmp/err"; no "an unknown law is not named with its file and setting"; }
"$bin" report --compliance --format csv --config "$tmp/player.cfg" >/dev/null 2>&1
[ $? = 2 ] || no "--compliance --format csv is not refused"
"$bin" report --format pdf --out "$tmp/x.pdf" --config "$tmp/player.cfg" >/dev/null 2>&1
[ $? = 2 ] || no "--format pdf without --compliance is not refused"

[ $fail = 0 ] && echo "compliance: all passed"
exit $fail
