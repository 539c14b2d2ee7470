#include "media/demux.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"

struct demux {
    AVFormatContext *fmt;
    int video;
    const struct media_side *side;
    bool ended;                     /* the file is read to its end */
    AVPacket *held[DEMUX_MAX_HELD]; /* picture packets read ahead, oldest at head */
    int head, n_held;
};

struct demux *demux_create(AVFormatContext *fmt, int video, const struct media_side *side)
{
    struct demux *dx = xcalloc(1, sizeof(*dx));
    dx->fmt = fmt;
    dx->video = video;
    dx->side = side;
    for (unsigned i = 0; i < fmt->nb_streams; i++)
        if ((int)i != video)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    if (side && side->open)
        side->open(side->ctx, fmt, video);
    return dx;
}

static AVPacket *take_held(struct demux *dx)
{
    AVPacket *p = dx->held[dx->head];
    dx->held[dx->head] = NULL;
    dx->head = (dx->head + 1) % DEMUX_MAX_HELD;
    dx->n_held--;
    return p;
}

int demux_read(struct demux *dx, AVPacket *pkt)
{
    for (;;) {
        bool hungry = dx->side && dx->side->hungry && !dx->ended && dx->side->hungry(dx->side->ctx);
        if (dx->n_held > 0 && (!hungry || dx->n_held == DEMUX_MAX_HELD)) {
            AVPacket *p = take_held(dx);
            av_packet_move_ref(pkt, p);
            av_packet_free(&p);
            return 0;
        }
        if (dx->ended)
            return AVERROR_EOF;
        int ret = av_read_frame(dx->fmt, pkt);
        if (ret < 0 && ret != AVERROR_EXIT) {
            /* The end, or a read error (media.c takes both as the end): the
             * packets held are played first. */
            dx->ended = true;
            if (dx->side && dx->side->end)
                dx->side->end(dx->side->ctx);
            if (dx->n_held > 0)
                continue;
            return ret;
        }
        if (ret < 0)
            return ret; /* aborted */
        if (pkt->stream_index == dx->video) {
            if (!hungry && dx->n_held == 0)
                return 0;
            AVPacket *p = av_packet_alloc();
            if (!p) {
                av_packet_unref(pkt);
                return AVERROR(ENOMEM);
            }
            av_packet_move_ref(p, pkt);
            dx->held[(dx->head + dx->n_held) % DEMUX_MAX_HELD] = p;
            dx->n_held++;
            continue;
        }
        if (dx->side && dx->side->packet)
            dx->side->packet(dx->side->ctx, pkt);
        av_packet_unref(pkt);
    }
}

AVCodecContext *demux_open_decoder(const AVStream *st, const char *what, char *err, size_t err_size)
{
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    if (!codec) {
        snprintf(err, err_size, "no decoder for its %s %s",
                 avcodec_get_name(st->codecpar->codec_id), what);
        return NULL;
    }
    AVCodecContext *dec = avcodec_alloc_context3(codec);
    int ret = AVERROR(ENOMEM);
    if (dec && (ret = avcodec_parameters_to_context(dec, st->codecpar)) >= 0) {
        dec->pkt_timebase = st->time_base;
        dec->thread_count = 1;
        ret = avcodec_open2(dec, codec, NULL);
    }
    if (ret < 0) {
        char reason[128];
        av_strerror(ret, reason, sizeof(reason));
        snprintf(err, err_size, "cannot open the %s %s decoder (%s)", codec->name, what, reason);
        avcodec_free_context(&dec);
    }
    return dec;
}

void demux_free(struct demux *dx)
{
    if (!dx)
        return;
    while (dx->n_held > 0) {
        AVPacket *p = take_held(dx);
        av_packet_free(&p);
    }
    free(dx);
}
