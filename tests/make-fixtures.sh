#!/bin/sh
# Makes the media the tests play, in DIR (default: fixtures/), with Debian's
# ffmpeg: every codec and still format the player claims, odd sizes and
# pixel formats, and the usual kinds of broken file. Nothing here is
# committed; a stamp file makes a second run free.
set -eu
OUT=${1:-fixtures}
STAMP="$OUT/.made-v5"
[ -f "$STAMP" ] && exit 0
mkdir -p "$OUT"
cd "$OUT"
FF="ffmpeg -hide_banner -loglevel error -nostdin -y"
SRC="testsrc2=size=320x240:rate=25"

# Videos, one second each.
$FF -f lavfi -i "$SRC" -t 1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p h264.mp4
$FF -f lavfi -i "$SRC" -t 1 -c:v libx265 -preset ultrafast -x265-params log-level=error -pix_fmt yuv420p hevc.mkv
$FF -f lavfi -i "$SRC" -t 1 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 300k vp9.webm
$FF -f lavfi -i "$SRC" -t 1 -c:v libvpx -deadline realtime -cpu-used 8 -b:v 300k vp8.webm
SVT_LOG=1 $FF -f lavfi -i "$SRC" -t 1 -c:v libsvtav1 -preset 12 -b:v 300k av1.mp4
$FF -f lavfi -i "$SRC" -t 1 -c:v mpeg4 -q:v 5 mpeg4.avi
$FF -f lavfi -i "$SRC" -t 1 -c:v libx264 -preset ultrafast -f mpegts h264.ts
# Portrait, odd size (4:4:4, where odd sizes are legal), 10-bit, NV12-decoding MJPEG.
$FF -f lavfi -i "testsrc2=size=180x320:rate=25" -t 1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p portrait.mp4
$FF -f lavfi -i "testsrc2=size=320x240:rate=25,scale=321:241" -t 1 -c:v libx264 -preset ultrafast -pix_fmt yuv444p odd-444.mp4
$FF -f lavfi -i "$SRC" -t 1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p10le h264-10bit.mp4
$FF -f lavfi -i "$SRC" -t 1 -c:v mjpeg -q:v 5 mjpeg.avi
# Solid colours, for looking at what is on screen: red 4:3, and a picture
# whose top half is red and bottom half blue (rotation tests).
$FF -f lavfi -i "color=c=red:size=320x240:rate=25" -t 1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p red-4x3.mp4
$FF -f lavfi -i "color=c=red:size=320x120" -f lavfi -i "color=c=blue:size=320x120" \
    -filter_complex "[0][1]vstack" -frames:v 1 red-over-blue.png
$FF -f lavfi -i "color=c=green:size=320x240:rate=25" -t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p green-2s.mp4
# A video with audio: the audio is ignored.
$FF -f lavfi -i "$SRC" -f lavfi -i "sine=frequency=440" -t 1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest with-audio.mp4

# Sound and captions: a 440 Hz tone (lavfi's sine, amplitude 1/8) under a
# test picture; its sound corrupted packet by packet; subtitle streams
# inside MP4 (mov_text) and Matroska (SubRip).
$FF -f lavfi -i "$SRC" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 3 -c:v libx264 \
    -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest tone.mp4
$FF -i tone.mp4 -c copy -bsf:a noise=amount=2 bad-audio.mkv
printf '1\n00:00:00,500 --> 00:00:01,500\nFirst words\n\n2\n00:00:02,000 --> 00:00:02,800\nSecond words\n' > subs.srt
$FF -f lavfi -i "color=c=blue:size=320x240:rate=25" -i subs.srt -t 3 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p -c:s mov_text -metadata:s:s:0 language=eng subs-movtext.mp4
$FF -f lavfi -i "color=c=blue:size=320x240:rate=25" -i subs.srt -t 3 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p -c:s srt -metadata:s:s:0 language=spa subs-srt.mkv

# Stills.
$FF -f lavfi -i "testsrc2=size=640x360" -frames:v 1 still.png
$FF -f lavfi -i "testsrc2=size=640x360" -frames:v 1 -q:v 3 still.jpg
$FF -f lavfi -i "testsrc2=size=640x360" -frames:v 1 still.webp
$FF -f lavfi -i "testsrc2=size=640x360" -frames:v 1 still.bmp
$FF -f lavfi -i "testsrc2=size=640x360" -frames:v 1 still.tiff
$FF -f lavfi -i "testsrc2=size=640x360" -frames:v 1 still.gif
$FF -f lavfi -i "testsrc2=size=4000x3000" -frames:v 1 -q:v 5 big.jpg

# Broken files.
: > empty.mp4
head -c 400 still.png > truncated.png
head -c 3000 h264.mp4 > truncated.mp4
echo "this is not a picture" > text.png
head -c 20000 /dev/urandom > random.mp4
$FF -f lavfi -i "sine=frequency=440" -t 1 -c:a aac audio-only.m4a

touch "$STAMP"
