#include "media/tonemap.h"

#include <math.h>
#include <stdlib.h>

#include <libavutil/mastering_display_metadata.h>

#define KNEE 0.5 /* of reference white: below it, light is kept as it is */

struct tonemap {
    int trc;
    bool full_range;
    double peak_nits;
    float luma[1024]; /* output luma signal (0..1) for each 10-bit code */
    float gain[1024]; /* chroma gain for each 10-bit luma code */
    float k[3][3];    /* BT.2020 Y'CbCr -> BT.709 Y'CbCr, same R'G'B' */
};

bool tonemap_wanted(const AVFrame *f)
{
    return f->color_trc == AVCOL_TRC_SMPTE2084 || f->color_trc == AVCOL_TRC_ARIB_STD_B67;
}

double tonemap_peak_nits(const AVFrame *f)
{
    const AVFrameSideData *sd = av_frame_get_side_data(f, AV_FRAME_DATA_CONTENT_LIGHT_LEVEL);
    if (sd && ((const AVContentLightMetadata *)sd->data)->MaxCLL > 0)
        return ((const AVContentLightMetadata *)sd->data)->MaxCLL;
    sd = av_frame_get_side_data(f, AV_FRAME_DATA_MASTERING_DISPLAY_METADATA);
    if (sd) {
        const AVMasteringDisplayMetadata *md = (const void *)sd->data;
        if (md->has_luminance && md->max_luminance.num > 0 && md->max_luminance.den > 0)
            return av_q2d(md->max_luminance);
    }
    return TONEMAP_DEFAULT_PEAK_NITS;
}

double tonemap_to_nits(int trc, double e)
{
    e = e < 0 ? 0 : e > 1 ? 1 : e;
    if (trc == AVCOL_TRC_ARIB_STD_B67) {
        const double a = 0.17883277, b = 0.28466892, c = 0.55991073;
        double scene = e <= 0.5 ? e * e / 3.0 : (exp((e - c) / a) + b) / 12.0;
        return TONEMAP_DEFAULT_PEAK_NITS * pow(scene, 1.2); /* OOTF, on luma */
    }
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128, c1 = 3424.0 / 4096,
                 c2 = 2413.0 / 4096 * 32, c3 = 2392.0 / 4096 * 32;
    double p = pow(e, 1.0 / m2);
    double num = p - c1 > 0 ? p - c1 : 0;
    return 10000.0 * pow(num / (c2 - c3 * p), 1.0 / m1);
}

double tonemap_sdr_signal(double nits, double peak_nits)
{
    double x = nits / TONEMAP_REFERENCE_NITS;
    double top = peak_nits / TONEMAP_REFERENCE_NITS;
    double y = x;
    if (x > KNEE) {
        if (top <= 1.0) {
            y = x > 1.0 ? 1.0 : x; /* content no brighter than SDR white */
        } else {
            double t = (x - KNEE) / (1.0 - KNEE), r = (top - KNEE) / (1.0 - KNEE);
            y = KNEE + (1.0 - KNEE) * t * (1.0 + t / (r * r)) / (1.0 + t);
        }
    }
    y = y < 0 ? 0 : y > 1 ? 1 : y;
    return pow(y, 1.0 / 2.4);
}

/* Y'CbCr (Y 0..1, C -0.5..0.5) to R'G'B' and back, for luma weights kr, kb. */
static void to_rgb(double kr, double kb, const double ycc[3], double rgb[3])
{
    rgb[0] = ycc[0] + 2 * (1 - kr) * ycc[2];
    rgb[2] = ycc[0] + 2 * (1 - kb) * ycc[1];
    rgb[1] = (ycc[0] - kr * rgb[0] - kb * rgb[2]) / (1 - kr - kb);
}

static void to_ycc(double kr, double kb, const double rgb[3], double ycc[3])
{
    ycc[0] = kr * rgb[0] + (1 - kr - kb) * rgb[1] + kb * rgb[2];
    ycc[1] = (rgb[2] - ycc[0]) / (2 * (1 - kb));
    ycc[2] = (rgb[0] - ycc[0]) / (2 * (1 - kr));
}

struct tonemap *tonemap_create(int trc, bool full_range, double peak_nits)
{
    struct tonemap *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->trc = trc;
    t->full_range = full_range;
    t->peak_nits = peak_nits;
    for (int code = 0; code < 1024; code++) {
        double e = full_range ? code / 1023.0 : (code - 64) / 876.0;
        e = e < 0 ? 0 : e > 1 ? 1 : e;
        double v = tonemap_sdr_signal(tonemap_to_nits(trc, e), peak_nits);
        t->luma[code] = (float)v;
        double g = e > 1e-3 ? v / e : 1.0;
        t->gain[code] = (float)(g > 4.0 ? 4.0 : g);
    }
    for (int col = 0; col < 3; col++) {
        double in[3] = {col == 0, col == 1, col == 2}, rgb[3], out[3];
        to_rgb(0.2627, 0.0593, in, rgb);  /* BT.2020 */
        to_ycc(0.2126, 0.0722, rgb, out); /* BT.709 */
        for (int row = 0; row < 3; row++)
            t->k[row][col] = (float)out[row];
    }
    return t;
}

bool tonemap_fits(const struct tonemap *t, const AVFrame *f)
{
    return (int)f->color_trc == t->trc && (f->color_range == AVCOL_RANGE_JPEG) == t->full_range &&
           tonemap_peak_nits(f) == t->peak_nits;
}

static inline uint8_t clip8(float v)
{
    return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5f);
}

int tonemap_frame(const struct tonemap *t, const AVFrame *in, AVFrame **out)
{
    *out = NULL;
    bool p010 = in->format == AV_PIX_FMT_P010;
    if (!p010 && in->format != AV_PIX_FMT_YUV420P10)
        return AVERROR(EINVAL);
    AVFrame *f = av_frame_alloc();
    if (!f)
        return AVERROR(ENOMEM);
    f->format = AV_PIX_FMT_YUV420P;
    f->width = in->width;
    f->height = in->height;
    int ret = av_frame_get_buffer(f, 0);
    if (ret < 0 || (ret = av_frame_copy_props(f, in)) < 0) {
        av_frame_free(&f);
        return ret;
    }
    f->color_trc = AVCOL_TRC_BT709;
    f->color_primaries = AVCOL_PRI_BT709;
    f->colorspace = AVCOL_SPC_BT709;
    f->color_range = AVCOL_RANGE_MPEG;
    av_frame_remove_side_data(f, AV_FRAME_DATA_MASTERING_DISPLAY_METADATA);
    av_frame_remove_side_data(f, AV_FRAME_DATA_CONTENT_LIGHT_LEVEL);

    const int shift = p010 ? 6 : 0; /* P010 keeps its 10 bits at the top */
    const float cin = t->full_range ? 1023.0f : 896.0f;
    for (int cy = 0; cy < (in->height + 1) / 2; cy++) {
        const uint16_t *y0 = (const uint16_t *)(in->data[0] + (size_t)(2 * cy) * in->linesize[0]);
        const uint16_t *y1 = 2 * cy + 1 < in->height ? y0 + in->linesize[0] / 2 : y0;
        const uint16_t *u = (const uint16_t *)(in->data[1] + (size_t)cy * in->linesize[1]);
        const uint16_t *v =
            p010 ? u + 1 : (const uint16_t *)(in->data[2] + (size_t)cy * in->linesize[2]);
        const int step = p010 ? 2 : 1;
        uint8_t *o0 = f->data[0] + (size_t)(2 * cy) * f->linesize[0];
        uint8_t *o1 = 2 * cy + 1 < in->height ? o0 + f->linesize[0] : o0;
        uint8_t *ou = f->data[1] + (size_t)cy * f->linesize[1];
        uint8_t *ov = f->data[2] + (size_t)cy * f->linesize[2];
        for (int cx = 0; cx < (in->width + 1) / 2; cx++) {
            int x0 = 2 * cx, x1 = x0 + 1 < in->width ? x0 + 1 : x0;
            int a = (y0[x0] >> shift) & 1023, b = (y0[x1] >> shift) & 1023;
            int c = (y1[x0] >> shift) & 1023, d = (y1[x1] >> shift) & 1023;
            float g = t->gain[(a + b + c + d) >> 2];
            float cb = (((u[cx * step] >> shift) & 1023) - 512) / cin * g;
            float cr = (((v[cx * step] >> shift) & 1023) - 512) / cin * g;
            float dy = t->k[0][1] * cb + t->k[0][2] * cr; /* the 709 matrix's luma */
            o0[x0] = clip8(16 + 219 * (t->luma[a] + dy));
            o0[x1] = clip8(16 + 219 * (t->luma[b] + dy));
            o1[x0] = clip8(16 + 219 * (t->luma[c] + dy));
            o1[x1] = clip8(16 + 219 * (t->luma[d] + dy));
            ou[cx] = clip8(128 + 224 * (t->k[1][1] * cb + t->k[1][2] * cr));
            ov[cx] = clip8(128 + 224 * (t->k[2][1] * cb + t->k[2][2] * cr));
        }
    }
    *out = f;
    return 0;
}

void tonemap_free(struct tonemap *t)
{
    free(t);
}
