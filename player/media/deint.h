/* deint: deinterlacing on the decode thread with libavfilter's bwdif, one
 * picture out per picture in (send_frame mode), for broadcast masters
 * (1080i, 576i, 480i; MPEG-2 or H.264; top or bottom field first).
 *
 * Used only when the stream's field order or a picture's own flag says it is
 * interlaced: progressive video never goes through a filter. Not
 * thread-safe: one thread per deint. */
#ifndef SIGNAGE_DEINT_H
#define SIGNAGE_DEINT_H

#include <stdbool.h>

#include <libavcodec/codec_par.h>
#include <libavutil/frame.h>

struct deint;

/* How a stream is interlaced by its header: 0 progressive or unknown, 1 top
 * field first, 2 bottom field first. */
int deint_stream_order(const AVCodecParameters *par);

/* True when f must be deinterlaced: the stream says so (stream_order > 0)
 * or the picture does. */
bool deint_wanted(int stream_order, const AVFrame *f);

/* A filter for pictures like first (size, pixel format, pixel aspect) with
 * timestamps in time_base. stream_order > 0 deinterlaces every picture with
 * that field order; 0 only those flagged interlaced, by their own flags.
 * Returns NULL with a reason in err. */
struct deint *deint_create(const AVFrame *first, AVRational time_base, int stream_order, char *err,
                           size_t err_size);

/* True when f can go into d (same size and format as the first picture). */
bool deint_fits(const struct deint *d, const AVFrame *f);

/* Hands f's picture to the filter (f is left empty); f == NULL marks the end
 * of the stream. Returns 0 or a negative AVERROR. */
int deint_push(struct deint *d, AVFrame *f);

/* Takes the next deinterlaced picture into out (empty before). Returns 0,
 * AVERROR(EAGAIN) when it needs another picture first, or AVERROR_EOF after
 * the end was pushed and everything taken. */
int deint_pull(struct deint *d, AVFrame *out);

/* deint_free(NULL) is a no-op. */
void deint_free(struct deint *d);

#endif
