/* orient: which way up a picture is stored, and turning it upright.
 *
 * Phones store video as the sensor saw it and say in a display matrix (the
 * `rotate` tag of MP4/MOV, H.264/HEVC display orientation SEI) how to turn
 * it; photos say it with an EXIF Orientation tag. An orientation is a mirror
 * (left-right, applied first) followed by a clockwise turn of 0, 90, 180 or
 * 270 degrees: those eight cover every multiple of 90 degrees, mirrored or
 * not. Pure functions, except orient_apply(), which any one thread may call. */
#ifndef SIGNAGE_ORIENT_H
#define SIGNAGE_ORIENT_H

#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

struct orient {
    int turn;    /* 0, 90, 180, 270: degrees clockwise, after the mirror */
    bool mirror; /* mirrored left-right first */
};

/* The orientation an FFmpeg display matrix (libavutil/display.h, 16.16
 * fixed point) asks for. A turn that is not a multiple of 90 degrees is
 * rounded to the nearest one and *skewed is set (may be NULL); a singular
 * matrix or NULL is upright. */
struct orient orient_from_matrix(const int32_t matrix[9], bool *skewed);

/* The orientation of an EXIF Orientation value (1-8); upright for others. */
struct orient orient_from_exif(int value);

/* True for the identity. */
bool orient_is_upright(struct orient o);

/* True when the turn swaps width and height. */
bool orient_swaps(struct orient o);

/* Where the point (x, y) of a w x h stored picture lands in the upright
 * picture (pixel centres: 0 <= x < w). For tests and screenshots. */
void orient_map(struct orient o, int w, int h, int x, int y, int *ux, int *uy);

/* "turned 90 degrees clockwise, mirrored", for log lines. */
const char *orient_describe(struct orient o);

/* A new frame holding in turned upright by o (YUV420P, NV12 or BGRA in;
 * YUV420P out for YUV, BGRA for BGRA), with timestamps, colour properties
 * and the pixel aspect (inverted when the turn swaps the sides) copied.
 * Returns 0 with *out set (the caller frees), or a negative AVERROR. */
int orient_apply(struct orient o, const AVFrame *in, AVFrame **out);

#endif
