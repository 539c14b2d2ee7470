#include "media/media.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
#include <libyuv/scale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "media/media_internal.h"

static int interrupt_cb(void *opaque)
{
    const atomic_bool *abort = opaque;
    return abort && atomic_load(abort);
}

/* Demuxers such as MPEG-TS find their streams only by reading packets. */
static bool needs_stream_info(const AVFormatContext *fmt)
{
    if (fmt->nb_streams == 0 || (fmt->ctx_flags & AVFMTCTX_NOHEADER))
        return true;
    for (unsigned i = 0; i < fmt->nb_streams; i++) {
        const AVCodecParameters *par = fmt->streams[i]->codecpar;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO &&
            (par->codec_id == AV_CODEC_ID_NONE || par->width <= 0 || par->height <= 0))
            return true;
    }
    return false;
}

/* Decoder threads: one is cheapest in CPU-seconds up to 1080p60; beyond
 * that a single core cannot keep up, so let FFmpeg use every core. */
static int thread_count_for(const AVCodecParameters *par, AVRational rate)
{
    double fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 30.0;
    double pixels_per_s = (double)par->width * par->height * fps;
    return pixels_per_s > 1920.0 * 1088.0 * 61.0 ? 0 : 1;
}

static struct orient matrix_orient(const char *path, const int32_t *matrix)
{
    bool skewed;
    struct orient o = orient_from_matrix(matrix, &skewed);
    if (skewed)
        log_warn("%s: turned by %.0f degrees: shown %s", path, -av_display_rotation_get(matrix),
                 orient_describe(o));
    return o;
}

struct media *media_open(const char *path, const struct media_opts *o, char *err, size_t err_size)
{
    struct media *m = xcalloc(1, sizeof(*m));
    m->opts = *o;
    m->stream = -1;
    m->first_ts = AV_NOPTS_VALUE;
    m->last_ts = m->skip_until_ts = AV_NOPTS_VALUE;
    char reason[128];
    int ret;

    m->fmt = avformat_alloc_context();
    if (!m->fmt) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    m->fmt->interrupt_callback.callback = interrupt_cb;
    m->fmt->interrupt_callback.opaque = (void *)o->abort;
    if ((ret = avformat_open_input(&m->fmt, path, NULL, NULL)) < 0) {
        media_av_reason(ret, reason, sizeof(reason));
        if (ret == AVERROR(ENOENT))
            snprintf(err, err_size, "no such file");
        else
            snprintf(err, err_size, "cannot open (%s)", reason);
        goto fail; /* avformat_open_input freed the context */
    }
    if (needs_stream_info(m->fmt) && (ret = avformat_find_stream_info(m->fmt, NULL)) < 0) {
        media_av_reason(ret, reason, sizeof(reason));
        snprintf(err, err_size, "cannot read streams (%s)", reason);
        goto fail;
    }

    const AVCodec *codec = NULL;
    m->stream = av_find_best_stream(m->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (m->stream == AVERROR_STREAM_NOT_FOUND) {
        bool audio = av_find_best_stream(m->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
        snprintf(err, err_size, "no picture in this file%s", audio ? " (audio only)" : "");
        goto fail;
    }
    if (m->stream < 0 || !codec) {
        AVCodecParameters *par = m->stream >= 0 ? m->fmt->streams[m->stream]->codecpar : NULL;
        snprintf(err, err_size, "no decoder for its %s video",
                 par ? avcodec_get_name(par->codec_id) : "unknown");
        goto fail;
    }
    AVStream *st = m->fmt->streams[m->stream];
    m->demux = demux_create(m->fmt, m->stream, o->side);

    m->pkt = av_packet_alloc();
    m->raw = av_frame_alloc();
    if (!m->pkt || !m->raw) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    m->codec = codec;
    AVRational rate = av_guess_frame_rate(m->fmt, st, NULL);
    m->threads = o->still ? 1 : thread_count_for(st->codecpar, rate);
    if (!o->still && o->hwdec)
        media_open_hw_decoder(m, path);
    if (!m->dec && (ret = media_open_decoder(m, codec, NULL)) < 0) {
        media_av_reason(ret, reason, sizeof(reason));
        snprintf(err, err_size, "cannot open the %s decoder (%s)", codec->name, reason);
        goto fail;
    }
    m->frame_us = rate.num > 0 && rate.den > 0 && av_q2d(rate) < 1000
                      ? av_rescale(1000000, rate.den, rate.num)
                      : 40000;
    m->field_order = deint_stream_order(st->codecpar);
    const uint8_t *matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (matrix) {
        m->stream_oriented = true;
        m->orient = matrix_orient(path, (const int32_t *)matrix);
    }
    snprintf(m->description, sizeof(m->description), "%s %dx%d%s%s", codec->name,
             st->codecpar->width, st->codecpar->height, orient_is_upright(m->orient) ? "" : ", ",
             orient_is_upright(m->orient) ? "" : orient_describe(m->orient));
    return m;

fail:
    media_close(m);
    return NULL;
}

static bool direct_format(enum AVPixelFormat f, bool still)
{
    return !still && (f == AV_PIX_FMT_YUV420P || f == AV_PIX_FMT_NV12);
}

/* Size a picture is delivered at: within max (or covering it, for stills),
 * aspect kept, never scaled up, even sizes for chroma. */
static void target_size(const struct media_opts *o, int w, int h, int *tw, int *th)
{
    *tw = w;
    *th = h;
    if (o->max_w <= 0 || o->max_h <= 0)
        return;
    double sx = (double)o->max_w / w, sy = (double)o->max_h / h;
    double s = o->cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
    if (s >= 1.0)
        return;
    *tw = (int)(w * s + 0.5) & ~1;
    *th = (int)(h * s + 0.5) & ~1;
    if (*tw < 2)
        *tw = 2;
    if (*th < 2)
        *th = 2;
}

/* Which way up the picture in is: the stream's display matrix, else the
 * frame's own (an H.264 orientation SEI), else a photo's EXIF tag. */
static struct orient frame_orient(struct media *m, const AVFrame *in)
{
    struct orient o = m->orient;
    if (!m->stream_oriented) {
        const AVFrameSideData *sd = av_frame_get_side_data(in, AV_FRAME_DATA_DISPLAYMATRIX);
        const AVDictionaryEntry *exif = av_dict_get(in->metadata, "Orientation", NULL, 0);
        if (sd && sd->size >= 9 * sizeof(int32_t))
            o = orient_from_matrix((const int32_t *)sd->data, NULL);
        else if (exif)
            o = orient_from_exif(atoi(exif->value));
    }
    if (!orient_is_upright(o) && !m->orient_logged) {
        log_debug("%s: stored %s, shown upright", m->fmt->url, orient_describe(o));
        m->orient_logged = true;
    }
    return o;
}

/* Turns *f upright by o, replacing it. */
static int turn_upright(struct orient o, AVFrame **f, char *err, size_t err_size)
{
    if (orient_is_upright(o))
        return 0;
    AVFrame *turned;
    int ret = orient_apply(o, *f, &turned);
    if (ret < 0) {
        snprintf(err, err_size, "cannot turn %s %dx%d pictures upright",
                 av_get_pix_fmt_name((*f)->format), (*f)->width, (*f)->height);
        return ret;
    }
    av_frame_free(f);
    *f = turned;
    return 0;
}

/* Maps an HDR picture in m->raw to SDR in place. Returns 0 or a negative
 * AVERROR (out of memory); a format it cannot map is left as it is. */
static int to_sdr(struct media *m)
{
    AVFrame *in = m->raw;
    if (!tonemap_wanted(in))
        return 0;
    const char *trc = in->color_trc == AVCOL_TRC_SMPTE2084 ? "PQ" : "HLG";
    if (in->format != AV_PIX_FMT_YUV420P10 && in->format != AV_PIX_FMT_P010) {
        if (!m->hdr_logged)
            log_warn("%s: HDR (%s) in %s is shown without tone mapping", m->fmt->url, trc,
                     av_get_pix_fmt_name(in->format));
        m->hdr_logged = true;
        return 0;
    }
    if (!m->tonemap || !tonemap_fits(m->tonemap, in)) {
        tonemap_free(m->tonemap);
        double peak = tonemap_peak_nits(in);
        if (!(m->tonemap =
                  tonemap_create(in->color_trc, in->color_range == AVCOL_RANGE_JPEG, peak)))
            return AVERROR(ENOMEM);
        if (!m->hdr_logged)
            log_debug("%s: HDR (%s, peak %.0f cd/m2): tone-mapped to SDR", m->fmt->url, trc, peak);
        m->hdr_logged = true;
    }
    AVFrame *sdr;
    int ret = tonemap_frame(m->tonemap, in, &sdr);
    if (ret < 0)
        return ret;
    av_frame_unref(in);
    av_frame_move_ref(in, sdr);
    av_frame_free(&sdr);
    return 0;
}

/* A picture scaled from in keeps in's matrix: an unstated one is judged by
 * in's height (BT.709 above 576 lines), as the renderer would have. */
static void stated_matrix(AVFrame *f, const AVFrame *in)
{
    if (f->colorspace == AVCOL_SPC_UNSPECIFIED)
        f->colorspace = in->height > 576 ? AVCOL_SPC_BT709 : AVCOL_SPC_BT470BG;
}

/* Converts m->raw into a frame of a format the renderer takes; *out is new. */
static int convert(struct media *m, AVFrame **out, char *err, size_t err_size)
{
    AVFrame *in = m->raw;
    if (!m->opts.still && to_sdr(m) < 0) {
        snprintf(err, err_size, "out of memory");
        av_frame_unref(in);
        return AVERROR(ENOMEM);
    }
    struct orient orient = frame_orient(m, in);
    struct media_opts fit = m->opts; /* the limits apply to the picture turned upright */
    if (orient_swaps(orient)) {
        fit.max_w = m->opts.max_h;
        fit.max_h = m->opts.max_w;
    }
    int tw, th;
    target_size(&fit, in->width, in->height, &tw, &th);
    AVFrame *f = av_frame_alloc();
    if (!f)
        return AVERROR(ENOMEM);

    if (in->format == AV_PIX_FMT_YUVJ420P && !m->opts.still) {
        /* The same planes with another range: the renderer converts with a
         * full-range matrix (swscale would copy it unchanged, range and all). */
        in->format = AV_PIX_FMT_YUV420P;
        in->color_range = AVCOL_RANGE_JPEG;
    }
    if (direct_format(in->format, m->opts.still) && tw == in->width && th == in->height) {
        av_frame_move_ref(f, in);
    } else if (!m->opts.still && in->format == AV_PIX_FMT_YUV420P) {
        /* Smaller in YUV with libyuv's box filter (a 4K clip on a 1080p
         * screen): cheaper than swscale, and a quarter of the memory queued. */
        f->format = AV_PIX_FMT_YUV420P;
        f->width = tw;
        f->height = th;
        int ret = av_frame_get_buffer(f, 0);
        if (ret < 0 || I420Scale(in->data[0], in->linesize[0], in->data[1], in->linesize[1],
                                 in->data[2], in->linesize[2], in->width, in->height, f->data[0],
                                 f->linesize[0], f->data[1], f->linesize[1], f->data[2],
                                 f->linesize[2], tw, th, kFilterBox) != 0) {
            snprintf(err, err_size, "cannot scale %dx%d pictures", in->width, in->height);
            av_frame_free(&f);
            av_frame_unref(in);
            return AVERROR(ENOMEM);
        }
        av_frame_copy_props(f, in);
        stated_matrix(f, in);
        av_frame_unref(in);
    } else {
        enum AVPixelFormat dst = m->opts.still ? AV_PIX_FMT_BGRA : AV_PIX_FMT_YUV420P;
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(in->format);
        if (d && (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_ALPHA | AV_PIX_FMT_FLAG_PAL)))
            dst = AV_PIX_FMT_BGRA;
        /* JPEG's full-range "yuvj" formats are the plain ones with another range. */
        enum AVPixelFormat src = in->format;
        int full_range = in->color_range == AVCOL_RANGE_JPEG;
        switch (src) {
        case AV_PIX_FMT_YUVJ420P:
            src = AV_PIX_FMT_YUV420P;
            full_range = 1;
            break;
        case AV_PIX_FMT_YUVJ422P:
            src = AV_PIX_FMT_YUV422P;
            full_range = 1;
            break;
        case AV_PIX_FMT_YUVJ444P:
            src = AV_PIX_FMT_YUV444P;
            full_range = 1;
            break;
        case AV_PIX_FMT_YUVJ440P:
            src = AV_PIX_FMT_YUV440P;
            full_range = 1;
            break;
        case AV_PIX_FMT_YUVJ411P:
            src = AV_PIX_FMT_YUV411P;
            full_range = 1;
            break;
        default:
            break;
        }
        m->sws = sws_getCachedContext(m->sws, in->width, in->height, src, tw, th, dst, SWS_BILINEAR,
                                      NULL, NULL, NULL);
        if (m->sws) {
            int *inv, *table, src_range, dst_range, bright, contrast, sat;
            if (sws_getColorspaceDetails(m->sws, &inv, &src_range, &table, &dst_range, &bright,
                                         &contrast, &sat) >= 0)
                sws_setColorspaceDetails(m->sws, inv, full_range, table,
                                         dst == AV_PIX_FMT_BGRA ? 1 : 0, bright, contrast, sat);
        }
        f->format = dst;
        f->width = tw;
        f->height = th;
        int ret = 0;
        if (!m->sws || (ret = av_frame_get_buffer(f, 0)) < 0) {
            snprintf(err, err_size, "cannot convert %s %dx%d pictures",
                     av_get_pix_fmt_name(in->format), in->width, in->height);
            av_frame_free(&f);
            av_frame_unref(in);
            return AVERROR(EINVAL);
        }
        sws_scale(m->sws, (const uint8_t *const *)in->data, in->linesize, 0, in->height, f->data,
                  f->linesize);
        av_frame_copy_props(f, in);
        stated_matrix(f, in);
        f->color_range = dst == AV_PIX_FMT_BGRA ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
        av_frame_unref(in);
    }

    int ret = turn_upright(orient, &f, err, err_size);
    if (ret < 0) {
        av_frame_free(&f);
        return ret;
    }

    AVStream *st = m->fmt->streams[m->stream];
    int64_t ts = f->best_effort_timestamp;
    if (ts != AV_NOPTS_VALUE && m->first_ts == AV_NOPTS_VALUE)
        m->first_ts = ts;
    if (ts != AV_NOPTS_VALUE)
        f->pts = av_rescale_q(ts - m->first_ts, st->time_base, AV_TIME_BASE_Q);
    else
        f->pts = m->next_pts_us;
    if (f->pts < 0)
        f->pts = 0;
    m->next_pts_us = f->pts + m->frame_us;
    *out = f;
    return 0;
}

int media_next(struct media *m, AVFrame **out, char *err, size_t err_size)
{
    *out = NULL;
    if (m->opts.still && m->pictures > 0)
        return 1;
    int ret = media_next_picture(m);
    if (ret == AVERROR_EXIT) {
        snprintf(err, err_size, "aborted");
        return ret;
    }
    if (ret == 0) {
        if ((ret = convert(m, out, err, err_size)) == 0)
            m->pictures++;
        return ret;
    }
    if (m->pictures > 0)
        return 1;
    snprintf(err, err_size, "no picture could be decoded (%s)",
             m->last_error[0] ? m->last_error : "no data");
    return AVERROR_INVALIDDATA;
}

static void ffmpeg_log(void *avcl, int level, const char *fmt, va_list vl)
{
    if (level > av_log_get_level())
        return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, sizeof(line), &print_prefix);
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n > 0)
        log_debug("ffmpeg: %s", line);
}

void media_log_init(bool verbose)
{
    av_log_set_level(verbose ? AV_LOG_WARNING : AV_LOG_QUIET);
    av_log_set_callback(ffmpeg_log);
}

int64_t media_frame_duration_us(const struct media *m)
{
    return m->frame_us;
}

int64_t media_duration_us(const struct media *m)
{
    return m->fmt && m->fmt->duration > 0 ? m->fmt->duration : 0;
}

const char *media_describe(const struct media *m)
{
    return m->description;
}

void media_close(struct media *m)
{
    if (!m)
        return;
    demux_free(m->demux);
    deint_free(m->deint);
    tonemap_free(m->tonemap);
    sws_freeContext(m->sws);
    av_frame_free(&m->raw);
    av_packet_free(&m->pkt);
    avcodec_free_context(&m->dec);
    avformat_close_input(&m->fmt);
    free(m);
}
