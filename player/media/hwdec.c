#include "media/hwdec.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>

#include "base/log.h"
#include "base/util.h"

struct hwdec {
    enum hwdec_kind kind;
    AVBufferRef *device; /* VA-API's device context */
};

/* dec->opaque points here once get_format found no hardware format. */
static const char refused_marker;

static void reason_of(int err, char *buf, size_t size)
{
    if (av_strerror(err, buf, size) < 0)
        snprintf(buf, size, "error %d", err);
}

/* The first of /dev/PREFIX* (renderD128, video0...), or false. */
static bool first_device(const char *dir, const char *prefix, char *path, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    char best[64] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strlen(e->d_name) < sizeof(best) &&
            (!found || strcmp(e->d_name, best) < 0)) {
            snprintf(best, sizeof(best), "%s", e->d_name);
            found = true;
        }
    }
    closedir(d);
    if (found)
        snprintf(path, size, "%s/%s", dir, best);
    return found;
}

/* Opens VA-API on device (or the first render node). NULL with why set. */
static AVBufferRef *open_vaapi(const char *device, char *why, size_t why_size)
{
    char node[256];
    if (device && device[0]) {
        snprintf(node, sizeof(node), "%s", device);
    } else if (!first_device("/dev/dri", "renderD", node, sizeof(node))) {
        snprintf(why, why_size, "no DRM render node (/dev/dri/renderD*)");
        return NULL;
    }
    struct stat st;
    if (stat(node, &st) != 0) {
        snprintf(why, why_size, "%s: no such device", node);
        return NULL;
    }
    AVBufferRef *ref = NULL;
    int ret = av_hwdevice_ctx_create(&ref, AV_HWDEVICE_TYPE_VAAPI, node, NULL, 0);
    if (ret < 0) {
        char reason[96];
        reason_of(ret, reason, sizeof(reason));
        snprintf(why, why_size, "%s does not open as a VA-API device (%s)", node, reason);
        return NULL;
    }
    snprintf(why, why_size, "%s", node);
    return ref;
}

struct hwdec *hwdec_open(const char *mode, const char *device)
{
    if (!mode || !mode[0] || strcmp(mode, "none") == 0)
        return NULL;
    bool any = strcmp(mode, "auto") == 0;
    char why[512] = "", v4l2[300];
    if (any || strcmp(mode, "vaapi") == 0) {
        AVBufferRef *ref = open_vaapi(device, why, sizeof(why));
        if (ref) {
            struct hwdec *h = xcalloc(1, sizeof(*h));
            h->kind = HWDEC_VAAPI;
            h->device = ref;
            log_info("hardware decoding: vaapi on %s", why);
            return h;
        }
        if (!any) {
            log_warn("hardware decoding (vaapi): %s; decoding in software", why);
            return NULL;
        }
    }
    if (any || strcmp(mode, "v4l2m2m") == 0) {
        if (first_device("/dev", "video", v4l2, sizeof(v4l2))) {
            struct hwdec *h = xcalloc(1, sizeof(*h));
            h->kind = HWDEC_V4L2M2M;
            log_info("hardware decoding: v4l2m2m (%s...), where it takes the codec", v4l2);
            return h;
        }
        if (!any) {
            log_warn("hardware decoding (v4l2m2m): no V4L2 device (/dev/video*); decoding in "
                     "software");
            return NULL;
        }
    }
    if (any) {
        log_info("hardware decoding: none found (vaapi: %s; v4l2m2m: no /dev/video*); decoding "
                 "in software",
                 why);
        return NULL;
    }
    log_warn("hardware decoding: unknown mode \"%s\"; decoding in software", mode);
    return NULL;
}

void hwdec_close(struct hwdec *h)
{
    if (!h)
        return;
    av_buffer_unref(&h->device);
    free(h);
}

enum hwdec_kind hwdec_kind(const struct hwdec *h)
{
    return h ? h->kind : HWDEC_NONE;
}

const char *hwdec_name(enum hwdec_kind kind)
{
    return kind == HWDEC_VAAPI ? "vaapi" : kind == HWDEC_V4L2M2M ? "v4l2m2m" : "software";
}

const AVCodec *hwdec_v4l2_decoder(const struct hwdec *h, enum AVCodecID codec_id)
{
    if (hwdec_kind(h) != HWDEC_V4L2M2M)
        return NULL;
    char name[64];
    snprintf(name, sizeof(name), "%s_v4l2m2m", avcodec_get_name(codec_id));
    return avcodec_find_decoder_by_name(name);
}

static enum AVPixelFormat get_format(AVCodecContext *dec, const enum AVPixelFormat *fmts)
{
    for (const enum AVPixelFormat *p = fmts; *p != AV_PIX_FMT_NONE; p++)
        if (*p == AV_PIX_FMT_VAAPI)
            return *p;
    dec->opaque = (void *)&refused_marker;
    for (const enum AVPixelFormat *p = fmts; *p != AV_PIX_FMT_NONE; p++) {
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(*p);
        if (d && !(d->flags & AV_PIX_FMT_FLAG_HWACCEL))
            return *p;
    }
    return AV_PIX_FMT_NONE;
}

bool hwdec_attach(const struct hwdec *h, AVCodecContext *dec, const AVCodec *codec, char *why,
                  size_t why_size)
{
    if (hwdec_kind(h) != HWDEC_VAAPI)
        return false;
    for (int i = 0;; i++) {
        const AVCodecHWConfig *c = avcodec_get_hw_config(codec, i);
        if (!c) {
            snprintf(why, why_size, "vaapi cannot decode %s", codec->name);
            return false;
        }
        if ((c->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) &&
            c->device_type == AV_HWDEVICE_TYPE_VAAPI)
            break;
    }
    if (!(dec->hw_device_ctx = av_buffer_ref(h->device))) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    dec->get_format = get_format;
    dec->opaque = NULL;
    return true;
}

bool hwdec_refused(const AVCodecContext *dec)
{
    return dec->opaque == &refused_marker;
}

int hwdec_download(AVFrame *f)
{
    if (!f->hw_frames_ctx)
        return 0;
    AVFrame *sw = av_frame_alloc();
    if (!sw)
        return AVERROR(ENOMEM);
    int ret = av_hwframe_transfer_data(sw, f, 0);
    if (ret >= 0)
        ret = av_frame_copy_props(sw, f);
    if (ret < 0) {
        av_frame_free(&sw);
        return ret;
    }
    av_frame_unref(f);
    av_frame_move_ref(f, sw);
    av_frame_free(&sw);
    return 0;
}
