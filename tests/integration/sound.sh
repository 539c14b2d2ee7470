#!/usr/bin/env bash
# Sound and captions with the real player, headless: captions from a file
# and from subtitle streams, seen on screenshots at their time and not
# outside it, in Arabic and Chinese too, never over the hotline band; sound
# through SDL's disk driver at the configured volume, silent in quiet
# hours, not decoded at all when off; bad caption files and a corrupt sound
# stream.
#   sound.sh CASE   (CTest sets SIGNAGE, PNG_PROBE, SIGNAGE_FIXTURES; SHOTS_DIR
#                    keeps the screenshots when set)
set -uo pipefail
CASE=$1
: "${SIGNAGE:?}" "${PNG_PROBE:?}" "${SIGNAGE_FIXTURES:?}"
FX=$SIGNAGE_FIXTURES
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/signage-sound.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
unset DISPLAY WAYLAND_DISPLAY
failures=0
fail() { echo "FAIL [$CASE]: $*" >&2; failures=$((failures + 1)); }
expect_log() { # FILE REGEX what
    grep -Eq -- "$2" "$1" || { fail "$3: no line matching /$2/ in $1"; sed 's/^/    | /' "$1" | tail -20 >&2; }
}
keep_shot() { [ -n "${SHOTS_DIR:-}" ] && mkdir -p "$SHOTS_DIR" && cp "$1" "$SHOTS_DIR/$CASE-$1"; }

# caption_pixels FILE: how many light and how many dark pixels a grid over
# the caption's place (the bottom fifth of a 640x360 screen) finds.
caption_pixels() {
    local args=()
    for y in 0.80 0.82 0.84 0.86 0.88 0.90 0.92; do
        for i in $(seq 15 2 85); do args+=("0.$(printf %02d "$i")" "$y"); done
    done
    "$PNG_PROBE" "$1" "${args[@]}" | awk '{ if ($1 > 200 && $2 > 200 && $3 > 200) light++;
        else if ($1 < 70 && $2 < 70 && $3 < 90) dark++ } END { print light + 0, dark + 0 }'
}
# expect_caption FILE yes|no what: white text on a dark band, or neither.
expect_caption() {
    local got light dark
    got=$(caption_pixels "$1") || { fail "$3: cannot read $1"; return; }
    read -r light dark <<< "$got"
    if [ "$2" = yes ]; then
        [ "$light" -ge 3 ] && [ "$dark" -ge 20 ] || fail "$3: no caption on $1 ($light light, $dark dark pixels)"
    else
        [ "$light" = 0 ] && [ "$dark" = 0 ] || fail "$3: a caption on $1 ($light light, $dark dark pixels)"
    fi
}

config() { # FILE SETTINGS...: a player config writing its ledger here
    { echo "ledger = \"$T/ledger.db\";"; for s in "${@:2}"; do echo "$s"; done; } > "$1"
}
playlist() { # FILE LANGS ITEM...
    local f=$1 langs=$2; shift 2
    { echo 'playlist = {'; echo '  name = "test"; campaign = "test";'
      [ -n "$langs" ] && echo "  languages = [$langs];"
      echo '  items = ('
      local first=1
      for it in "$@"; do [ $first = 1 ] || echo ','; first=0; printf '    %s' "$it"; done
      echo; echo '  );'; echo '};'; } > "$f"
}
# shot_at SECONDS NAME ARGS...: untimed (a virtual clock, the same on any
# machine), a screenshot of what is on screen SECONDS into the clip.
shot_at() {
    local s=$1 name=$2; shift 2
    timeout 60 "$SIGNAGE" play --headless --size 640x360 --untimed --for "$s" --screenshot "$name" "$@" 2> log.txt
    rc=$?
    [ $rc = 0 ] || { fail "player exited $rc"; tail -5 log.txt >&2; }
    keep_shot "$name"
}
clip() { # NAME SECONDS: a plain blue clip
    ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "color=c=0x2040a0:size=640x360:rate=25" \
        -t "$2" -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$1"
}
# play_sound ARGS...: plays in real time with SDL's disk driver writing what
# would be heard to out.raw; stderr to log.txt; sets rc.
play_sound() {
    rm -f out.raw
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=out.raw timeout 60 "$SIGNAGE" play --headless \
        --size 640x360 "$@" 2> log.txt
    rc=$?
    [ $rc = 0 ] || { fail "player exited $rc"; tail -5 log.txt >&2; }
}
# raw_stats FILE: peak and frequency of the disk driver's output (48 kHz
# stereo S16) over what is not silence, less its first 0.2 s (AAC's attack
# overshoots the tone), and the seconds written.
raw_stats() {
    python3 - "$1" <<'EOF'
import sys, array
a = array.array('h'); a.frombytes(open(sys.argv[1], 'rb').read())
left = a[0::2]
loud = [i for i, v in enumerate(left) if abs(v) > 200]
if not loud:
    print(max((abs(v) for v in left), default=0), 0, len(left) / 48000.0); sys.exit()
seg = left[loud[0] + 9600:loud[-1]]
peak = max((abs(v) for v in seg), default=0)
cross = sum(1 for i in range(1, len(seg)) if (seg[i - 1] < 0) != (seg[i] < 0))
print(peak, round(cross / 2 / (len(seg) / 48000.0)), round(len(left) / 48000.0, 2))
EOF
}

case $CASE in
captions_file)
    clip c.mp4 4
    printf '1\n00:00:01,000 --> 00:00:02,000\nForced to work?\n\n2\n00:00:03,000 --> 00:00:03,500\nCall 1-888-373-7888\n' > c.srt
    playlist p.cfg "" '{ id = "c"; video = "c.mp4"; captions = "c.srt"; }'
    config cfg.cfg
    shot_at 0.5 before.png --config cfg.cfg p.cfg
    expect_caption before.png no "before its time"
    shot_at 1.5 during.png --config cfg.cfg p.cfg
    expect_caption during.png yes "at its time"
    shot_at 2.5 after.png --config cfg.cfg p.cfg
    expect_caption after.png no "after its time"
    # To the frame (25 per second): not on the picture of 0.96 s, on that of 1.00 s.
    shot_at 0.99 frame-before.png --config cfg.cfg p.cfg
    expect_caption frame-before.png no "on the frame before its start"
    shot_at 1.01 frame-at.png --config cfg.cfg p.cfg
    expect_caption frame-at.png yes "on the frame of its start"
    shot_at 2.01 frame-end.png --config cfg.cfg p.cfg
    expect_caption frame-end.png no "on the frame of its end"
    # show = "never"; and a band: the caption stays above it.
    config never.cfg 'captions = { show = "never"; };'
    shot_at 1.5 never.png --config never.cfg p.cfg
    expect_caption never.png no "show = never"
    playlist band.cfg "" '{ id = "c"; video = "c.mp4"; captions = "c.srt"; }'
    sed -i 's/^  name = "test";/  band = true; name = "test";/' band.cfg
    shot_at 1.5 band.png --config cfg.cfg band.cfg
    # The band's top rows (above its text) and its left margin stay yellow
    # under the caption, and the caption shows just above it.
    got=$("$PNG_PROBE" band.png 0.4 0.937 0.5 0.937 0.6 0.937 0.01 0.97)
    [ "$(echo "$got" | awk '$1 > 230 && $2 > 180 && $2 < 230 && $3 < 40' | wc -l)" = 4 ] ||
        fail "the hotline band is covered: ($got)"
    got=$("$PNG_PROBE" band.png 0.5 0.88)
    [ "$(echo "$got" | awk '$1 < 70 && $2 < 70 && $3 < 90' | wc -l)" = 1 ] ||
        fail "no caption band above the hotline band: ($got)"
    ;;

captions_scripts)
    clip c.mp4 2
    printf '1\n00:00:00,200 --> 00:00:01,800\nهل أنت مجبر على العمل؟\nاتصل بالرقم 1-888-373-7888\n' > ar.srt
    printf 'WEBVTT\n\n00:00.200 --> 00:01.800\n你是否被迫工作而无法离开？请拨打热线电话，二十四小时保密服务。\n' > zh.vtt
    playlist p.cfg '"ar", "zh-Hans"' \
        '{ id = "c"; video = { ar = "c.mp4"; zh-Hans = "c.mp4"; }; captions = { ar = "ar.srt"; zh-Hans = "zh.vtt"; }; }'
    config cfg.cfg
    shot_at 1.0 ar.png --config cfg.cfg p.cfg
    expect_caption ar.png yes "Arabic caption"
    expect_log log.txt 'play start: c \[ar\]' "the Arabic variant plays first"
    # The second play is the Chinese variant: 2 s of clip, then 1 s into the next.
    shot_at 3.0 zh.png --config cfg.cfg p.cfg
    expect_caption zh.png yes "Chinese caption"
    expect_log log.txt 'play start: c \[zh-Hans\]' "the Chinese variant plays second"
    ;;

captions_streams)
    config cfg.cfg
    for f in subs-movtext.mp4 subs-srt.mkv; do
        playlist p.cfg "" "{ id = \"s\"; video = \"$FX/$f\"; }"
        shot_at 1.0 "${f%%.*}-on.png" --config cfg.cfg p.cfg
        expect_caption "${f%%.*}-on.png" yes "$f: its subtitle stream at 1.0 s"
        shot_at 1.75 "${f%%.*}-off.png" --config cfg.cfg p.cfg
        expect_caption "${f%%.*}-off.png" no "$f: between its subtitles"
    done
    ;;

captions_bad)
    clip c.mp4 2
    printf '1\n00:00:01,000 --> 00:00:03,000\na\n\n2\n00:00:02,000 --> 00:00:04,000\nb\n' > overlap.srt
    printf '1\n00:00:05,000 --> 00:00:06,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n' > backward.srt
    printf '1\n00:00:03,000 --> 00:00:02,000\na\n' > inverted.srt
    : > empty.srt
    head -c 2000 "$FX/still.png" > binary.srt
    printf '1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n' > latin1.srt
    playlist p.cfg "" '{ id = "missing"; video = "c.mp4"; captions = "none.srt"; }' \
        '{ id = "overlap"; video = "c.mp4"; captions = "overlap.srt"; }' \
        '{ id = "backward"; video = "c.mp4"; captions = "backward.srt"; }' \
        '{ id = "inverted"; video = "c.mp4"; captions = "inverted.srt"; }' \
        '{ id = "empty"; video = "c.mp4"; captions = "empty.srt"; }' \
        '{ id = "binary"; video = "c.mp4"; captions = "binary.srt"; }' \
        '{ id = "latin1"; video = "c.mp4"; captions = "latin1.srt"; }'
    "$SIGNAGE" check p.cfg > out.txt 2>&1; [ $? = 2 ] || fail "check of bad captions should exit 2"
    expect_log out.txt '^p.cfg:4: item "missing": captions: no such file "none.srt"$' "missing file"
    expect_log out.txt '^p.cfg:5: item "overlap": captions: overlap.srt:6: overlaps the caption above it \(line 2, which ends at 00:00:03,000\)$' "overlap"
    expect_log out.txt '^p.cfg:6: item "backward": captions: backward.srt:6: starts \(00:00:01,000\) before the caption above it \(line 2\): times go backwards$' "backward"
    expect_log out.txt '^p.cfg:7: item "inverted": captions: inverted.srt:2: ends \(00:00:02,000\) before it starts \(00:00:03,000\)$' "inverted"
    expect_log out.txt '^p.cfg:8: item "empty": captions: empty.srt: empty, no captions in it$' "empty"
    expect_log out.txt '^p.cfg:9: item "binary": captions: binary.srt: a binary file, not captions' "binary"
    expect_log out.txt '^p.cfg:10: item "latin1": captions: latin1.srt:3: not UTF-8 text' "not UTF-8"
    [ "$(wc -l < out.txt)" = 7 ] || { fail "expected exactly 7 lines"; cat out.txt >&2; }
    # Playing them: each video plays, without captions, and nothing stops.
    config cfg.cfg
    timeout 60 "$SIGNAGE" play --headless --size 640x360 --untimed --plays 7 --config cfg.cfg p.cfg 2> log.txt
    [ $? = 0 ] || fail "player exited non-zero"
    [ "$(grep -c 'play end: .* complete' log.txt)" = 7 ] || { fail "7 complete plays expected"; tail log.txt >&2; }
    # Each bad file said once, at start, as check says it.
    expect_log log.txt 'error\]: p.cfg:5: item "overlap": captions: overlap.srt:6: overlaps' "the player names a bad file"
    [ "$(grep -c 'captions: ' log.txt)" = 7 ] || { fail "each bad caption file once in the log"; grep captions log.txt >&2; }
    ;;

sound_tone)
    playlist tone.cfg "" "{ id = \"tone\"; video = \"$FX/tone.mp4\"; }"
    # The clip's 440 Hz tone (lavfi's sine: amplitude 1/8, so 4096, and
    # -3 dB on each of two speakers: 2896; 3030 after AAC) at volume 0.5:
    # a peak of ~1500.
    config cfg.cfg 'audio = { enabled = true; volume = 0.5; };'
    play_sound --plays 1 --config cfg.cfg --stats stats.json tone.cfg
    expect_log log.txt 'sound: disk, 48000 Hz' "the disk driver is used"
    read -r peak hz secs <<< "$(raw_stats out.raw)"
    echo "volume 0.5: peak $peak, $hz Hz, $secs s written" >&2
    [ "$hz" -ge 430 ] && [ "$hz" -le 450 ] || fail "the tone is $hz Hz, want 440"
    [ "$peak" -ge 1350 ] && [ "$peak" -le 1650 ] || fail "peak $peak at volume 0.5, want about 1500"
    grep -q '"av_offset_max_ms"' stats.json || fail "no A/V offset in the stats"
    # Full volume: twice as loud.
    config cfg.cfg 'audio = { enabled = true; volume = 1.0; };'
    play_sound --plays 1 --config cfg.cfg tone.cfg
    read -r peak hz secs <<< "$(raw_stats out.raw)"
    echo "volume 1.0: peak $peak, $hz Hz" >&2
    [ "$peak" -ge 2750 ] && [ "$peak" -le 3300 ] || fail "peak $peak at volume 1.0, want about 3000"
    ;;

sound_quiet)
    playlist tone.cfg "" "{ id = \"tone\"; video = \"$FX/tone.mp4\"; }"
    # Quiet all day, muted: the file is silence, and the captions show (when_muted).
    config cfg.cfg 'audio = { enabled = true; volume = 1.0; quiet = ["00:00-24:00"]; quiet_volume = 0.0; };'
    play_sound --plays 1 --config cfg.cfg tone.cfg
    read -r peak hz secs <<< "$(raw_stats out.raw)"
    [ "$peak" = 0 ] || fail "quiet hours: peak $peak, want silence"
    awk -v s="$secs" 'BEGIN { exit !(s >= 2) }' || fail "only $secs s of sound written"
    expect_log log.txt 'sound: volume 0.00 \(quiet hours\)' "quiet hours logged"
    ;;

sound_off)
    playlist tone.cfg "" "{ id = \"tone\"; video = \"$FX/tone.mp4\"; }"
    # Off (the default): no sound device, and the audio stream not decoded.
    config cfg.cfg
    play_sound --plays 1 --config cfg.cfg --stats stats.json tone.cfg
    [ ! -e out.raw ] || fail "sound was played with audio.enabled = false"
    grep -q '"sound_decoded_ms": 0.0' stats.json || { fail "sound was decoded"; cat stats.json >&2; }
    # On: the same clip decodes its 3 s of sound.
    config on.cfg 'audio = { enabled = true; };'
    play_sound --plays 1 --config on.cfg --stats stats.json tone.cfg
    awk '/sound_decoded_ms/ { sub(/.*"sound_decoded_ms": /, ""); exit !($1 + 0 > 2500) }' stats.json ||
        { fail "sound on: not decoded"; cat stats.json >&2; }
    ;;

sound_switch)
    # Two plays of the tone, each cut off mid-sound by its duration: where
    # one sound stops and the next starts, no sample jumps (a click would
    # jump by thousands; the tone itself moves by at most ~180 a sample).
    config cfg.cfg 'audio = { enabled = true; volume = 1.0; };'
    playlist two.cfg "" "{ id = \"a\"; video = \"$FX/tone.mp4\"; duration = 1.3; }" \
        "{ id = \"b\"; video = \"$FX/tone.mp4\"; duration = 1.1; }"
    play_sound --plays 2 --config cfg.cfg two.cfg
    [ "$(grep -c 'play end: .* complete' log.txt)" = 2 ] || fail "two complete plays expected"
    jump=$(python3 -c '
import sys, array
a = array.array("h"); a.frombytes(open(sys.argv[1], "rb").read()); l = a[0::2]
print(max((abs(l[i] - l[i - 1]) for i in range(1, len(l))), default=0))' out.raw)
    echo "largest step between samples: $jump" >&2
    [ "$jump" -le 400 ] || fail "a click: the sound jumps by $jump between two samples"
    ;;

sound_broken)
    playlist bad.cfg "" "{ id = \"bad\"; video = \"$FX/bad-audio.mkv\"; }"
    # A sound stream whose packets are corrupt: logged, and the picture plays to its end.
    config cfg.cfg 'audio = { enabled = true; };'
    play_sound --plays 1 --config cfg.cfg bad.cfg
    expect_log log.txt 'sound: .*do not decode.*the picture goes on' "the broken sound is logged"
    expect_log log.txt 'play end: bad \[en\] complete' "the picture plays to its end"
    ;;

*)
    echo "unknown case $CASE" >&2
    exit 2
    ;;
esac
[ $failures = 0 ] && echo "ok [$CASE]"
exit $((failures > 0))
