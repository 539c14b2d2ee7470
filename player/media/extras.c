#include "media/extras.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "media/subtitles.h"

struct extras {
    bool want_sound, want_captions;
    char *captions_file;
    char *lang;
    struct media_side side;
    /* decode thread only */
    int audio_stream, sub_stream;
    struct subtitle_dec *sub;
    bool file_captions; /* the caption file was read: streams are not used */
    pthread_mutex_t lock;
    /* -- fields below: protected by lock */
    bool aborted;
    struct audio_track *audio; /* set when the file opens; NULL = no sound */
    struct captions captions;
};

static int64_t origin_of(AVFormatContext *fmt, int video)
{
    AVStream *st = fmt->streams[video];
    if (st->start_time != AV_NOPTS_VALUE)
        return av_rescale_q(st->start_time, st->time_base, AV_TIME_BASE_Q);
    return fmt->start_time != AV_NOPTS_VALUE ? fmt->start_time : 0;
}

static void side_open(void *ctx, AVFormatContext *fmt, int video)
{
    struct extras *x = ctx;
    char err[256];
    int64_t origin = origin_of(fmt, video);
    if (x->want_sound) {
        int a = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, video, NULL, 0);
        struct audio_track *t = a >= 0 ? audio_track_open(fmt, a, origin, err, sizeof(err)) : NULL;
        if (a >= 0 && !t)
            log_warn("%s; the picture plays without sound", err);
        if (t) {
            x->audio_stream = a;
            fmt->streams[a]->discard = AVDISCARD_DEFAULT;
            pthread_mutex_lock(&x->lock);
            x->audio = t;
            if (x->aborted)
                audio_ring_abort(audio_track_ring(t));
            pthread_mutex_unlock(&x->lock);
        }
    }
    if (x->want_captions && !x->file_captions) {
        int s = subtitles_pick_stream(fmt, x->lang);
        x->sub = s >= 0 ? subtitle_dec_open(fmt, s, origin, err, sizeof(err)) : NULL;
        if (s >= 0 && !x->sub)
            log_warn("%s; no captions", err);
        if (x->sub) {
            x->sub_stream = s;
            fmt->streams[s]->discard = AVDISCARD_DEFAULT;
        }
    }
}

static void side_packet(void *ctx, const AVPacket *pkt)
{
    struct extras *x = ctx;
    if (pkt->stream_index == x->audio_stream && x->audio) {
        audio_track_packet(x->audio, pkt);
    } else if (pkt->stream_index == x->sub_stream && x->sub) {
        struct caption_cue cue; /* decoded outside the lock the main thread reads under */
        int got = subtitle_dec_packet(x->sub, pkt, &cue);
        pthread_mutex_lock(&x->lock);
        if (got == 1)
            captions_add(&x->captions, cue.start_us, cue.end_us, cue.text);
        else if (got == 2)
            captions_clear_from(&x->captions, cue.start_us);
        pthread_mutex_unlock(&x->lock);
        free(cue.text);
    }
}

static void side_end(void *ctx)
{
    struct extras *x = ctx;
    if (x->audio)
        audio_track_packet(x->audio, NULL);
}

static bool side_hungry(void *ctx)
{
    struct extras *x = ctx;
    return x->audio && audio_track_hungry(x->audio);
}

struct extras *extras_create(const struct extras_opts *o)
{
    if (!o || (!o->sound && !o->captions))
        return NULL;
    struct extras *x = xcalloc(1, sizeof(*x));
    x->want_sound = o->sound;
    x->want_captions = o->captions;
    x->captions_file = xstrdup(o->captions_file);
    x->lang = xstrdup(o->lang ? o->lang : "");
    x->audio_stream = x->sub_stream = -1;
    pthread_mutex_init(&x->lock, NULL);
    x->side = (struct media_side){side_open, side_packet, side_end, side_hungry, x};
    return x;
}

const struct media_side *extras_side(struct extras *x)
{
    return x ? &x->side : NULL;
}

void extras_start(struct extras *x)
{
    if (!x || !x->want_captions || !x->captions_file)
        return;
    struct diag d = {0};
    struct captions c = {0};
    if (captions_load(x->captions_file, NULL, &c, &d) < 0)
        for (int i = 0; i < d.n_lines; i++)
            log_debug("captions: %s", d.lines[i]);
    diag_free(&d);
    x->file_captions = true; /* even a bad file: a stream in another language is no stand-in */
    pthread_mutex_lock(&x->lock);
    captions_free(&x->captions);
    x->captions = c;
    pthread_mutex_unlock(&x->lock);
}

void extras_abort(struct extras *x)
{
    if (!x)
        return;
    pthread_mutex_lock(&x->lock);
    x->aborted = true;
    if (x->audio)
        audio_ring_abort(audio_track_ring(x->audio));
    pthread_mutex_unlock(&x->lock);
}

struct audio_ring *extras_sound(struct extras *x)
{
    if (!x)
        return NULL;
    pthread_mutex_lock(&x->lock);
    struct audio_ring *r =
        x->audio && !audio_track_broken(x->audio) ? audio_track_ring(x->audio) : NULL;
    pthread_mutex_unlock(&x->lock);
    return r;
}

bool extras_caption_at(struct extras *x, int64_t t_us, char *buf, size_t size)
{
    if (!x)
        return false;
    pthread_mutex_lock(&x->lock);
    int i = captions_find(&x->captions, t_us);
    if (i >= 0)
        snprintf(buf, size, "%s", x->captions.cues[i].text);
    pthread_mutex_unlock(&x->lock);
    return i >= 0 && buf[0];
}

int64_t extras_sound_decoded_us(struct extras *x)
{
    if (!x)
        return 0;
    pthread_mutex_lock(&x->lock);
    int64_t us = x->audio ? audio_track_decoded_us(x->audio) : 0;
    pthread_mutex_unlock(&x->lock);
    return us;
}

void extras_free(struct extras *x)
{
    if (!x)
        return;
    audio_track_close(x->audio);
    subtitle_dec_close(x->sub);
    captions_free(&x->captions);
    pthread_mutex_destroy(&x->lock);
    free(x->captions_file);
    free(x->lang);
    free(x);
}
