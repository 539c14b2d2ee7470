/* audio: the sound of one video, decoded on its source's decode thread,
 * resampled with libswresample to the output's format (AUDIO_RATE Hz,
 * AUDIO_CHANNELS channels, interleaved signed 16-bit) and kept in a ring
 * until the output (audio_out.h) takes it on SDL's audio thread.
 *
 * The ring holds at most AUDIO_RING_MS of sound; the decode thread waits
 * while it is full (a quarter of a second at most) and reads ahead of the picture while it
 * holds less than AUDIO_LOW_MS, so that interleaving in the file never
 * starves the speaker. Sample times follow the stream's timestamps on the
 * video's clock (frame->pts of media.h): sound that starts after the
 * picture, and a gap of more than a frame, are filled with silence (up to
 * a second; a longer gap is jumped). */
#ifndef SIGNAGE_AUDIO_H
#define SIGNAGE_AUDIO_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "base/tz.h"
#include "config/settings.h"

#define AUDIO_RATE     48000
#define AUDIO_CHANNELS 2
#define AUDIO_RING_MS  3000
#define AUDIO_LOW_MS   1000

/* A ring of interleaved S16 frames between one writer and one reader. */
struct audio_ring {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int capacity; /* frames */
    /* -- fields below: protected by lock */
    int16_t *buf;
    int rpos, size;     /* first frame to read, frames waiting */
    int64_t read_us;    /* time of the frame at rpos; INT64_MIN until the first write */
    int64_t written_us; /* time just after the last frame written */
    bool finished;      /* the writer is done: what is left is the end */
    bool aborted;       /* the reader gave up: writes fail at once */
    int64_t dropped;    /* frames dropped because nobody read them (see audio_ring_write) */
};

int audio_ring_init(struct audio_ring *r, int capacity_frames);
void audio_ring_destroy(struct audio_ring *r);

/* Writer: appends n frames that start at t_us (INT64_MIN: right after the
 * last ones), waiting while the ring is full - for 250 ms at most: then the
 * oldest tenth of the ring is dropped, so that a reader that stopped never
 * stalls the picture. A start later than the end of
 * what was written (or than 0, for the first frames) by more than 40 ms and
 * at most 1 s is preceded by silence; earlier, the frames are taken as
 * following on. Returns 0, or -1 once aborted. */
int audio_ring_write(struct audio_ring *r, const int16_t *frames, int n, int64_t t_us);

/* Writer: no more frames. */
void audio_ring_finish(struct audio_ring *r);

/* Reader: stops the writer for good. */
void audio_ring_abort(struct audio_ring *r);

/* Reader, never waits: moves up to n frames into out and the time of the
 * first of them into *t_us. Returns how many (0 when empty). */
int audio_ring_read(struct audio_ring *r, int16_t *out, int n, int64_t *t_us);

/* Frames waiting, and whether the writer finished. */
int audio_ring_level(struct audio_ring *r, bool *finished);

/* The sound stream of a file, being decoded. */
struct audio_track;

/* Opens the decoder and resampler of stream `stream` of fmt; origin_us is
 * the time (AV_TIME_BASE units) that is 0 on the video's clock. Returns NULL
 * with a one-line reason in err (no decoder, a layout it cannot convert).
 * Decode thread. */
struct audio_track *audio_track_open(AVFormatContext *fmt, int stream, int64_t origin_us, char *err,
                                     size_t err_size);

/* Decodes one packet of the stream (NULL: the end, the decoder is drained)
 * into the ring; waits while the ring is full. A packet that does not decode
 * is counted and skipped; after too many in a row the track is broken: it
 * takes no more, and finishes. Returns 0, or -1 when broken or aborted.
 * Decode thread. */
int audio_track_packet(struct audio_track *t, const AVPacket *pkt);

/* True while the ring holds less than AUDIO_LOW_MS and the track can take
 * more. Decode thread. */
bool audio_track_hungry(struct audio_track *t);

/* The ring the output reads. */
struct audio_ring *audio_track_ring(struct audio_track *t);

/* True when the track broke (logged once with reason). Any thread. */
bool audio_track_broken(struct audio_track *t);

/* Microseconds of sound decoded so far. Any thread. */
int64_t audio_track_decoded_us(struct audio_track *t);

/* audio_track_close(NULL) is a no-op. Nobody may read the ring any more. */
void audio_track_close(struct audio_track *t);

/* The volume that plays at local time l: settings->audio_volume, or
 * audio_quiet_volume inside one of the audio.quiet hour ranges (checked by
 * settings_load(); a range that does not parse is ignored). Pure. */
double audio_volume_at(const struct settings *s, const struct tz_local *l);

#endif
