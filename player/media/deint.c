#include "media/deint.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavfilter/version_major.h>
#include <libavutil/pixdesc.h>

/* libavfilter pulls in some seventy libraries (11 MB of memory, tens of
 * milliseconds at start-up): it is loaded when a file first needs
 * deinterlacing, not linked. The soname is the headers' own major version. */
#define AV_STR(x)       #x
#define AV_XSTR(x)      AV_STR(x)
#define AVFILTER_SONAME "libavfilter.so." AV_XSTR(LIBAVFILTER_VERSION_MAJOR)

struct avfilter_api {
    void *lib;
    AVFilterGraph *(*graph_alloc)(void);
    const AVFilter *(*get_by_name)(const char *);
    int (*create_filter)(AVFilterContext **, const AVFilter *, const char *, const char *, void *,
                         AVFilterGraph *);
    int (*link)(AVFilterContext *, unsigned, AVFilterContext *, unsigned);
    int (*graph_config)(AVFilterGraph *, void *);
    void (*graph_free)(AVFilterGraph **);
    int (*add_frame_flags)(AVFilterContext *, AVFrame *, int);
    int (*get_frame)(AVFilterContext *, AVFrame *);
};

struct deint {
    struct avfilter_api api;
    AVFilterGraph *graph;
    AVFilterContext *src, *sink;
    int w, h, format;
};

/* Loads libavfilter into a (each deint holds its own reference). Returns 0,
 * or -1 with the reason in err. */
static int api_load(struct avfilter_api *a, char *err, size_t err_size)
{
    if (!(a->lib = dlopen(AVFILTER_SONAME, RTLD_NOW | RTLD_LOCAL))) {
        snprintf(err, err_size, "cannot deinterlace: %s is not installed (%s)", AVFILTER_SONAME,
                 dlerror());
        return -1;
    }
    struct {
        void **fn;
        const char *name;
    } syms[] = {
        {(void **)&a->graph_alloc, "avfilter_graph_alloc"},
        {(void **)&a->get_by_name, "avfilter_get_by_name"},
        {(void **)&a->create_filter, "avfilter_graph_create_filter"},
        {(void **)&a->link, "avfilter_link"},
        {(void **)&a->graph_config, "avfilter_graph_config"},
        {(void **)&a->graph_free, "avfilter_graph_free"},
        {(void **)&a->add_frame_flags, "av_buffersrc_add_frame_flags"},
        {(void **)&a->get_frame, "av_buffersink_get_frame"},
    };
    for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
        if (!(*syms[i].fn = dlsym(a->lib, syms[i].name))) {
            snprintf(err, err_size, "cannot deinterlace: %s lacks %s", AVFILTER_SONAME,
                     syms[i].name);
            dlclose(a->lib);
            a->lib = NULL;
            return -1;
        }
    return 0;
}

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
    if (d && api_load(&d->api, err, err_size) < 0) {
        free(d);
        return NULL;
    }
    const struct avfilter_api *a = d ? &d->api : NULL;
    if (!d || !(d->graph = a->graph_alloc()))
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
    if ((ret = a->create_filter(&d->src, a->get_by_name("buffer"), "in", args, NULL, d->graph)) <
            0 ||
        (ret = a->create_filter(&d->sink, a->get_by_name("buffersink"), "out", NULL, NULL,
                                d->graph)) < 0)
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
    if ((ret = a->create_filter(&bwdif, a->get_by_name("bwdif"), "deint", args, NULL, d->graph)) <
            0 ||
        (ret = a->link(d->src, 0, bwdif, 0)) < 0 || (ret = a->link(bwdif, 0, d->sink, 0)) < 0 ||
        (ret = a->graph_config(d->graph, NULL)) < 0)
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
    return d->api.add_frame_flags(d->src, f, 0);
}

int deint_pull(struct deint *d, AVFrame *out)
{
    int ret = d->api.get_frame(d->sink, out);
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
    if (d->graph)
        d->api.graph_free(&d->graph);
    if (d->api.lib)
        dlclose(d->api.lib);
    free(d);
}
