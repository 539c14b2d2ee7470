/* media: every codec and still format decodes to a format the renderer
 * takes, with increasing timestamps; every kind of broken file is refused
 * with a reason, without crashing or hanging. Fixtures: make-fixtures.sh. */
#include <libavutil/pixfmt.h>
#include <stdlib.h>
#include <string.h>

#include "media/hwdec.h"
#include "media/media.h"
#include "testlib.h"
#include "base/util.h"

static const char *dir;

/* Decodes a whole file; returns the number of pictures, or -1 on error. */
static int decode_all(const char *name, bool still, int max_w, int max_h, int *w, int *h,
                      int *format, char *err, size_t err_size)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct media_opts o = {.still = still, .max_w = max_w, .max_h = max_h, .cover = still};
    struct media *m = media_open(path, &o, err, err_size);
    free(path);
    if (!m)
        return -1;
    int n = 0, ret;
    int64_t last_pts = -1;
    AVFrame *f;
    while ((ret = media_next(m, &f, err, err_size)) == 0) {
        if (f->pts <= last_pts)
            fprintf(stderr, "%s: pts %lld after %lld\n", name, (long long)f->pts,
                    (long long)last_pts);
        EXPECT(f->pts > last_pts);
        last_pts = f->pts;
        *w = f->width;
        *h = f->height;
        *format = f->format;
        av_frame_free(&f);
        n++;
    }
    media_close(m);
    return ret < 0 ? -1 : n;
}

/* The timestamps of a whole file's pictures into pts (at most max), with
 * the decoder made to fail at picture fail_at (0 = never). Returns how many. */
static int decode_pts(const char *name, int fail_at, int64_t *pts, int max)
{
    char err[256];
    char *path = xasprintf("%s/%s", dir, name);
    struct media_opts o = {.fail_at = fail_at};
    struct media *m = media_open(path, &o, err, sizeof(err));
    free(path);
    if (!m)
        return -1;
    int n = 0;
    AVFrame *f;
    while (media_next(m, &f, err, sizeof(err)) == 0) {
        if (n < max)
            pts[n++] = f->pts;
        av_frame_free(&f);
    }
    media_close(m);
    return n;
}

int main(void)
{
    media_log_init(false);
    dir = getenv("SIGNAGE_FIXTURES");
    if (!dir)
        dir = "fixtures";
    char err[256];
    int w = 0, h = 0, fmt = -1;

    static const struct {
        const char *name;
        int w, h;
    } videos[] = {
        {"h264.mp4", 320, 240},       {"hevc.mkv", 320, 240},     {"vp9.webm", 320, 240},
        {"vp8.webm", 320, 240},       {"av1.mp4", 320, 240},      {"mpeg4.avi", 320, 240},
        {"h264.ts", 320, 240},        {"portrait.mp4", 180, 320}, {"odd-444.mp4", 321, 241},
        {"h264-10bit.mp4", 320, 240}, {"mjpeg.avi", 320, 240},    {"with-audio.mp4", 320, 240},
    };
    for (size_t i = 0; i < sizeof(videos) / sizeof(videos[0]); i++) {
        err[0] = '\0';
        int n = decode_all(videos[i].name, false, 0, 0, &w, &h, &fmt, err, sizeof(err));
        if (n < 20)
            fprintf(stderr, "%s: %d pictures (%s)\n", videos[i].name, n, err);
        EXPECT(n >= 20 && n <= 26);
        EXPECT_INT(w, videos[i].w);
        EXPECT_INT(h, videos[i].h);
        EXPECT(fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_NV12);
    }

    static const char *const stills[] = {"still.png", "still.jpg",  "still.webp",
                                         "still.bmp", "still.tiff", "still.gif"};
    for (size_t i = 0; i < sizeof(stills) / sizeof(stills[0]); i++) {
        int n = decode_all(stills[i], true, 1920, 1080, &w, &h, &fmt, err, sizeof(err));
        if (n != 1)
            fprintf(stderr, "%s: %d pictures (%s)\n", stills[i], n, err);
        EXPECT_INT(n, 1);
        EXPECT_INT(w, 640); /* never scaled up */
        EXPECT_INT(h, 360);
        EXPECT_INT(fmt, AV_PIX_FMT_BGRA);
    }

    /* A still larger than the screen is scaled down to cover it, once, on the decode thread. */
    EXPECT_INT(decode_all("big.jpg", true, 1920, 1080, &w, &h, &fmt, err, sizeof(err)), 1);
    EXPECT_INT(w, 1920);
    EXPECT_INT(h, 1440);
    /* A video beyond the renderer's texture limit is scaled to fit in it. */
    EXPECT(decode_all("h264.mp4", false, 160, 160, &w, &h, &fmt, err, sizeof(err)) > 0);
    EXPECT_INT(w, 160);
    EXPECT_INT(h, 120);

    static const struct {
        const char *name;
        const char *reason; /* a part of the reason given */
    } broken[] = {
        {"empty.mp4", ""},
        {"truncated.png", ""},
        {"truncated.mp4", ""},
        {"text.png", ""},
        {"random.mp4", ""},
        {"audio-only.m4a", "no picture in this file (audio only)"},
        {"no-such-file.mp4", "no such file"},
    };
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        err[0] = '\0';
        bool still = strstr(broken[i].name, ".png") != NULL;
        int n = decode_all(broken[i].name, still, 0, 0, &w, &h, &fmt, err, sizeof(err));
        if (n >= 0)
            fprintf(stderr, "%s: decoded %d pictures, expected a refusal\n", broken[i].name, n);
        EXPECT_INT(n, -1);
        EXPECT(err[0] != '\0');
        EXPECT(strstr(err, broken[i].reason) != NULL);
    }

    /* A decoder failing midway (as hardware does) is replaced by software
     * from the picture after the last one given: every picture once, in
     * order, none lost. With B-frames, GOPs of 8 and with one key frame. */
    static const char *const restart[] = {"h264.mp4", "hevc.mkv", "vp9.webm", "h264.ts"};
    for (size_t i = 0; i < sizeof(restart) / sizeof(restart[0]); i++) {
        int64_t clean[64], got[64];
        int n_clean = decode_pts(restart[i], 0, clean, 64);
        for (int fail_at = 1; fail_at <= 17; fail_at += 8) {
            int n = decode_pts(restart[i], fail_at, got, 64);
            if (n != n_clean)
                fprintf(stderr, "%s failing at %d: %d pictures, %d without\n", restart[i], fail_at,
                        n, n_clean);
            EXPECT(n == n_clean && n >= 20);
            EXPECT(n == n_clean && memcmp(got, clean, sizeof(got[0]) * (size_t)n) == 0);
        }
    }

    /* Hardware asked for and not there, or failing to open: software, logged. */
    EXPECT(hwdec_open("none", NULL) == NULL);
    EXPECT(hwdec_open("vaapi", "/dev/dri/renderD199") == NULL);
    EXPECT(hwdec_open("vaapi", "/dev/null") == NULL);
    EXPECT(hwdec_v4l2_decoder(NULL, AV_CODEC_ID_H264) == NULL);
    EXPECT_STR(hwdec_name(hwdec_kind(NULL)), "software");

    /* An abort flag already set stops the open at once. */
    atomic_bool stop;
    atomic_init(&stop, true);
    char *path = xasprintf("%s/h264.mp4", dir);
    struct media_opts o = {.abort = &stop};
    struct media *m = media_open(path, &o, err, sizeof(err));
    EXPECT(m == NULL);
    free(path);
    return test_result("test_media");
}
