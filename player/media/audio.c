#include "media/audio.h"

#include <libavutil/channel_layout.h>
#include <errno.h>
#include <libswresample/swresample.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"
#include "config/when.h"
#include "media/demux.h"

#define MAX_BAD_PACKETS 32    /* undecodable packets in a row before the track is given up */
#define GAP_US          40000 /* a hole in the timestamps larger than this is filled with silence */
#define MAX_GAP_US      1000000 /* a larger hole is jumped: its silence would not fit the ring */
#define FULL_WAIT_MS    250     /* a full ring nobody reads from this long drops its oldest sound */

/* ---- the ring ---- */

int audio_ring_init(struct audio_ring *r, int capacity_frames)
{
    memset(r, 0, sizeof(*r));
    r->capacity = capacity_frames;
    r->buf = calloc((size_t)capacity_frames * AUDIO_CHANNELS, sizeof(int16_t));
    if (!r->buf)
        return -1;
    r->read_us = INT64_MIN;
    pthread_mutex_init(&r->lock, NULL);
    cond_init_monotonic(&r->cond);
    return 0;
}

void audio_ring_destroy(struct audio_ring *r)
{
    if (!r->buf)
        return;
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    free(r->buf);
    r->buf = NULL;
}

static int64_t frames_us(int64_t frames)
{
    return frames * 1000000 / AUDIO_RATE;
}

/* Waits, r->lock held, until the ring has room or is aborted. Nobody
 * reading for FULL_WAIT_MS (the play is not on screen yet and the file
 * holds much more sound than picture ahead, or the device stopped): the
 * oldest frames make room, so that the picture never waits on the sound. */
static void wait_room(struct audio_ring *r)
{
    struct timespec until;
    cond_deadline_in(FULL_WAIT_MS * 1000LL, &until);
    while (r->size == r->capacity && !r->aborted)
        if (pthread_cond_timedwait(&r->cond, &r->lock, &until) == ETIMEDOUT)
            break;
    if (r->size == r->capacity && !r->aborted) {
        int drop = r->capacity / 10;
        r->rpos = (r->rpos + drop) % r->capacity;
        r->size -= drop;
        r->read_us += frames_us(drop);
        r->dropped += drop;
    }
}

/* Copies n frames (NULL: silence) in at the write end; r->lock held, room checked. */
static void ring_put(struct audio_ring *r, const int16_t *frames, int n)
{
    int wpos = (r->rpos + r->size) % r->capacity;
    int first = n < r->capacity - wpos ? n : r->capacity - wpos;
    size_t fb = AUDIO_CHANNELS * sizeof(int16_t);
    if (frames) {
        memcpy(r->buf + (size_t)wpos * AUDIO_CHANNELS, frames, (size_t)first * fb);
        memcpy(r->buf, frames + (size_t)first * AUDIO_CHANNELS, (size_t)(n - first) * fb);
    } else {
        memset(r->buf + (size_t)wpos * AUDIO_CHANNELS, 0, (size_t)first * fb);
        memset(r->buf, 0, (size_t)(n - first) * fb);
    }
    r->size += n;
    r->written_us += frames_us(n);
}

int audio_ring_write(struct audio_ring *r, const int16_t *frames, int n, int64_t t_us)
{
    pthread_mutex_lock(&r->lock);
    if (r->read_us == INT64_MIN) {
        /* Sound that starts a little after the picture starts with silence. */
        int64_t t0 = t_us == INT64_MIN ? 0 : t_us;
        r->read_us = r->written_us = t0 > 0 && t0 <= MAX_GAP_US ? 0 : t0;
    }
    if (t_us != INT64_MIN && t_us - r->written_us > MAX_GAP_US) {
        r->written_us = t_us;
        if (r->size == 0)
            r->read_us = t_us;
    } else if (t_us != INT64_MIN && t_us - r->written_us > GAP_US) {
        int64_t silence = (t_us - r->written_us) * AUDIO_RATE / 1000000;
        while (silence > 0 && !r->aborted) {
            wait_room(r);
            int room = r->capacity - r->size;
            int k = silence < room ? (int)silence : room;
            if (!r->aborted)
                ring_put(r, NULL, k);
            silence -= k;
        }
    }
    while (n > 0 && !r->aborted) {
        wait_room(r);
        if (r->aborted)
            break;
        int room = r->capacity - r->size;
        int k = n < room ? n : room;
        ring_put(r, frames, k);
        frames += (size_t)k * AUDIO_CHANNELS;
        n -= k;
    }
    int rc = r->aborted ? -1 : 0;
    pthread_mutex_unlock(&r->lock);
    return rc;
}

void audio_ring_finish(struct audio_ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->finished = true;
    pthread_mutex_unlock(&r->lock);
}

void audio_ring_abort(struct audio_ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->aborted = true;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

int audio_ring_read(struct audio_ring *r, int16_t *out, int n, int64_t *t_us)
{
    pthread_mutex_lock(&r->lock);
    int k = n < r->size ? n : r->size;
    *t_us = r->read_us;
    int first = k < r->capacity - r->rpos ? k : r->capacity - r->rpos;
    size_t fb = AUDIO_CHANNELS * sizeof(int16_t);
    memcpy(out, r->buf + (size_t)r->rpos * AUDIO_CHANNELS, (size_t)first * fb);
    memcpy(out + (size_t)first * AUDIO_CHANNELS, r->buf, (size_t)(k - first) * fb);
    r->rpos = (r->rpos + k) % r->capacity;
    r->size -= k;
    if (k > 0) {
        r->read_us += frames_us(k);
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
    return k;
}

int audio_ring_level(struct audio_ring *r, bool *finished)
{
    pthread_mutex_lock(&r->lock);
    int n = r->size;
    if (finished)
        *finished = r->finished;
    pthread_mutex_unlock(&r->lock);
    return n;
}

/* ---- decoding ---- */

struct audio_track {
    AVCodecContext *dec;
    SwrContext *swr;
    AVFrame *frame;
    AVStream *st;
    int64_t origin_us;
    int in_rate, in_format; /* what swr was set up for */
    AVChannelLayout in_layout;
    int16_t *out; /* resampled frames */
    int out_cap;
    int bad_in_row;
    atomic_bool broken;
    atomic_llong decoded_us;
    struct audio_ring ring;
};

struct audio_track *audio_track_open(AVFormatContext *fmt, int stream, int64_t origin_us, char *err,
                                     size_t err_size)
{
    AVCodecContext *dec = demux_open_decoder(fmt->streams[stream], "sound", err, err_size);
    if (!dec)
        return NULL;
    struct audio_track *t = xcalloc(1, sizeof(*t));
    t->dec = dec;
    t->st = fmt->streams[stream];
    t->origin_us = origin_us;
    atomic_init(&t->broken, false);
    atomic_init(&t->decoded_us, 0);
    t->frame = av_frame_alloc();
    if (!t->frame || audio_ring_init(&t->ring, AUDIO_RATE / 1000 * AUDIO_RING_MS) < 0) {
        snprintf(err, err_size, "out of memory");
        audio_track_close(t);
        return NULL;
    }
    return t;
}

/* (Re)creates the resampler for the frame's format. Returns 0 or -1. */
static int setup_resampler(struct audio_track *t, const AVFrame *f)
{
    if (t->swr && f->sample_rate == t->in_rate && f->format == t->in_format &&
        av_channel_layout_compare(&f->ch_layout, &t->in_layout) == 0)
        return 0;
    swr_free(&t->swr);
    av_channel_layout_uninit(&t->in_layout);
    AVChannelLayout in = {0};
    if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || !av_channel_layout_check(&f->ch_layout))
        av_channel_layout_default(&in, f->ch_layout.nb_channels > 0 ? f->ch_layout.nb_channels : 1);
    else if (av_channel_layout_copy(&in, &f->ch_layout) < 0)
        return -1;
    AVChannelLayout out = AV_CHANNEL_LAYOUT_STEREO;
    int ret = swr_alloc_set_opts2(&t->swr, &out, AV_SAMPLE_FMT_S16, AUDIO_RATE, &in, f->format,
                                  f->sample_rate, 0, NULL);
    if (ret < 0 || swr_init(t->swr) < 0) {
        av_channel_layout_uninit(&in);
        swr_free(&t->swr);
        return -1;
    }
    t->in_rate = f->sample_rate;
    t->in_format = f->format;
    av_channel_layout_copy(&t->in_layout, &f->ch_layout);
    av_channel_layout_uninit(&in);
    return 0;
}

/* Resamples t->frame into the ring. Returns 0, or -1 when aborted or broken. */
static int put_frame(struct audio_track *t)
{
    AVFrame *f = t->frame;
    if (setup_resampler(t, f) < 0) {
        log_warn("sound: cannot convert %d Hz %s sound; played without sound", f->sample_rate,
                 av_get_sample_fmt_name(f->format) ? av_get_sample_fmt_name(f->format) : "?");
        atomic_store(&t->broken, true);
        return -1;
    }
    int need = swr_get_out_samples(t->swr, f->nb_samples);
    if (need > t->out_cap) {
        t->out_cap = need;
        t->out = xrealloc(t->out, (size_t)need * AUDIO_CHANNELS * sizeof(int16_t));
    }
    uint8_t *outp = (uint8_t *)t->out;
    int n =
        swr_convert(t->swr, &outp, t->out_cap, (const uint8_t **)f->extended_data, f->nb_samples);
    if (n <= 0)
        return 0;
    int64_t ts = f->best_effort_timestamp;
    int64_t at = INT64_MIN;
    if (ts != AV_NOPTS_VALUE)
        at = av_rescale_q(ts, t->st->time_base, AV_TIME_BASE_Q) - t->origin_us;
    atomic_fetch_add(&t->decoded_us, (long long)n * 1000000 / AUDIO_RATE);
    return audio_ring_write(&t->ring, t->out, n, at);
}

int audio_track_packet(struct audio_track *t, const AVPacket *pkt)
{
    if (atomic_load(&t->broken))
        return -1;
    int ret = avcodec_send_packet(t->dec, pkt);
    if (ret < 0 && ret != AVERROR(EAGAIN) && ret != AVERROR_EOF) {
        if (++t->bad_in_row > MAX_BAD_PACKETS) {
            char reason[128];
            av_strerror(ret, reason, sizeof(reason));
            log_warn("sound: %d packets in a row do not decode (%s); the picture goes on "
                     "without sound",
                     t->bad_in_row, reason);
            atomic_store(&t->broken, true);
            audio_ring_finish(&t->ring);
            return -1;
        }
        return 0;
    }
    while ((ret = avcodec_receive_frame(t->dec, t->frame)) == 0) {
        t->bad_in_row = 0;
        int rc = put_frame(t);
        av_frame_unref(t->frame);
        if (rc < 0) {
            audio_ring_finish(&t->ring);
            return -1;
        }
    }
    if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF && ++t->bad_in_row > MAX_BAD_PACKETS) {
        log_warn("sound: does not decode; the picture goes on without sound");
        atomic_store(&t->broken, true);
        audio_ring_finish(&t->ring);
        return -1;
    }
    if (!pkt)
        audio_ring_finish(&t->ring);
    return 0;
}

bool audio_track_hungry(struct audio_track *t)
{
    if (atomic_load(&t->broken))
        return false;
    bool finished;
    int level = audio_ring_level(&t->ring, &finished);
    return !finished && level < AUDIO_RATE / 1000 * AUDIO_LOW_MS;
}

struct audio_ring *audio_track_ring(struct audio_track *t)
{
    return &t->ring;
}

bool audio_track_broken(struct audio_track *t)
{
    return atomic_load(&t->broken);
}

int64_t audio_track_decoded_us(struct audio_track *t)
{
    return atomic_load(&t->decoded_us);
}

void audio_track_close(struct audio_track *t)
{
    if (!t)
        return;
    swr_free(&t->swr);
    av_channel_layout_uninit(&t->in_layout);
    av_frame_free(&t->frame);
    avcodec_free_context(&t->dec);
    audio_ring_destroy(&t->ring);
    free(t->out);
    free(t);
}

/* ---- volume ---- */

double audio_volume_at(const struct settings *s, const struct tz_local *l)
{
    int minute = l->hour * 60 + l->minute;
    for (char **q = s->audio_quiet; q && *q; q++) {
        struct when_hours h;
        if (when_parse_hours(*q, &h) < 0)
            continue;
        bool inside = h.from_min < h.until_min ? minute >= h.from_min && minute < h.until_min
                                               : minute >= h.from_min || minute < h.until_min;
        if (inside)
            return s->audio_quiet_volume;
    }
    return s->audio_volume;
}
