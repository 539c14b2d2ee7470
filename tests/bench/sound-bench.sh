#!/usr/bin/env bash
# Sound benchmark: plays generated H.264 clips with AAC stereo sound
# (720p30 and 1080p30) headless, in real time, with audio.enabled = false and
# = true (SDL's disk driver writing to /dev/null, so no sound card is
# needed), in alternating pairs, and prints the medians: CPU-seconds per
# second of video for each, the CPU cost of sound, frames dropped, and the
# audio/video offset over the clip (each presented picture against the audio
# clock, as ffplay's and mpv's A-V figure; target: its maximum under 40 ms).
# The offset only holds while the decoder keeps up with real time: the load
# average is printed beside it. It prints figures; it never fails on time
# (exit 1 only when something could not run).
#
#   tests/bench/sound-bench.sh [--quick] [BUILD_DIR]     --quick: 10 s clips, 1 pair
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
PAIRS=2 LEN=20
[ $QUICK = 1 ] && { PAIRS=1; LEN=10; }

make_clip() { # NAME SIZE BITRATE
    local out=$MEDIA/$1
    [ -s "$out" ] && return
    echo "making $1..." >&2
    ffmpeg -hide_banner -loglevel error -nostdin -y \
        -f lavfi -i "testsrc2=size=$2:rate=30,noise=alls=10:allf=t+u,format=yuv420p" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000,pan=stereo|c0=c0|c1=c0" -t $LEN \
        -c:v libx264 -preset medium -b:v "$3" -g 60 -c:a aac -b:a 128k -movflags +faststart \
        -f mp4 "$out.part" && mv "$out.part" "$out"
}
stat_of() { sed -n "s/.*\"$2\": \\([0-9.-]*\\).*/\\1/p" "$1"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
calc() { awk "BEGIN { print $1 }"; }

echo "ledger = \"$W/ledger.db\"; display = { renderer = \"software\"; };" > "$W/off.cfg"
echo "ledger = \"$W/ledger.db\"; display = { renderer = \"software\"; }; audio = { enabled = true; };" > "$W/on.cfg"

bench() { # CLIP SIZE
    local clip=$MEDIA/$1 size=$2
    printf 'playlist = { items = ( { id = "clip"; video = "%s"; } ); };\n' "$clip" > "$W/p.cfg"
    run() { # off|on N
        SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/null "$SIGNAGE" play --headless --size "$size" \
            --plays 1 --config "$W/$1.cfg" --stats "$W/$1-$2.json" "$W/p.cfg" 2> "$W/$1-$2.log" ||
            { echo "player failed:" >&2; tail -5 "$W/$1-$2.log" >&2; exit 1; }
    }
    local load0 load1
    load0=$(cut -d' ' -f1 /proc/loadavg)
    for i in $(seq $PAIRS); do
        run off "$i"
        run on "$i"
    done
    load1=$(cut -d' ' -f1 /proc/loadavg)
    col() { for i in $(seq $PAIRS); do stat_of "$W/$1-$i.json" "$2"; done | median; }
    worst() { for i in $(seq $PAIRS); do stat_of "$W/on-$i.json" "$1"; done | sort -g | tail -1; }
    local cpu_off cpu_on max
    cpu_off=$(col off cpu_s) cpu_on=$(col on cpu_s)
    printf '%s at %s, %d s, %d pair(s), load average %s -> %s, medians:\n' "$1" "$size" $LEN $PAIRS \
        "$load0" "$load1"
    printf '  %-18s %8s %8s\n' "" "off" "on"
    printf '  %-18s %8.3f %8.3f\n' "CPU-s per s" "$(calc "$cpu_off / $LEN")" "$(calc "$cpu_on / $LEN")"
    printf '  %-18s %8s %8s\n' "frames presented" "$(col off presents)" "$(col on presents)"
    printf '  %-18s %8s %8s\n' "frames dropped" "$(col off frames_dropped)" "$(col on frames_dropped)"
    printf '  %-18s %8s %8s\n' "sound decoded ms" "$(col off sound_decoded_ms)" "$(col on sound_decoded_ms)"
    printf '  cost of sound: %+.3f CPU-s per second of video (x%.3f)\n' \
        "$(calc "($cpu_on - $cpu_off) / $LEN")" "$(calc "$cpu_on / $cpu_off")"
    max=$(worst av_offset_max_ms)
    printf '  A/V offset: max %s ms (worst run), p95 %s ms (worst run), mean %s ms; target max < 40 ms: %s\n' \
        "$max" "$(worst av_offset_p95_ms)" "$(col on av_offset_mean_ms)" \
        "$(awk -v m="$max" 'BEGIN { print (m < 40) ? "met" : "NOT met" }')"
}

make_clip "s_720p30_h264_aac_${LEN}s.mp4" 1280x720 4M
make_clip "s_1080p30_h264_aac_${LEN}s.mp4" 1920x1080 8M
bench "s_720p30_h264_aac_${LEN}s.mp4" 1280x720
bench "s_1080p30_h264_aac_${LEN}s.mp4" 1920x1080
