#!/bin/sh
# Makes the demo ads of the bundled default playlist (media/demo/). They are
# committed, so a new user does not need this; run it to change them.
# Needs Debian's ffmpeg (lavfi sources, libx264, drawtext with fontconfig)
# and fonts-noto-core.
set -eu
cd "$(dirname "$0")/demo"
FF="ffmpeg -hide_banner -loglevel error -y"
FONT="font=Noto Sans:fontcolor=white"

# A 8 s landscape ad: moving colour field, two lines of text.
$FF -f lavfi -i "gradients=size=1280x720:rate=25:speed=0.02:c0=0x0b3d91:c1=0x5b2a86:c2=0x0a6e6e:n=3" -t 8 \
    -vf "drawtext=$FONT:fontsize=72:text='You are not alone.':x=(w-tw)/2:y=h/2-110,\
drawtext=$FONT:fontsize=44:text='Call 1-888-373-7888  |  Text 233733':x=(w-tw)/2:y=h/2+10,\
drawtext=$FONT:fontsize=26:text='Demo ad - signage':x=(w-tw)/2:y=h-60,format=yuv420p" \
    -c:v libx264 -preset slow -crf 30 -g 50 -movflags +faststart ad-motion.mp4

# A 6 s portrait ad (1080x1920 shape at 540x960), letterboxed on landscape screens.
$FF -f lavfi -i "gradients=size=540x960:rate=25:speed=0.03:c0=0x7a1f1f:c1=0x0b3d91:n=2" -t 6 \
    -vf "drawtext=$FONT:fontsize=52:text='Help is':x=(w-tw)/2:y=h/2-150,\
drawtext=$FONT:fontsize=52:text='one text away':x=(w-tw)/2:y=h/2-80,\
drawtext=$FONT:fontsize=64:text='233733':x=(w-tw)/2:y=h/2+20,format=yuv420p" \
    -c:v libx264 -preset slow -crf 30 -g 50 -movflags +faststart ad-portrait.mp4

# Posters: one PNG, one JPEG.
$FF -f lavfi -i "color=c=0xf2c14e:size=1280x720" -frames:v 1 \
    -vf "drawtext=font=Noto Sans:fontcolor=0x1d1d1d:fontsize=64:text='Know the signs.':x=(w-tw)/2:y=h/2-100,\
drawtext=font=Noto Sans:fontcolor=0x1d1d1d:fontsize=40:text='Human trafficking happens here too.':x=(w-tw)/2:y=h/2,\
drawtext=font=Noto Sans:fontcolor=0x1d1d1d:fontsize=40:text='1-888-373-7888':x=(w-tw)/2:y=h/2+80" \
    poster-en.png
$FF -f lavfi -i "color=c=0xf2c14e:size=1280x720" -frames:v 1 \
    -vf "drawtext=font=Noto Sans:fontcolor=0x1d1d1d:fontsize=64:text='Conozca las señales.':x=(w-tw)/2:y=h/2-100,\
drawtext=font=Noto Sans:fontcolor=0x1d1d1d:fontsize=40:text='La trata de personas también ocurre aquí.':x=(w-tw)/2:y=h/2,\
drawtext=font=Noto Sans:fontcolor=0x1d1d1d:fontsize=40:text='1-888-373-7888':x=(w-tw)/2:y=h/2+80" \
    -q:v 3 poster-es.jpg
ls -l
