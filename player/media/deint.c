#include "media/deint.h"

#include <stdio.h>
#include <stdlib.h>

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/pixdesc.h>

struct deint {
    AVFilterGraph *graph;
    AVFilterContext *src, *sink;
    int w, h, format;
};

int deint_stream_order(const AVCodecParameters *par)
{
    /* TB and BT: coded one way, shown the other; the field shown first leads. */
    switch (par->field_order) {
    case AV_FIELD_TT:
    case AV_FIELD_BT:
        return 1;
    case AV_FIELD_BB:
    case AV_FIELD_TB:
        return 2;
    default:
        return 0;
    }
}

bool deint_wanted(int stream_order, const AVFrame *f)
{
    return stream_order > 0 || f->interlaced_frame;
}

struct deint *deint_create(const AVFrame *first, AVRational time_base, int stream_order, char *err,
                           size_t err_size)
{
    struct deint *d = calloc(1, sizeof(*d));
    char args[256];
    int ret = AVERROR(ENOMEM);
    if (!d || !(d->graph = avfilter_graph_alloc()))
        goto fail;
    d->graph->nb_threads = 1; /* the decode thread's own core; bwdif is cheap beside decoding */
    d->w = first->width;
    d->h = first->height;
    d->format = first->format;
    AVRational sar =
        first->sample_aspect_ratio.num > 0 ? first->sample_aspect_ratio : (AVRational){1, 1};
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d",
             first->width, first->height, first->format, time_base.num, time_base.den, sar.num,
             sar.den);
    if ((ret = avfilter_graph_create_filter(&d->src, avfilter_get_by_name("buffer"), "in", args,
                                            NULL, d->graph)) < 0 ||
        (ret = avfilter_graph_create_filter(&d->sink, avfilter_get_by_name("buffersink"), "out",
                                            NULL, NULL, d->graph)) < 0)
        goto fail;
    /* send_frame: one picture per picture (the rate stays, no field rate
     * doubling); the field order from the stream when it states one, else
     * from each picture. deint=interlaced leaves unflagged pictures alone. */
    AVFilterContext *bwdif;
    snprintf(args, sizeof(args), "mode=send_frame:parity=%s:deint=%s",
             stream_order == 1   ? "tff"
             : stream_order == 2 ? "bff"
                                 : "auto",
             stream_order > 0 ? "all" : "interlaced");
    if ((ret = avfilter_graph_create_filter(&bwdif, avfilter_get_by_name("bwdif"), "deint", args,
                                            NULL, d->graph)) < 0 ||
        (ret = avfilter_link(d->src, 0, bwdif, 0)) < 0 ||
        (ret = avfilter_link(bwdif, 0, d->sink, 0)) < 0 ||
        (ret = avfilter_graph_config(d->graph, NULL)) < 0)
        goto fail;
    return d;

fail:
    if (err_size) {
        char reason[96];
        av_strerror(ret, reason, sizeof(reason));
        snprintf(err, err_size, "cannot deinterlace %s %dx%d pictures (%s)",
                 av_get_pix_fmt_name(first->format), first->width, first->height, reason);
    }
    deint_free(d);
    return NULL;
}

bool deint_fits(const struct deint *d, const AVFrame *f)
{
    return f->width == d->w && f->height == d->h && f->format == d->format;
}

int deint_push(struct deint *d, AVFrame *f)
{
    if (f)
        f->pts = f->best_effort_timestamp; /* filters carry pts only */
    return av_buffersrc_add_frame_flags(d->src, f, 0);
}

int deint_pull(struct deint *d, AVFrame *out)
{
    int ret = av_buffersink_get_frame(d->sink, out);
    if (ret == 0) {
        out->best_effort_timestamp = out->pts;
        out->interlaced_frame = 0;
    }
    return ret;
}

void deint_free(struct deint *d)
{
    if (!d)
        return;
    avfilter_graph_free(&d->graph);
    free(d);
}
