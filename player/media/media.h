/* media: open one video or still file and decode its pictures, one at a time,
 * into frames the renderer can upload as they are.
 *
 * Frames come out as AV_PIX_FMT_YUV420P or NV12 (video, uploaded as YUV
 * textures so that colour conversion is the renderer's job) or BGRA
 * (stills and anything with RGB or alpha). frame->pts is in microseconds
 * from the first picture. Used by a source's decode thread and, directly,
 * by `signage check`. Not thread-safe: one thread per decoder. */
#ifndef SIGNAGE_MEDIA_H
#define SIGNAGE_MEDIA_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

#include "media/demux.h"

struct media;
struct hwdec;

struct media_opts {
    bool still;                /* decode one picture only (an image item) */
    int max_w, max_h;          /* pictures larger than this are scaled down; 0 = no limit */
    bool cover;                /* stills: scale to cover max_w x max_h instead of fitting in it */
    const atomic_bool *abort;  /* when set, a blocked open or read gives up; may be NULL */
    const struct hwdec *hwdec; /* hardware to decode video with (hwdec.h); NULL = software */
    int fail_at; /* tests: the decoder "fails" at this picture (1 = first), 0 = never */
    const struct media_side *side; /* sound and subtitles (demux.h); NULL = only the picture */
};

/* Opens path and its decoder. Returns NULL with a one-line reason in err
 * ("no picture in this file (audio only)", "Invalid data found ...") on failure. */
struct media *media_open(const char *path, const struct media_opts *o, char *err, size_t err_size);

/* Decodes the next picture into *out (a new frame the caller frees).
 * Returns 0 with a frame, 1 at the end of the file, or a negative AVERROR
 * with a reason in err. A file that ends before any picture is an error. */
int media_next(struct media *m, AVFrame **out, char *err, size_t err_size);

/* Nominal time one picture stays on screen, in microseconds (from the stream's
 * frame rate; 40 ms when it states none). */
int64_t media_frame_duration_us(const struct media *m);

/* Length of the file in microseconds, 0 when unknown. */
int64_t media_duration_us(const struct media *m);

/* Codec and size, for log lines: "h264 1920x1080". */
const char *media_describe(const struct media *m);

/* Sends FFmpeg's own messages to the log at debug level when verbose, and
 * silences them otherwise (every failure we report carries its reason).
 * Call once at start-up, before any thread starts. */
void media_log_init(bool verbose);

/* media_close(NULL) is a no-op. */
void media_close(struct media *m);

#endif
