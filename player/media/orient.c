#include "media/orient.h"

#include <math.h>

#include <libyuv/rotate.h>
#include <libyuv/rotate_argb.h>

struct orient orient_from_matrix(const int32_t matrix[9], bool *skewed)
{
    struct orient o = {0, false};
    if (skewed)
        *skewed = false;
    if (!matrix)
        return o;
    /* FFmpeg's matrix maps a stored point (p, q), y down, to the shown one:
     * p' = a p + c q, q' = b p + d q. */
    double a = matrix[0], b = matrix[1], c = matrix[3], d = matrix[4];
    double det = a * d - b * c;
    if (det == 0)
        return o;
    if (det < 0) { /* a mirror: take it out first, what is left is a turn */
        o.mirror = true;
        a = -a;
        b = -b;
    }
    double deg = atan2(b, a) * 180.0 / M_PI; /* clockwise, y being down */
    double quarter = round(deg / 90.0);
    if (skewed && fabs(deg - quarter * 90.0) > 1.0)
        *skewed = true;
    o.turn = (((int)quarter % 4) + 4) % 4 * 90;
    return o;
}

struct orient orient_from_exif(int value)
{
    static const struct orient table[9] = {
        [1] = {0, false},  [2] = {0, true},   [3] = {180, false}, [4] = {180, true},
        [5] = {270, true}, [6] = {90, false}, [7] = {90, true},   [8] = {270, false},
    };
    return value >= 1 && value <= 8 ? table[value] : table[1];
}

bool orient_is_upright(struct orient o)
{
    return o.turn == 0 && !o.mirror;
}

bool orient_swaps(struct orient o)
{
    return o.turn == 90 || o.turn == 270;
}

void orient_map(struct orient o, int w, int h, int x, int y, int *ux, int *uy)
{
    if (o.mirror)
        x = w - 1 - x;
    switch (o.turn) {
    case 90:
        *ux = h - 1 - y;
        *uy = x;
        break;
    case 180:
        *ux = w - 1 - x;
        *uy = h - 1 - y;
        break;
    case 270:
        *ux = y;
        *uy = w - 1 - x;
        break;
    default:
        *ux = x;
        *uy = y;
    }
}

const char *orient_describe(struct orient o)
{
    static const char *const names[2][4] = {{"upright", "turned 90 degrees clockwise",
                                             "turned 180 degrees", "turned 270 degrees clockwise"},
                                            {"mirrored", "mirrored, turned 90 degrees clockwise",
                                             "mirrored, turned 180 degrees",
                                             "mirrored, turned 270 degrees clockwise"}};
    return names[o.mirror][(o.turn / 90) & 3];
}

/* A plane read bottom row first: a vertical flip for free. */
static void flipped(const uint8_t **data, int *stride, int rows)
{
    *data += (ptrdiff_t)(rows - 1) * *stride;
    *stride = -*stride;
}

int orient_apply(struct orient o, const AVFrame *in, AVFrame **out)
{
    *out = NULL;
    if (in->format != AV_PIX_FMT_YUV420P && in->format != AV_PIX_FMT_NV12 &&
        in->format != AV_PIX_FMT_BGRA)
        return AVERROR(EINVAL);
    AVFrame *f = av_frame_alloc();
    if (!f)
        return AVERROR(ENOMEM);
    f->format = in->format == AV_PIX_FMT_BGRA ? AV_PIX_FMT_BGRA : AV_PIX_FMT_YUV420P;
    f->width = orient_swaps(o) ? in->height : in->width;
    f->height = orient_swaps(o) ? in->width : in->height;
    int ret = av_frame_get_buffer(f, 0);
    if (ret < 0 || (ret = av_frame_copy_props(f, in)) < 0) {
        av_frame_free(&f);
        return ret;
    }
    if (orient_swaps(o) && in->sample_aspect_ratio.num > 0)
        f->sample_aspect_ratio =
            (AVRational){in->sample_aspect_ratio.den, in->sample_aspect_ratio.num};

    /* Mirrored then turned by t is flipped upside down then turned by t + 180. */
    int turn = o.mirror ? (o.turn + 180) % 360 : o.turn;
    enum RotationMode mode = turn == 90    ? kRotate90
                             : turn == 180 ? kRotate180
                             : turn == 270 ? kRotate270
                                           : kRotate0;
    const uint8_t *src[3] = {in->data[0], in->data[1], in->data[2]};
    int stride[3] = {in->linesize[0], in->linesize[1], in->linesize[2]};
    int ch = (in->height + 1) / 2;
    if (o.mirror) {
        flipped(&src[0], &stride[0], in->height);
        if (in->format != AV_PIX_FMT_BGRA)
            flipped(&src[1], &stride[1], ch);
        if (in->format == AV_PIX_FMT_YUV420P)
            flipped(&src[2], &stride[2], ch);
    }
    int rc;
    if (in->format == AV_PIX_FMT_BGRA)
        rc = ARGBRotate(src[0], stride[0], f->data[0], f->linesize[0], in->width, in->height, mode);
    else if (in->format == AV_PIX_FMT_NV12)
        rc = NV12ToI420Rotate(src[0], stride[0], src[1], stride[1], f->data[0], f->linesize[0],
                              f->data[1], f->linesize[1], f->data[2], f->linesize[2], in->width,
                              in->height, mode);
    else
        rc = I420Rotate(src[0], stride[0], src[1], stride[1], src[2], stride[2], f->data[0],
                        f->linesize[0], f->data[1], f->linesize[1], f->data[2], f->linesize[2],
                        in->width, in->height, mode);
    if (rc != 0) {
        av_frame_free(&f);
        return AVERROR(EINVAL);
    }
    *out = f;
    return 0;
}
