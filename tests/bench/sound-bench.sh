#!/usr/bin/env bash
# Sound benchmark: plays a generated 1080p30 H.264 clip with AAC stereo sound
# headless, in real time, with audio.enabled = false and = true (SDL's disk
# driver writing to /dev/null, so no sound card is needed), alternating
# pairs, and prints the medians: CPU-seconds per second of video for each,
# the CPU cost of sound, frames dropped, and the audio/video offset over the
# clip (the picture on screen against the audio clock, as ffplay's and mpv's
# A-V figure: its maximum should stay under 40 ms). It prints figures; it
# never fails on time (exit 1 only when something could not run).
#
#   tests/bench/sound-bench.sh [--quick] [BUILD_DIR]     --quick: 10 s clip, 1 pair
set -euo pipefail
QUICK=0 BUILD=build
for a in "$@"; do
    case $a in --quick) QUICK=1 ;; *) BUILD=$a ;; esac
done
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SIGNAGE=$ROOT/$BUILD/signage
[ -x "$SIGNAGE" ] || { echo "no $SIGNAGE: build first" >&2; exit 1; }
MEDIA=$ROOT/$BUILD/bench-media
mkdir -p "$MEDIA"
W=$(mktemp -d /tmp/signage-sound-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
PAIRS=3 LEN=30
[ $QUICK = 1 ] && { PAIRS=1; LEN=10; }
CLIP=$MEDIA/s_1080p30_h264_aac_${LEN}s.mp4
if [ ! -s "$CLIP" ]; then
    echo "making $(basename "$CLIP")..." >&2
    ffmpeg -hide_banner -loglevel error -nostdin -y \
        -f lavfi -i "testsrc2=size=1920x1080:rate=30,noise=alls=10:allf=t+u,format=yuv420p" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000,pan=stereo|c0=c0|c1=c0" -t $LEN \
        -c:v libx264 -preset medium -b:v 8M -g 60 -c:a aac -b:a 128k -movflags +faststart \
        -f mp4 "$CLIP.part" && mv "$CLIP.part" "$CLIP"
fi

stat_of() { sed -n "s/.*\"$2\": \\([0-9.-]*\\).*/\\1/p" "$1"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

printf 'playlist = { items = ( { id = "clip"; video = "%s"; } ); };\n' "$CLIP" > "$W/p.cfg"
echo "ledger = \"$W/ledger.db\"; display = { renderer = \"software\"; };" > "$W/off.cfg"
echo "ledger = \"$W/ledger.db\"; display = { renderer = \"software\"; }; audio = { enabled = true; };" > "$W/on.cfg"
run() { # off|on N
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/null "$SIGNAGE" play --headless --size 1920x1080 \
        --plays 1 --config "$W/$1.cfg" --stats "$W/$1-$2.json" "$W/p.cfg" 2> "$W/$1-$2.log" ||
        { echo "player failed:" >&2; tail -5 "$W/$1-$2.log" >&2; exit 1; }
}
for i in $(seq $PAIRS); do
    run off "$i"
    run on "$i"
done

calc() { awk "BEGIN { print $1 }"; }
col() { # MODE KEY: the median of KEY over the runs of MODE
    for i in $(seq $PAIRS); do stat_of "$W/$1-$i.json" "$2"; done | median
}
cpu_off=$(col off cpu_s) cpu_on=$(col on cpu_s)
printf '%s, %d s, %d pair(s), medians:\n' "$(basename "$CLIP")" $LEN $PAIRS
printf '  %-18s %8s %8s\n' "" "off" "on"
printf '  %-18s %8.3f %8.3f\n' "CPU-s per s" "$(calc "$cpu_off / $LEN")" "$(calc "$cpu_on / $LEN")"
printf '  %-18s %8s %8s\n' "frames dropped" "$(col off frames_dropped)" "$(col on frames_dropped)"
printf '  %-18s %8s %8s\n' "sound decoded ms" "$(col off sound_decoded_ms)" "$(col on sound_decoded_ms)"
printf 'cost of sound: %+.3f CPU-s per second of video (x%.3f)\n' \
    "$(calc "($cpu_on - $cpu_off) / $LEN")" "$(calc "$cpu_on / $cpu_off")"
max=$(for i in $(seq $PAIRS); do stat_of "$W/on-$i.json" av_offset_max_ms; done | sort -g | tail -1)
printf 'A/V offset: max %s ms (worst run), mean %s ms (median), over %s frames; target < 40 ms: %s\n' \
    "$max" "$(col on av_offset_mean_ms)" "$(col on av_offset_frames)" \
    "$(awk -v m="$max" 'BEGIN { print (m < 40) ? "met" : "NOT met" }')"
