/* media_internal: what media.c (open, convert) and media_decode.c (the
 * decode loop: hardware, fallbacks, deinterlacing) share. Private to the
 * media module. */
#ifndef SIGNAGE_MEDIA_INTERNAL_H
#define SIGNAGE_MEDIA_INTERNAL_H

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "media/deint.h"
#include "media/hwdec.h"
#include "media/media.h"
#include "media/orient.h"
#include "media/tonemap.h"

struct media {
    AVFormatContext *fmt;
    AVCodecContext *dec;
    AVPacket *pkt;
    AVFrame *raw;
    struct SwsContext *sws;
    struct demux *demux; /* packets: the picture's to us, others to opts.side */
    int stream;
    struct media_opts opts;
    bool flushing;       /* the demuxer is done; draining the decoder */
    int64_t first_ts;    /* best-effort timestamp of the first picture, stream units */
    int64_t next_pts_us; /* guess for a picture without a timestamp */
    int64_t frame_us;
    int pictures; /* pictures returned so far */
    int bad_packets;
    struct orient orient; /* the stream's display matrix */
    bool stream_oriented; /* it has one: frames' own matrices are not looked at */
    bool orient_logged;
    struct deint *deint;     /* made on the first interlaced picture */
    int field_order;         /* the stream's, by deint_stream_order() */
    bool deint_failed;       /* no deinterlacing for this file any more */
    bool decoded_all;        /* the decoder gave its last picture */
    bool deint_ended;        /* the end was pushed into deint */
    struct tonemap *tonemap; /* HDR to SDR tables, made for the first HDR picture */
    bool hdr_logged;
    const AVCodec *codec;  /* the software decoder */
    int threads;           /* its thread count */
    enum hwdec_kind hw;    /* what m->dec decodes with */
    int64_t last_ts;       /* best-effort timestamp of the last picture decoded */
    int64_t skip_until_ts; /* after a restart: pictures up to this one were given */
    int decoded;           /* pictures the decoder gave */
    char last_error[128];
    char description[96];
};

/* FFmpeg's reason for err into buf. */
void media_av_reason(int err, char *buf, size_t size);

/* Opens m->dec for codec, with hw (VA-API) attached when it takes the codec.
 * Returns 0 or a negative AVERROR (m->dec is then NULL). */
int media_open_decoder(struct media *m, const AVCodec *codec, const struct hwdec *hw);

/* Tries the hardware m->opts.hwdec offers for m's stream; leaves m->dec
 * NULL (logged) when it cannot, for software to take over. */
void media_open_hw_decoder(struct media *m, const char *path);

/* The next picture to show into m->raw, decoded (in software again if the
 * hardware failed) and deinterlaced if need be: 0, 1 at the end, or
 * AVERROR_EXIT when aborted. */
int media_next_picture(struct media *m);

#endif
