/* orient: every display matrix FFmpeg can describe (turns of 90 degrees,
 * mirrored or not) gives the orientation whose point mapping is the
 * matrix's own, and orient_apply() moves pixels where orient_map() says. */
#include <libavutil/display.h>
#include <math.h>
#include <string.h>

#include "media/orient.h"
#include "testlib.h"

/* Where FFmpeg's matrix sends stored point (x, y) of a w x h picture, moved
 * so that the upright picture starts at (0, 0). Pixel centres. */
static void matrix_map(const int32_t m[9], int w, int h, int x, int y, int *ux, int *uy)
{
    double a = m[0] / 65536.0, b = m[1] / 65536.0, c = m[3] / 65536.0, d = m[4] / 65536.0;
    double cx[4] = {0, w, 0, w}, cy[4] = {0, 0, h, h};
    double minx = 1e9, miny = 1e9;
    for (int i = 0; i < 4; i++) {
        minx = fmin(minx, a * cx[i] + c * cy[i]);
        miny = fmin(miny, b * cx[i] + d * cy[i]);
    }
    double px = x + 0.5, py = y + 0.5;
    *ux = (int)floor(a * px + c * py - minx);
    *uy = (int)floor(b * px + d * py - miny);
}

static void check_points(struct orient o, const int32_t m[9])
{
    const int w = 7, h = 4;
    int pts[][2] = {{0, 0}, {6, 0}, {0, 3}, {6, 3}, {2, 1}};
    for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
        int ax, ay, bx, by;
        orient_map(o, w, h, pts[i][0], pts[i][1], &ax, &ay);
        matrix_map(m, w, h, pts[i][0], pts[i][1], &bx, &by);
        if (ax != bx || ay != by)
            fprintf(stderr, "%s: (%d,%d) -> (%d,%d), matrix says (%d,%d)\n", orient_describe(o),
                    pts[i][0], pts[i][1], ax, ay, bx, by);
        EXPECT(ax == bx && ay == by);
    }
}

/* A 6x4 picture in fmt whose every pixel is distinct; turned by o, each
 * luma (or blue) sample must be found where orient_map() puts it. */
static void check_apply(struct orient o, enum AVPixelFormat fmt)
{
    AVFrame *in = av_frame_alloc();
    in->format = fmt;
    in->width = 6;
    in->height = 4;
    in->sample_aspect_ratio = (AVRational){4, 3};
    EXPECT_INT(av_frame_get_buffer(in, 0), 0);
    for (int y = 0; y < in->height; y++)
        for (int x = 0; x < in->width; x++) {
            int v = 10 + y * in->width + x;
            if (fmt == AV_PIX_FMT_BGRA)
                memset(in->data[0] + y * in->linesize[0] + x * 4, v, 4);
            else
                in->data[0][y * in->linesize[0] + x] = (uint8_t)v;
        }
    if (fmt != AV_PIX_FMT_BGRA) {
        memset(in->data[1], 128, (size_t)in->linesize[1] * 2);
        if (fmt == AV_PIX_FMT_YUV420P)
            memset(in->data[2], 128, (size_t)in->linesize[2] * 2);
    }
    AVFrame *out = NULL;
    EXPECT_INT(orient_apply(o, in, &out), 0);
    if (!out) {
        av_frame_free(&in);
        return;
    }
    EXPECT_INT(out->width, orient_swaps(o) ? 4 : 6);
    EXPECT_INT(out->height, orient_swaps(o) ? 6 : 4);
    EXPECT_INT(out->sample_aspect_ratio.num, orient_swaps(o) ? 3 : 4);
    int bad = 0;
    for (int y = 0; y < in->height; y++)
        for (int x = 0; x < in->width; x++) {
            int ux, uy;
            orient_map(o, in->width, in->height, x, y, &ux, &uy);
            int step = fmt == AV_PIX_FMT_BGRA ? 4 : 1;
            if (out->data[0][uy * out->linesize[0] + ux * step] != 10 + y * in->width + x)
                bad++;
        }
    if (bad)
        fprintf(stderr, "%s, format %d: %d pixels misplaced\n", orient_describe(o), fmt, bad);
    EXPECT_INT(bad, 0);
    av_frame_free(&out);
    av_frame_free(&in);
}

int main(void)
{
    for (int turn = 0; turn < 360; turn += 90)
        for (int mirror = 0; mirror < 2; mirror++) {
            int32_t m[9];
            av_display_rotation_set(m, turn);
            av_display_matrix_flip(m, mirror, 0);
            bool skewed = true;
            struct orient o = orient_from_matrix(m, &skewed);
            EXPECT(!skewed);
            EXPECT_INT(o.mirror, mirror);
            check_points(o, m);
            /* The same, flipped upside down instead of left-right. */
            av_display_rotation_set(m, turn);
            av_display_matrix_flip(m, 0, mirror);
            check_points(orient_from_matrix(m, NULL), m);
            for (int f = 0; f < 3; f++)
                check_apply(o, f == 0   ? AV_PIX_FMT_YUV420P
                               : f == 1 ? AV_PIX_FMT_NV12
                                        : AV_PIX_FMT_BGRA);
        }
    /* av_display_rotation_set() turns clockwise, av_display_rotation_get()
     * reports counterclockwise: the matrix is what counts. */
    int32_t m[9];
    av_display_rotation_set(m, 90);
    EXPECT_INT(orient_from_matrix(m, NULL).turn, 90);
    EXPECT(fabs(av_display_rotation_get(m) + 90) < 0.01);
    bool skewed = false;
    av_display_rotation_set(m, 30);
    struct orient o = orient_from_matrix(m, &skewed);
    EXPECT(skewed);
    EXPECT_INT(o.turn, 0);
    memset(m, 0, sizeof(m));
    EXPECT(orient_is_upright(orient_from_matrix(m, NULL))); /* singular */
    EXPECT(orient_is_upright(orient_from_matrix(NULL, NULL)));
    EXPECT_INT(orient_from_exif(6).turn, 90);
    EXPECT_INT(orient_from_exif(8).turn, 270);
    EXPECT(orient_from_exif(5).mirror && orient_from_exif(5).turn == 270);
    EXPECT(orient_is_upright(orient_from_exif(0)));
    EXPECT(orient_is_upright(orient_from_exif(9)));
    return test_result("test_orient");
}
