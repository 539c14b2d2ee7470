#!/usr/bin/env bash
# Integration tests: run the real player headless on generated media and look
# at what it shows (screenshots probed with png_probe) and what it says.
#   player.sh CASE     (CTest sets SIGNAGE, PNG_PROBE, SIGNAGE_FIXTURES, SIGNAGE_SOURCE)
set -uo pipefail
CASE=$1
: "${SIGNAGE:?}" "${PNG_PROBE:?}" "${SIGNAGE_FIXTURES:?}" "${SIGNAGE_SOURCE:?}"
FX=$SIGNAGE_FIXTURES
T=$(mktemp -d /tmp/signage-it.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
# No display here, whatever the environment says, unless a case sets one.
unset DISPLAY WAYLAND_DISPLAY
failures=0

fail() { echo "FAIL [$CASE]: $*" >&2; failures=$((failures + 1)); }

# near R G B "r g b" [tolerance]: true when the colours differ by at most tolerance per channel.
near() {
    local want=($1) got=($2) tol=${3:-40}
    for i in 0 1 2; do
        local d=$((want[i] - got[i]))
        [ ${d#-} -le "$tol" ] || return 1
    done
}

expect_pixel() { # FILE X Y "R G B" what
    local got
    got=$("$PNG_PROBE" "$1" "$2" "$3") || { fail "$5: cannot read $1"; return; }
    near "$4" "$got" || fail "$5: pixel at ($2,$3) is ($got), want about ($4)"
}

expect_log() { # FILE REGEX what
    grep -Eq -- "$2" "$1" || { fail "$3: no line matching /$2/ in $1"; sed 's/^/    | /' "$1" | tail -20 >&2; }
}

stat_of() { # STATS_FILE KEY
    sed -n "s/.*\"$2\": \\([0-9.]*\\).*/\\1/p" "$1"
}

# playlist FILE ITEM... : writes a playlist whose items are given as libconfig groups.
playlist() {
    local f=$1; shift
    { echo 'playlist = {'; echo '  name = "test"; campaign = "test";'; echo '  items = ('
      local first=1
      for it in "$@"; do
          [ $first = 1 ] || echo ','
          first=0
          printf '    %s' "$it"
      done
      echo; echo '  );'; echo '};'; } > "$f"
}

play() { # ARGS... : runs the player headless, stderr to log.txt; sets rc
    timeout 60 "$SIGNAGE" play --headless --size 640x360 "$@" 2> log.txt
    rc=$?
}

case $CASE in
help_and_usage)
    "$SIGNAGE" --help | grep -q "Verbs:" || fail "--help does not list the verbs"
    "$SIGNAGE" play --help | grep -q -- "--screenshot FILE" || fail "play --help lacks --screenshot"
    "$SIGNAGE" check --help | grep -q "PLAYLIST..." || fail "check --help lacks its usage"
    "$SIGNAGE" 2>/dev/null; [ $? = 2 ] || fail "no verb should exit 2"
    "$SIGNAGE" dance 2>err.txt; [ $? = 2 ] || fail "an unknown verb should exit 2"
    grep -q 'unknown verb "dance"' err.txt || fail "unknown verb message"
    "$SIGNAGE" play --size 12x12 2>err.txt; [ $? = 2 ] || fail "--size 12x12 should exit 2"
    grep -q -- '--size: "12x12"' err.txt || fail "--size message"
    "$SIGNAGE" play --for -1 2>/dev/null; [ $? = 2 ] || fail "--for -1 should exit 2"
    "$SIGNAGE" play --plays 1.5 2>/dev/null; [ $? = 2 ] || fail "--plays 1.5 should exit 2"
    "$SIGNAGE" play --config /nonexistent.cfg 2>err.txt; [ $? = 2 ] || fail "a missing config should exit 2"
    grep -q "/nonexistent.cfg: cannot read config file" err.txt || fail "missing config message"
    "$SIGNAGE" check 2>/dev/null; [ $? = 2 ] || fail "check without playlists should exit 2"
    ;;

check_good)
    cp "$FX/h264.mp4" "$FX/still.png" .
    playlist p.cfg '{ id = "v"; video = "h264.mp4"; }' '{ id = "i"; image = "still.png"; duration = 2.0; }' \
        '{ id = "s"; slide = { title = "Hello"; }; duration = 2.0; }'
    "$SIGNAGE" check p.cfg > out.txt 2>&1; [ $? = 0 ] || { fail "check of a good playlist should exit 0"; cat out.txt >&2; }
    grep -q "1 playlist OK" out.txt || fail "check should say OK"
    ;;

check_bad)
    cp "$FX/text.png" "$FX/audio-only.m4a" "$FX/h264.mp4" .
    playlist p.cfg '{ id = "missing"; video = "ads/x.mp4"; }' \
        '{ id = "text"; image = "text.png"; duration = 2.0; }' \
        '{ id = "audio"; video = { en = "audio-only.m4a"; }; }' \
        '{ id = "good"; video = "h264.mp4"; }'
    "$SIGNAGE" check p.cfg > out.txt 2>&1; [ $? = 2 ] || fail "check of a bad playlist should exit 2"
    expect_log out.txt '^p.cfg:4: item "missing": video: no such file "ads/x.mp4"$' "missing file"
    expect_log out.txt '^p.cfg:5: item "text": image: text.png: not a decodable image \(.+\)$' "text file as image"
    expect_log out.txt '^p.cfg:6: item "audio": video.en: audio-only.m4a: not a decodable video \(no picture in this file \(audio only\)\)$' "audio only"
    [ "$(wc -l < out.txt)" = 3 ] || { fail "expected exactly 3 lines"; cat out.txt >&2; }
    # Several playlists: each problem once, a syntax error with its line.
    printf 'playlist = { items = ( { id = "a"; video = ; } ); };\n' > syntax.cfg
    "$SIGNAGE" check p.cfg syntax.cfg > out.txt 2>&1; [ $? = 2 ] || fail "two bad playlists should exit 2"
    expect_log out.txt '^syntax.cfg:1: syntax error$' "syntax error line"
    ;;

play_video_letterbox)
    playlist p.cfg "{ id = \"red\"; video = \"$FX/red-4x3.mp4\"; }"
    # Untimed (a virtual clock) where frames are counted: a loaded machine
    # must not make a test fail by dropping late frames.
    play --untimed --plays 1 --screenshot shot.png --stats stats.json p.cfg
    [ $rc = 0 ] || fail "player exited $rc"
    [ "$("$PNG_PROBE" shot.png size)" = "640 360" ] || fail "screenshot size"
    expect_pixel shot.png 0.5 0.5 "255 0 0" "centre of a red video"
    expect_pixel shot.png 0.02 0.5 "0 0 0" "letterbox bar left of a 4:3 video on 16:9"
    expect_pixel shot.png 0.98 0.5 "0 0 0" "letterbox bar right"
    expect_log log.txt 'play end: red \[en\] complete, [0-9]+ ms, 25 frames, 0 dropped' "25 frames shown"
    [ "$(stat_of stats.json frames_dropped)" = 0 ] || fail "frames were dropped"
    ;;

play_fit_modes)
    playlist fill.cfg "{ id = \"red\"; video = \"$FX/red-4x3.mp4\"; fit = \"fill\"; }"
    play --plays 1 --screenshot fill.png fill.cfg
    expect_pixel fill.png 0.02 0.5 "255 0 0" "fill covers the screen"
    playlist stretch.cfg "{ id = \"rb\"; image = \"$FX/red-over-blue.png\"; duration = 0.5; fit = \"stretch\"; }"
    play --plays 1 --screenshot stretch.png stretch.cfg
    expect_pixel stretch.png 0.02 0.1 "255 0 0" "stretch: top left red"
    expect_pixel stretch.png 0.98 0.9 "0 0 255" "stretch: bottom right blue"
    # Bars are cleared per play: a letterboxed clip after a full-screen one
    # shows black bars, not the previous picture's edges.
    playlist both.cfg "{ id = \"red\"; video = \"$FX/red-4x3.mp4\"; fit = \"fill\"; }" \
        "{ id = \"green\"; video = \"$FX/green-2s.mp4\"; }"
    play --untimed --plays 2 --screenshot both.png both.cfg
    expect_pixel both.png 0.5 0.5 "0 128 0" "the second clip is on screen" 50
    expect_pixel both.png 0.02 0.5 "0 0 0" "its bars are black, not left over"
    ;;

rotations)
    # The picture is turned on the panel by the renderer; the screenshot is
    # turned back, as a viewer of the screen sees it: upright whatever the
    # rotation, portrait for 90 and 270. A slide checks text and fills too.
    playlist p.cfg "{ id = \"rb\"; image = \"$FX/red-over-blue.png\"; duration = 0.5; }" \
        '{ id = "s"; slide = { title = "Up"; background = "#00ff00"; }; duration = 0.3; }'
    for deg in 90 180 270; do
        printf 'display = { rotation = %d; };\n' $deg > rot.cfg
        play --config rot.cfg --plays 1 --screenshot shot.png p.cfg
        [ $rc = 0 ] || fail "rotation $deg: player exited $rc"
        size=$([ $deg = 180 ] && echo "640 360" || echo "360 640")
        [ "$("$PNG_PROBE" shot.png size)" = "$size" ] || fail "rotation $deg: screenshot size $("$PNG_PROBE" shot.png size)"
        expect_pixel shot.png 0.5 0.45 "255 0 0" "rotation $deg: red on top"
        expect_pixel shot.png 0.5 0.55 "0 0 255" "rotation $deg: blue below"
        if [ $deg = 180 ]; then
            expect_pixel shot.png 0.02 0.5 "0 0 0" "rotation $deg: letterbox bar at the side"
        else
            expect_pixel shot.png 0.5 0.02 "0 0 0" "rotation $deg: letterbox bar on top"
        fi
        expect_log log.txt "rotation $deg" "rotation $deg logged"
        play --config rot.cfg --plays 2 --screenshot slide.png p.cfg
        expect_pixel slide.png 0.02 0.02 "0 255 0" "rotation $deg: slide fills the screen"
        expect_pixel slide.png 0.98 0.98 "0 255 0" "rotation $deg: slide fills the screen"
    done
    ;;

rotation_metadata)
    # A phone's video stored sideways or mirrored, with a display matrix
    # saying how to show it (and a photo with an EXIF tag): shown upright.
    # The upright picture is portrait, four colours: red green / blue white.
    FF="ffmpeg -hide_banner -loglevel error -nostdin -y"
    QUAD="color=red:s=90x160[a];color=lime:s=90x160[b];color=blue:s=90x160[c];color=white:s=90x160[d];[a][b]hstack[t];[c][d]hstack[u];[t][u]vstack"
    $FF -f lavfi -i "$QUAD" -frames:v 1 -pix_fmt yuv420p upright.png
    # upright quad_check FILE WHAT [X0 X1]: the four colours where they belong.
    quad_check() {
        local x0=${3:-0.45} x1=${4:-0.55}
        expect_pixel "$1" "$x0" 0.25 "255 0 0" "$2: red top left"
        expect_pixel "$1" "$x1" 0.25 "0 255 0" "$2: green top right"
        expect_pixel "$1" "$x0" 0.75 "0 0 255" "$2: blue bottom left"
        expect_pixel "$1" "$x1" 0.75 "255 255 255" "$2: white bottom right"
    }
    for turn in 0 90 180 270; do
        for mirror in 0 1; do
            # Stored as the inverse: turned back counterclockwise, then mirrored.
            case $turn in 0) vf=null ;; 90) vf=transpose=cclock ;; 180) vf=hflip,vflip ;; 270) vf=transpose=clock ;; esac
            [ $mirror = 1 ] && vf="$vf,hflip"
            $FF -loop 1 -i upright.png -vf "$vf" -frames:v 5 -r 25 -c:v libx264 -preset ultrafast -pix_fmt yuv420p "o$turn$mirror.mp4"
            python3 "$SIGNAGE_SOURCE/tests/integration/orient-media.py" mp4 "o$turn$mirror.mp4" $turn $mirror
            playlist p.cfg "{ id = \"o\"; video = \"o$turn$mirror.mp4\"; }"
            play --untimed --plays 1 --screenshot "o$turn$mirror.png" p.cfg
            [ $rc = 0 ] || fail "turn $turn mirror $mirror: player exited $rc"
            quad_check "o$turn$mirror.png" "turn $turn mirror $mirror"
            if [ $mirror = 0 ]; then # FFmpeg's own autorotation (5.1 ignores mirrors) agrees
                $FF -i "o$turn$mirror.mp4" -frames:v 1 "ff$turn.png"
                quad_check "ff$turn.png" "ffmpeg, turn $turn" 0.25 0.75
            fi
            expect_pixel "o$turn$mirror.png" 0.1 0.5 "0 0 0" "turn $turn mirror $mirror: portrait, bars at the sides"
        done
    done
    # With the screen turned too: a portrait panel shows the clip full screen.
    printf 'display = { rotation = 90; };\n' > rot.cfg
    playlist p.cfg '{ id = "o"; video = "o900.mp4"; }'
    play --config rot.cfg --untimed --plays 1 --screenshot rot.png p.cfg
    [ "$("$PNG_PROBE" rot.png size)" = "360 640" ] || fail "display rotation 90: screenshot size"
    quad_check rot.png "clip turned 90 on a screen turned 90" 0.25 0.75
    # A photo whose EXIF says "turn 90 clockwise" (6) and one "mirror, turn 270" (5).
    $FF -i upright.png -vf transpose=cclock -q:v 2 exif6.jpg
    python3 "$SIGNAGE_SOURCE/tests/integration/orient-media.py" jpeg exif6.jpg 6
    $FF -i upright.png -vf transpose=clock,hflip -q:v 2 exif5.jpg
    python3 "$SIGNAGE_SOURCE/tests/integration/orient-media.py" jpeg exif5.jpg 5
    for v in 6 5; do
        playlist p.cfg "{ id = \"j\"; image = \"exif$v.jpg\"; duration = 0.3; }"
        play --plays 1 --screenshot "exif$v.png" p.cfg
        quad_check "exif$v.png" "EXIF orientation $v"
    done
    ;;

interlaced)
    # Broadcast masters: a white bar moving fast on black, 576i, H.264 top
    # field first in MP4 and MPEG-2 bottom field first in MPEG-TS. Shown
    # unscaled, neighbouring lines must agree (no combing), one picture per
    # picture; the same woven pictures in a file that says it is progressive
    # are left alone (and do comb: the probe sees combing).
    FF="ffmpeg -hide_banner -loglevel error -nostdin -y"
    SRC="color=black:s=720x576:r=50[bg];color=white:s=160x576:r=50[fg];[bg][fg]overlay=x='40+mod(n*12\\,480)':y=0,format=yuv420p"
    $FF -f lavfi -i "$SRC,tinterlace=interleave_top,setfield=tff" -frames:v 12 -c:v libx264 -preset ultrafast \
        -flags +ildct+ilme -x264-params tff=1 i-tff.mp4
    $FF -f lavfi -i "$SRC,tinterlace=interleave_bottom,setfield=bff" -frames:v 12 -c:v mpeg2video -q:v 2 \
        -flags +ildct+ilme -top 0 i-bff.ts
    $FF -i i-tff.mp4 -c:v libx264 -preset ultrafast -x264-params interlaced=0 progressive.mp4
    for f in i-tff.mp4 i-bff.ts progressive.mp4; do
        playlist p.cfg "{ id = \"i\"; video = \"$f\"; }"
        timeout 60 "$SIGNAGE" play --headless --size 720x576 --untimed --plays 1 --screenshot "$f.png" p.cfg 2> log.txt
        [ $? = 0 ] || fail "$f: player exited non-zero"
        expect_log log.txt 'play end: i \[en\] complete, [0-9]+ ms, 12 frames, 0 dropped' "$f: 12 pictures for 12"
        comb=$("$PNG_PROBE" "$f.png" comb)
        if [ $f = progressive.mp4 ]; then
            [ "$comb" -ge 150 ] || fail "$f: a progressive file was filtered (comb $comb, want >= 150)"
        else
            [ "$comb" -le 20 ] || fail "$f: combing left (comb $comb of 255, want <= 20)"
        fi
        expect_pixel "$f.png" 0.02 0.5 "0 0 0" "$f: black background"
    done
    ;;

colour)
    # The colour a file was made with comes back on screen: BT.601 and BT.709
    # matrices, limited and full range, an unstated matrix judged by the
    # height (601 for SD, 709 for HD), shown unscaled and scaled; 10-bit HDR
    # (PQ and HLG) tone-mapped: mid-grey near SDR mid-grey, reference white
    # and the peak near white, not the washed-out 97 / 148 / 191 of HDR
    # shown as SDR.
    FF="ffmpeg -hide_banner -loglevel error -nostdin -y"
    for spec in "bt709 tv 1280x720 bt709" "bt601 tv 640x480 smpte170m" "bt709 pc 1280x720 bt709" \
                "bt601 pc 640x480 smpte170m" "bt601 tv 640x480 unknown" "bt709 tv 1280x720 unknown"; do
        set -- $spec
        tag=$([ "$4" = unknown ] && echo "" || echo "-colorspace $4")
        # Two colours side by side, each where the matrices differ most.
        w=${3%x*} h=${3#*x}
        f="c-$1-$2-$3-$4.mp4"
        $FF -f lavfi -i "color=c=0x28B43C:s=$((w / 2))x$h:r=25[a];color=c=0xC83278:s=$((w / 2))x$h:r=25[b];[a][b]hstack,format=rgb24,scale=out_color_matrix=$1:out_range=$2,format=yuv420p" \
            -frames:v 3 -c:v libx264 -preset ultrafast -qp 0 $tag -color_range $2 "$f"
        playlist p.cfg "{ id = \"c\"; video = \"$f\"; }"
        for size in $3 640x360; do
            timeout 60 "$SIGNAGE" play --headless --size $size --untimed --plays 1 --screenshot c.png p.cfg 2> log.txt
            got=$("$PNG_PROBE" c.png 0.25 0.5)
            near "40 180 60" "$got" 6 || fail "$1 $2 $3 (tagged $4) on $size: ($got), want (40 180 60)"
            got=$("$PNG_PROBE" c.png 0.75 0.5)
            near "200 50 120" "$got" 6 || fail "$1 $2 $3 (tagged $4) on $size: ($got), want (200 50 120)"
        done
    done
    for k in pq hlg; do
        trc=$([ $k = pq ] && echo smpte2084 || echo arib-std-b67)
        python3 "$SIGNAGE_SOURCE/tests/integration/hdr-frames.py" $k 480 270 5 |
            $FF -f rawvideo -pix_fmt yuv420p10le -s 480x270 -r 25 -i - -c:v libx264 -preset ultrafast \
                -profile:v high10 -color_primaries bt2020 -color_trc $trc -colorspace bt2020nc hdr-$k.mp4
        playlist p.cfg "{ id = \"h\"; video = \"hdr-$k.mp4\"; }"
        for size in 480x270 640x360; do
            timeout 60 "$SIGNAGE" play --headless --size $size --untimed --plays 1 --screenshot h.png p.cfg 2> log.txt
            expect_pixel h.png 0.16 0.5 "108 108 108" "$k on $size: mid-grey (26 cd/m2)" 8
            expect_pixel h.png 0.5 0.5 "232 232 232" "$k on $size: reference white (203 cd/m2)" 14
            expect_pixel h.png 0.84 0.5 "255 255 255" "$k on $size: the peak (1000 cd/m2)" 8
        done
    done
    ;;

hwdec_fallback)
    # No GPU here: every hardware mode must fall back to software with one
    # line saying why, and play. (Where a device exists the benchmark runs
    # the hardware path.) A device node that does not exist, and one that
    # exists but is no VA-API device.
    playlist p.cfg "{ id = \"g\"; video = \"$FX/green-2s.mp4\"; }"
    ls /dev/dri/renderD* /dev/video* >/dev/null 2>&1 && echo "note: this machine has a video device; auto may use it"
    for spec in "vaapi:/dev/dri/renderD199:/dev/dri/renderD199: no such device" \
                "vaapi:/dev/null:/dev/null does not open as a VA-API device \\(.+\\)" \
                "none::" "auto::"; do
        IFS=: read -r mode dev want <<< "$spec"
        printf 'display = { hwdec = "%s"; hwdec_device = "%s"; };\n' "$mode" "$dev" > hw.cfg
        play --config hw.cfg --untimed --plays 1 --screenshot hw.png p.cfg
        [ $rc = 0 ] || fail "hwdec $mode $dev: player exited $rc"
        if [ -n "$want" ]; then
            expect_log log.txt "warn\]: hardware decoding \($mode\): $want; decoding in software" "hwdec $mode $dev: the fallback says why"
        fi
        if [ "$mode" = none ] && grep -q "hardware decoding" log.txt; then fail "hwdec none: should say nothing"; fi
        expect_log log.txt 'play end: g \[en\] complete, [0-9]+ ms, 50 frames, 0 dropped' "hwdec $mode: the video plays"
        expect_pixel hw.png 0.5 0.5 "0 128 0" "hwdec $mode: the picture" 50
    done
    if ! ls /dev/video* >/dev/null 2>&1; then
        printf 'display = { hwdec = "v4l2m2m"; };\n' > hw.cfg
        play --config hw.cfg --untimed --plays 1 p.cfg
        expect_log log.txt 'hardware decoding \(v4l2m2m\): no V4L2 device \(/dev/video\*\); decoding in software' "v4l2m2m without a device"
        printf 'display = { hwdec = "auto"; };\n' > hw.cfg
        play --config hw.cfg --untimed --plays 1 p.cfg
        ls /dev/dri/renderD* >/dev/null 2>&1 ||
            expect_log log.txt 'info\]: hardware decoding: none found .*; decoding in software' "auto says it found nothing"
    fi
    printf 'display = { hwdec = "cuda"; };\n' > hw.cfg
    play --config hw.cfg --untimed --plays 1 p.cfg
    [ $rc = 2 ] || fail "hwdec = cuda should be refused (exit 2), got $rc"
    expect_log log.txt 'hw.cfg:1: display.hwdec: ' "an unknown mode names file, line and setting"
    ;;

every_format)
    items=()
    for f in h264.mp4 hevc.mkv vp9.webm vp8.webm av1.mp4 mpeg4.avi h264.ts portrait.mp4 odd-444.mp4 \
             h264-10bit.mp4 mjpeg.avi with-audio.mp4; do
        items+=("{ id = \"${f//./-}\"; video = \"$FX/$f\"; }")
    done
    for f in still.png still.jpg still.webp still.bmp still.tiff still.gif big.jpg; do
        items+=("{ id = \"${f//./-}\"; image = \"$FX/$f\"; duration = 0.3; }")
    done
    playlist p.cfg "${items[@]}"
    play --untimed --plays ${#items[@]} --stats stats.json --screenshot last.png p.cfg
    [ $rc = 0 ] || fail "player exited $rc"
    [ "$(stat_of stats.json plays_ended)" = ${#items[@]} ] || fail "plays ended: $(stat_of stats.json plays_ended) of ${#items[@]}"
    [ "$(stat_of stats.json plays_failed)" = 0 ] || { fail "some files failed"; grep error log.txt >&2; }
    [ "$(grep -c 'complete' log.txt)" = ${#items[@]} ] || { fail "not every play complete"; grep "play end" log.txt >&2; }
    ;;

broken_files_skipped)
    playlist p.cfg "{ id = \"empty\"; video = \"$FX/empty.mp4\"; }" \
        "{ id = \"trunc\"; image = \"$FX/truncated.png\"; duration = 1.0; }" \
        "{ id = \"text\"; image = \"$FX/text.png\"; duration = 1.0; }" \
        "{ id = \"random\"; video = \"$FX/random.mp4\"; }" \
        "{ id = \"audio\"; video = \"$FX/audio-only.m4a\"; }" \
        "{ id = \"missing\"; video = \"nowhere.mp4\"; }" \
        "{ id = \"good\"; video = \"$FX/green-2s.mp4\"; }"
    play --for 5 --screenshot shot.png --stats stats.json p.cfg
    [ $rc = 0 ] || fail "player exited $rc"
    for f in empty.mp4 truncated.png text.png random.mp4; do
        expect_log log.txt "$f: not a decodable (video|image) \(.+\); skipped" "$f refused by name"
    done
    expect_log log.txt 'audio-only.m4a: not a decodable video \(no picture in this file \(audio only\)\)' "audio only"
    expect_log log.txt 'nowhere.mp4: not a decodable video \(no such file\)' "missing file"
    expect_log log.txt 'play start: good' "the good item plays"
    # Several loops, yet each failure is logged once (the ledger keeps every one).
    [ "$(grep -c 'play start: good' log.txt)" -ge 2 ] || fail "expected at least two loops"
    [ "$(grep -c 'empty.mp4: not a decodable' log.txt)" = 1 ] || fail "a failure is logged more than once"
    expect_pixel shot.png 0.5 0.5 "0 128 0" "the good item is on screen" 50
    ;;

nothing_playable_fallback)
    playlist p.cfg "{ id = \"a\"; video = \"$FX/empty.mp4\"; }" "{ id = \"b\"; image = \"$FX/text.png\"; duration = 1.0; }"
    play --for 3 --screenshot shot.png p.cfg
    [ $rc = 0 ] || fail "player exited $rc"
    expect_log log.txt 'play start: hotline-fallback' "the hotline slide is shown"
    expect_pixel shot.png 0.03 0.03 "11 61 145" "hotline slide background, not black" 8
    ;;

no_black_between_items)
    playlist p.cfg "{ id = \"g\"; video = \"$FX/green-2s.mp4\"; }" \
        "{ id = \"r\"; video = \"$FX/red-4x3.mp4\"; }" \
        "{ id = \"s\"; image = \"$FX/still.jpg\"; duration = 0.5; }" \
        '{ id = "t"; slide = { title = "Between"; }; duration = 0.5; }'
    play --untimed --plays 8 --stats stats.json p.cfg
    [ $rc = 0 ] || fail "player exited $rc"
    [ "$(stat_of stats.json blank_presents)" = 0 ] || fail "blank frames were presented"
    [ "$(stat_of stats.json plays_ended)" = 8 ] || fail "plays: $(stat_of stats.json plays_ended)"
    [ "$(stat_of stats.json frames_dropped)" = 0 ] || fail "frames dropped: $(stat_of stats.json frames_dropped)"
    ;;

sigterm_clean_exit)
    playlist p.cfg "{ id = \"g\"; video = \"$FX/green-2s.mp4\"; }"
    timeout 30 "$SIGNAGE" play --headless --size 320x180 --screenshot shot.png p.cfg 2> log.txt &
    pid=$!
    for _ in $(seq 50); do grep -q "first picture" log.txt && break; sleep 0.1; done
    kill -TERM $pid
    wait $pid; rc=$?
    [ $rc = 0 ] || fail "SIGTERM should end cleanly with 0, got $rc"
    expect_log log.txt 'stopping \(signal' "stop logged"
    expect_log log.txt 'play end: g \[en\] (partial|complete)' "the play is closed"
    [ -s shot.png ] || fail "no screenshot at exit"
    ;;

default_playlist)
    cd "$SIGNAGE_SOURCE"
    timeout 60 "$SIGNAGE" play --headless --size 640x360 --config config/player.cfg --db "$T/ledger.db" \
        --untimed --plays 4 --stats "$T/stats.json" --screenshot "$T/shot.png" 2> "$T/log.txt"
    rc=$?
    cd "$T"
    [ $rc = 0 ] || fail "player exited $rc"
    [ "$(stat_of stats.json plays_failed)" = 0 ] || fail "a default item failed"
    expect_log log.txt 'play start: hotline \[en\] slide' "the hotline comes first"
    expect_log log.txt 'play end: demo-ad-portrait' "every default item plays"
    "$SIGNAGE" check --config "$SIGNAGE_SOURCE/config/player.cfg" "$SIGNAGE_SOURCE/playlists/default.cfg" >/dev/null ||
        fail "the default playlist does not pass check"
    ;;

bad_playlist_exit_2)
    playlist p.cfg '{ id = "x"; image = "a.png"; }'
    play --for 1 p.cfg
    [ $rc = 2 ] || fail "a bad playlist should exit 2, got $rc"
    expect_log log.txt 'p.cfg:4: item "x": duration: is required for image items' "file:line message"
    play --for 1 nowhere.cfg
    [ $rc = 2 ] || fail "a missing playlist should exit 2, got $rc"
    expect_log log.txt 'nowhere.cfg: cannot read playlist file' "missing playlist"
    ;;

missing_display)
    playlist p.cfg '{ id = "s"; slide = { title = "x"; }; duration = 1.0; }'
    SDL_VIDEODRIVER=x11 timeout 20 "$SIGNAGE" play --for 1 p.cfg 2> log.txt
    rc=$?
    [ $rc = 1 ] || fail "no display should exit 1, got $rc"
    expect_log log.txt 'no display available .*use --headless' "says to use --headless"
    ;;

*)
    fail "unknown case"
    ;;
esac

if [ $failures -gt 0 ]; then
    echo "$CASE: $failures failed" >&2
    exit 1
fi
echo "$CASE: ok"
