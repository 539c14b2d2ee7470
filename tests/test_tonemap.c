/* tonemap: the transfer functions hit their published reference points, the
 * curve is monotonic and continuous, keeps shadows, lands the peak on SDR
 * white, and a neutral HDR frame stays neutral with mid-grey near mid-grey. */
#include <math.h>

#include "media/tonemap.h"
#include "testlib.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

int main(void)
{
    /* BT.2408: 203 cd/m2 is PQ 58% and HLG 75%; 1000 cd/m2 is PQ 75%. */
    EXPECT(NEAR(tonemap_to_nits(AVCOL_TRC_SMPTE2084, 0.5807), 203, 3));
    EXPECT(NEAR(tonemap_to_nits(AVCOL_TRC_SMPTE2084, 0.7518), 1000, 10));
    EXPECT(NEAR(tonemap_to_nits(AVCOL_TRC_SMPTE2084, 1.0), 10000, 1));
    EXPECT(NEAR(tonemap_to_nits(AVCOL_TRC_ARIB_STD_B67, 0.75), 203, 3));
    EXPECT(NEAR(tonemap_to_nits(AVCOL_TRC_ARIB_STD_B67, 1.0), 1000, 1));
    EXPECT(tonemap_to_nits(AVCOL_TRC_SMPTE2084, 0) < 0.01);

    /* Shadows and mid-grey keep their light relative to reference white. */
    EXPECT(NEAR(pow(tonemap_sdr_signal(26, 1000), 2.4), 26 / 203.0, 1e-6));
    EXPECT(NEAR(tonemap_sdr_signal(1000, 1000), 1.0, 1e-6));
    EXPECT(NEAR(tonemap_sdr_signal(4000, 4000), 1.0, 1e-6));
    EXPECT(tonemap_sdr_signal(203, 1000) > 0.85);
    double last = -1, knee_below = tonemap_sdr_signal(101.49, 1000),
           knee_above = tonemap_sdr_signal(101.51, 1000);
    EXPECT(NEAR(knee_below, knee_above, 1e-3));
    int rising = 1;
    for (double nits = 0; nits <= 1000; nits += 0.5) {
        double v = tonemap_sdr_signal(nits, 1000);
        if (v < last)
            rising = 0;
        last = v;
    }
    EXPECT(rising);

    /* A neutral 10-bit PQ frame: grey, reference white, peak. */
    struct tonemap *t = tonemap_create(AVCOL_TRC_SMPTE2084, false, 1000);
    AVFrame *in = av_frame_alloc();
    in->format = AV_PIX_FMT_YUV420P10;
    in->width = 6;
    in->height = 2;
    in->color_trc = AVCOL_TRC_SMPTE2084;
    EXPECT_INT(av_frame_get_buffer(in, 0), 0);
    const uint16_t codes[3] = {397, 573, 723}; /* 26, 203 and 1000 cd/m2 */
    for (int y = 0; y < 2; y++)
        for (int x = 0; x < 6; x++)
            ((uint16_t *)(in->data[0] + y * in->linesize[0]))[x] = codes[x / 2];
    for (int p = 1; p < 3; p++)
        for (int x = 0; x < 3; x++)
            ((uint16_t *)in->data[p])[x] = 512;
    EXPECT(tonemap_fits(t, in));
    AVFrame *out = NULL;
    EXPECT_INT(tonemap_frame(t, in, &out), 0);
    if (out) {
        EXPECT_INT(out->format, AV_PIX_FMT_YUV420P);
        EXPECT_INT(out->colorspace, AVCOL_SPC_BT709);
        int grey = out->data[0][0], white = out->data[0][2], peak = out->data[0][4];
        printf("limited-range luma: grey %d, reference white %d, peak %d\n", grey, white, peak);
        EXPECT(grey >= 100 && grey <= 116);
        EXPECT(white >= 200);
        EXPECT(peak >= 233);
        for (int x = 0; x < 3; x++) {
            EXPECT(abs(out->data[1][x] - 128) <= 1);
            EXPECT(abs(out->data[2][x] - 128) <= 1);
        }
        av_frame_free(&out);
    }
    in->format = AV_PIX_FMT_YUV420P;
    EXPECT_INT(tonemap_frame(t, in, &out), AVERROR(EINVAL));
    in->color_trc = AVCOL_TRC_BT709;
    EXPECT(!tonemap_wanted(in));
    av_frame_free(&in);
    tonemap_free(t);
    tonemap_free(NULL);
    return test_result("test_tonemap");
}
