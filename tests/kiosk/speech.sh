#!/bin/sh
# Read aloud through SDL's disk audio driver: the file must hold speech,
# and at volume 0 it must not.
#   speech.sh TEST_SPEAK_BINARY
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(dirname "$0")
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$dir/on.raw" "$bin" 80 || exit 1
python3 "$here/audio_check.py" "$dir/on.raw" 22050 1.5 || exit 1
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$dir/off.raw" "$bin" 0 >/dev/null || exit 1
if python3 "$here/audio_check.py" "$dir/off.raw" 22050 0.2; then
    echo "speech.sh: volume 0 still made sound"
    exit 1
fi
echo "speech.sh: ok"
