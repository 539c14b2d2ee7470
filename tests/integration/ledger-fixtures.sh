# Sourced by the ledger tests: makes a playlist of short items in $1 (two
# slides, a short video, a broken video) and sets PLAYLIST to it.
make_fixtures() {
    fx=$1
    mkdir -p "$fx"
    if [ ! -f "$fx/short.mp4" ]; then
        ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=320x180:rate=25:duration=0.6 \
            -pix_fmt yuv420p -c:v libx264 -preset ultrafast "$fx/short.mp4" ||
            ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=320x180:rate=25:duration=0.6 \
                "$fx/short.mp4"
    fi
    printf 'this is not a video\n' >"$fx/broken.mp4"
    cat >"$fx/playlist.cfg" <<'CFG'
playlist = {
  name = "ledger test";
  campaign = "ledger-test";
  languages = ["en", "es"];
  items = (
    { id = "slide-a"; duration = 0.4;
      slide = { en = { title = "A"; }; es = { title = "A es"; }; }; },
    { id = "clip"; video = "short.mp4"; },
    { id = "slide-b"; kind = "notice"; duration = 0.3;
      slide = { en = { title = "B"; }; }; },
    { id = "broken"; video = "broken.mp4"; }
  );
};
CFG
    PLAYLIST=$fx/playlist.cfg
}

# A config with the screen's id and an audience, so rows carry impressions.
make_config() {
    cat >"$1" <<'CFG'
screen_id = "test-screen";
audience = { per_hour = 540.0; method = "prorated"; };
CFG
}
