/* demux: the packets of a file read for media.c, picture packets to it, the
 * others (sound, subtitles) to a side reader (struct media_side).
 *
 * Without a side reader every other stream is discarded by the demuxer (the
 * sound of a video costs nothing). With one, the streams it keeps are
 * handed over as they are read; while it says it is hungry (its sound buffer
 * is low), picture packets are held back in a queue of up to
 * DEMUX_MAX_HELD packets so that reading goes on to the sound that a file
 * stores behind the picture. Decode thread only. */
#ifndef SIGNAGE_DEMUX_H
#define SIGNAGE_DEMUX_H

#include <stdbool.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#define DEMUX_MAX_HELD 256

/* What a source does with the streams besides the picture. Called on the
 * decode thread. */
struct media_side {
    /* The file is open and its picture stream chosen: keeps the streams it
     * wants (their discard set to AVDISCARD_DEFAULT; all others are
     * AVDISCARD_ALL). */
    void (*open)(void *ctx, AVFormatContext *fmt, int video_stream);
    /* A packet of a stream it kept (still owned by the caller). */
    void (*packet)(void *ctx, const AVPacket *pkt);
    /* The file has no more packets. */
    void (*end)(void *ctx);
    /* True while it wants reading to run ahead of the picture. */
    bool (*hungry)(void *ctx);
    void *ctx;
};

struct demux;

/* Sets up reading fmt for picture stream `video`, with side (may be NULL;
 * kept by pointer). Returns NULL on out of memory. */
struct demux *demux_create(AVFormatContext *fmt, int video, const struct media_side *side);

/* The next packet of the picture stream into pkt (as av_read_frame()).
 * Returns 0, AVERROR_EOF at the end (the side reader was told), or another
 * negative AVERROR. */
int demux_read(struct demux *dx, AVPacket *pkt);

/* Opens a one-thread decoder for stream st of a side stream; what names it
 * in messages ("sound", "subtitle"). Returns NULL with a one-line reason in
 * err ("no decoder for its opus sound", "cannot open the aac sound decoder
 * (...)"). The caller frees it with avcodec_free_context(). */
AVCodecContext *demux_open_decoder(const AVStream *st, const char *what, char *err,
                                   size_t err_size);

/* demux_free(NULL) is a no-op. */
void demux_free(struct demux *dx);

#endif
