/* Sound and subtitle streams: the ring between the decode thread and the
 * speaker, gain ramps, quiet hours, a clip's tone decoded and resampled,
 * no decoding at all with sound off, a corrupt sound stream that leaves the
 * picture alone, and subtitle streams in MP4 and Matroska. Fixtures:
 * make-fixtures.sh. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "media/audio.h"
#include "media/audio_out.h"
#include "media/source.h"
#include "base/util.h"
#include "media/subtitles.h"
#include "testlib.h"

static void *write_lots(void *arg)
{
    struct audio_ring *r = arg;
    static int16_t frames[2000 * AUDIO_CHANNELS];
    long rc = 0;
    for (int i = 0; i < 10 && rc == 0; i++)
        rc = audio_ring_write(r, frames, 2000, INT64_MIN);
    return (void *)rc;
}

static void test_ring(void)
{
    struct audio_ring r;
    EXPECT_INT(audio_ring_init(&r, 9600), 0);
    static int16_t in[480 * AUDIO_CHANNELS], out[9600 * AUDIO_CHANNELS];
    for (int i = 0; i < 480 * AUDIO_CHANNELS; i++)
        in[i] = (int16_t)(i + 1);
    int64_t t;
    EXPECT_INT(audio_ring_read(&r, out, 100, &t), 0);
    EXPECT_INT(audio_ring_write(&r, in, 480, 5000000), 0); /* 10 ms from 5 s: the start */
    EXPECT_INT(audio_ring_level(&r, NULL), 480);           /* (too late to fill with silence) */
    audio_ring_read(&r, out, 480, &t);
    EXPECT_INT(t, 5000000);
    EXPECT_INT(audio_ring_write(&r, in, 480, 1000000), 0); /* a jump back: follows on */
    EXPECT_INT(audio_ring_write(&r, in, 480, 1010000), 0);
    audio_ring_read(&r, out, 960, &t);
    EXPECT_INT(t, 5010000);
    EXPECT_INT(audio_ring_write(&r, in, 480, 7020000), 0); /* 2 s on: jumped */
    audio_ring_read(&r, out, 480, &t);
    EXPECT_INT(t, 7020000);
    audio_ring_destroy(&r);

    /* Sound 40 ms after the picture: silence before it. */
    EXPECT_INT(audio_ring_init(&r, 9600), 0);
    EXPECT_INT(audio_ring_write(&r, in, 480, 50000), 0);
    EXPECT_INT(audio_ring_level(&r, NULL), 2400 + 480);
    EXPECT_INT(audio_ring_read(&r, out, 9600, &t), 2880);
    EXPECT_INT(t, 0);
    EXPECT_INT(out[0], 0);
    EXPECT_INT(out[2400 * AUDIO_CHANNELS], 1);
    audio_ring_destroy(&r);

    /* Sound a second after the picture: a second of silence first. */
    static int16_t big[60000 * AUDIO_CHANNELS];
    EXPECT_INT(audio_ring_init(&r, 60000), 0);
    EXPECT_INT(audio_ring_write(&r, in, 480, 1000000), 0);
    EXPECT_INT(audio_ring_read(&r, big, 60000, &t), 48480);
    EXPECT_INT(t, 0);
    EXPECT_INT(big[47999 * AUDIO_CHANNELS], 0);
    EXPECT_INT(big[48000 * AUDIO_CHANNELS], 1);
    audio_ring_destroy(&r);

    EXPECT_INT(audio_ring_init(&r, 9600), 0);
    EXPECT_INT(audio_ring_write(&r, in, 480, 0), 0);     /* 10 ms from 0 */
    EXPECT_INT(audio_ring_write(&r, in, 480, 10000), 0); /* follows on */
    EXPECT_INT(audio_ring_level(&r, NULL), 960);
    /* 100 ms later than the end: a hole of silence first. */
    EXPECT_INT(audio_ring_write(&r, in, 480, 120000), 0);
    EXPECT_INT(audio_ring_level(&r, NULL), 960 + 4800 + 480);
    EXPECT_INT(audio_ring_read(&r, out, 500, &t), 500);
    EXPECT_INT(t, 0);
    EXPECT_INT(out[0], 1);
    EXPECT_INT(out[481 * AUDIO_CHANNELS - 1], 2);
    EXPECT_INT(audio_ring_read(&r, out, 9600, &t), 960 + 4800 + 480 - 500);
    EXPECT_INT(t, 500 * 1000000LL / AUDIO_RATE);
    EXPECT_INT(out[460 * AUDIO_CHANNELS], 0); /* the hole */
    EXPECT_INT(out[(460 + 4800) * AUDIO_CHANNELS - 1], 0);
    EXPECT_INT(out[(460 + 4800) * AUDIO_CHANNELS], 1);
    EXPECT_INT(out[(460 + 4800 + 480) * AUDIO_CHANNELS - 1], 480 * AUDIO_CHANNELS);
    bool finished = true;
    audio_ring_level(&r, &finished);
    EXPECT(!finished);
    audio_ring_finish(&r);
    audio_ring_level(&r, &finished);
    EXPECT(finished);
    audio_ring_destroy(&r);

    /* Nobody reading a full ring: after a quarter of a second its oldest
     * sound goes, and the writer goes on. */
    EXPECT_INT(audio_ring_init(&r, 4800), 0);
    int64_t t0 = time_now_us();
    for (int i = 0; i < 11; i++)
        EXPECT_INT(audio_ring_write(&r, in, 480, INT64_MIN), 0);
    EXPECT(time_now_us() - t0 >= 200000);
    EXPECT_INT(r.dropped, 480);
    EXPECT_INT(audio_ring_level(&r, NULL), 4800);
    EXPECT_INT(audio_ring_read(&r, out, 1, &t), 1);
    EXPECT_INT(t, 10000); /* the first 10 ms went */
    audio_ring_destroy(&r);

    /* A writer blocked on a full ring: reading makes room, aborting stops it. */
    EXPECT_INT(audio_ring_init(&r, 4800), 0);
    pthread_t th;
    pthread_create(&th, NULL, write_lots, &r);
    int taken = 0;
    while (taken < 9600) {
        int k = audio_ring_read(&r, out, 4800, &t);
        taken += k;
        if (!k)
            usleep(1000);
    }
    audio_ring_abort(&r);
    void *rc;
    pthread_join(th, &rc);
    EXPECT_INT((long)rc, -1);
    audio_ring_destroy(&r);
}

static void test_gain(void)
{
    int16_t f[8 * AUDIO_CHANNELS];
    for (int i = 0; i < 8 * AUDIO_CHANNELS; i++)
        f[i] = 1000;
    float g = 0;
    audio_apply_gain(f, 8, &g, 1.0f, 0.25f);
    EXPECT_INT(f[0], 250); /* the ramp: no step from silence to full */
    EXPECT_INT(f[AUDIO_CHANNELS], 500);
    EXPECT_INT(f[3 * AUDIO_CHANNELS], 1000);
    EXPECT_INT(f[7 * AUDIO_CHANNELS + 1], 1000);
    EXPECT(g == 1.0f);
    for (int i = 0; i < 8 * AUDIO_CHANNELS; i++)
        f[i] = 1000;
    audio_apply_gain(f, 8, &g, 0.5f, 1.0f);
    EXPECT_INT(f[0], 500);
}

static void test_quiet_hours(void)
{
    struct settings s;
    settings_defaults(&s);
    struct tz_local l = {.hour = 12};
    EXPECT(audio_volume_at(&s, &l) == 0.8);
    char *quiet[] = {"22:00-07:00", "12:30-13:00", NULL};
    char **keep = s.audio_quiet;
    s.audio_quiet = quiet;
    s.audio_quiet_volume = 0.1;
    EXPECT(audio_volume_at(&s, &l) == 0.8);
    l.hour = 23;
    EXPECT(audio_volume_at(&s, &l) == 0.1);
    l.hour = 6, l.minute = 59;
    EXPECT(audio_volume_at(&s, &l) == 0.1);
    l.hour = 7, l.minute = 0;
    EXPECT(audio_volume_at(&s, &l) == 0.8);
    l.hour = 12, l.minute = 45;
    EXPECT(audio_volume_at(&s, &l) == 0.1);
    s.audio_quiet = keep;
    settings_free(&s);
}

/* Plays path to its end, taking pictures and sound as they come. Returns
 * the pictures; the sound goes into *pcm (caller frees), *frames long. */
static int drain(struct source *s, int16_t **pcm, int *frames)
{
    struct extras *x = source_extras(s);
    int n = 0, cap = AUDIO_RATE * 4;
    *pcm = calloc((size_t)cap * AUDIO_CHANNELS, sizeof(int16_t));
    *frames = 0;
    for (;;) {
        AVFrame *f = frame_queue_pop(source_queue(s));
        if (f) {
            n++;
            av_frame_free(&f);
        }
        struct audio_ring *r = extras_sound(x);
        int64_t t;
        int got = r && *frames < cap ? audio_ring_read(r, *pcm + (size_t)*frames * AUDIO_CHANNELS,
                                                       cap - *frames, &t)
                                     : 0;
        *frames += got;
        if (!f && !got) {
            if (frame_queue_drained(source_queue(s), NULL, NULL, 0))
                break;
            usleep(2000);
        }
    }
    struct audio_ring *r = extras_sound(x);
    int64_t t;
    while (r && *frames < cap) { /* what is left after the last picture */
        int got = audio_ring_read(r, *pcm + (size_t)*frames * AUDIO_CHANNELS, cap - *frames, &t);
        if (!got)
            break;
        *frames += got;
    }
    return n;
}

static char *fixture(const char *name)
{
    const char *dir = getenv("SIGNAGE_FIXTURES");
    return xasprintf("%s/%s", dir ? dir : "fixtures", name);
}

static void test_tone(void)
{
    char *path = fixture("tone.mp4");
    struct media_opts mo = {0};
    struct extras_opts xo = {.sound = true, .lang = "en"};
    struct source *s = source_open_extras(path, &mo, 4, &xo);
    int16_t *pcm;
    int frames;
    EXPECT_INT(drain(s, &pcm, &frames), 75);
    /* 3 s of 440 Hz at lavfi's amplitude of 1/8 (4096), mono spread on two
     * speakers at -3 dB each (2896). */
    EXPECT(frames > AUDIO_RATE * 29 / 10 && frames <= AUDIO_RATE * 31 / 10);
    int peak = 0, crossings = 0, unequal = 0;
    for (int i = AUDIO_RATE / 10; i < frames; i++) {
        int v = pcm[i * AUDIO_CHANNELS];
        peak = abs(v) > peak ? abs(v) : peak;
        crossings += (pcm[(i - 1) * AUDIO_CHANNELS] < 0) != (v < 0);
        unequal += pcm[i * AUDIO_CHANNELS + 1] != v;
    }
    EXPECT_INT(unequal, 0); /* mono: the same on both speakers */
    double hz = crossings / 2.0 / ((frames - AUDIO_RATE / 10) / (double)AUDIO_RATE);
    printf("tone: %d frames, peak %d, %.1f Hz\n", frames, peak, hz);
    EXPECT(fabs(hz - 440) < 5);
    EXPECT(peak > 2600 && peak < 3200);
    EXPECT(extras_sound_decoded_us(source_extras(s)) > 2900000);
    source_close(s);
    free(pcm);

    /* Sound off: the stream is not decoded at all. */
    xo.sound = false;
    xo.captions = true;
    s = source_open_extras(path, &mo, 4, &xo);
    EXPECT_INT(drain(s, &pcm, &frames), 75);
    EXPECT_INT(frames, 0);
    EXPECT(extras_sound(source_extras(s)) == NULL);
    EXPECT_INT(extras_sound_decoded_us(source_extras(s)), 0);
    source_close(s);
    free(pcm);

    /* Closed while its decode thread waits for room in the sound ring. */
    xo.sound = true;
    s = source_open_extras(path, &mo, 16, &xo);
    usleep(300000);
    source_close(s);
    free(path);

    /* A sound stream whose packets are corrupt: every picture still comes. */
    path = fixture("bad-audio.mkv");
    s = source_open_extras(path, &mo, 4, &xo);
    EXPECT_INT(drain(s, &pcm, &frames), 75);
    printf("corrupt sound: %d frames came through, broken: %s\n", frames,
           extras_sound(source_extras(s)) ? "no" : "yes");
    source_close(s);
    free(pcm);
    free(path);
}

static void expect_caption(struct extras *x, int64_t t_us, const char *want)
{
    char buf[256] = "";
    bool shows = extras_caption_at(x, t_us, buf, sizeof(buf));
    EXPECT_STR(shows ? buf : "(none)", want);
}

static void test_subtitle_streams(void)
{
    EXPECT(subtitles_lang_matches("eng", "en"));
    EXPECT(subtitles_lang_matches("chi", "zh-Hant"));
    EXPECT(subtitles_lang_matches("zho", "zh-Hans"));
    EXPECT(subtitles_lang_matches("es", "es"));
    EXPECT(!subtitles_lang_matches("spa", "en"));
    EXPECT(!subtitles_lang_matches("und", "en"));
    EXPECT(!subtitles_lang_matches(NULL, "en"));

    const char *files[] = {"subs-movtext.mp4", "subs-srt.mkv"};
    for (int i = 0; i < 2; i++) {
        char *path = fixture(files[i]);
        struct media_opts mo = {0};
        struct extras_opts xo = {.captions = true, .lang = "en"};
        struct source *s = source_open_extras(path, &mo, 4, &xo);
        int16_t *pcm;
        int frames;
        EXPECT_INT(drain(s, &pcm, &frames), 75);
        struct extras *x = source_extras(s);
        expect_caption(x, 400000, "(none)");
        expect_caption(x, 500000, "First words");
        expect_caption(x, 1499000, "First words");
        expect_caption(x, 1600000, "(none)");
        expect_caption(x, 2500000, "Second words");
        expect_caption(x, 2900000, "(none)");
        source_close(s);
        free(pcm);

        /* The item's caption file, when it names one, wins over the stream. */
        char *srt = fixture("subs.srt");
        char *tmp = xasprintf("/tmp/signage-test-captions-%d.srt", (int)getpid());
        FILE *fp = fopen(tmp, "w");
        fputs("1\n00:00:01,000 --> 00:00:02,000\nFrom the file\n", fp);
        fclose(fp);
        xo.captions_file = tmp;
        s = source_open_extras(path, &mo, 4, &xo);
        drain(s, &pcm, &frames);
        expect_caption(source_extras(s), 600000, "(none)");
        expect_caption(source_extras(s), 1200000, "From the file");
        source_close(s);
        free(pcm);
        unlink(tmp);
        free(tmp);
        free(srt);
        free(path);
    }
}

int main(void)
{
    media_log_init(false);
    test_ring();
    test_gain();
    test_quiet_hours();
    test_tone();
    test_subtitle_streams();
    return test_result("test_audio");
}
