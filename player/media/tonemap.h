/* tonemap: 10-bit HDR video (PQ, SMPTE ST 2084; HLG, ARIB STD-B67) mapped
 * to 8-bit SDR BT.709 on the decode thread, instead of shown washed out.
 *
 * The curve, applied to luma (hue kept; saturation follows luma):
 *   1. the signal to display light in cd/m2: PQ's EOTF, or HLG's inverse
 *      OETF and its OOTF for a 1000 cd/m2 display (system gamma 1.2);
 *   2. relative to HDR reference white, 203 cd/m2 (ITU-R BT.2408), which
 *      becomes SDR's 100%: x = L / 203;
 *   3. up to 0.5 (half of reference white) unchanged; above it highlights
 *      are rolled off smoothly (extended Reinhard, continuous in value and
 *      slope) so that the content's peak lands on SDR white. The peak is the
 *      mastering display's or content light level's when the file states
 *      one, else 1000 cd/m2;
 *   4. back to a signal for a BT.1886 display (gamma 2.4), limited range.
 * Chroma is scaled by the ratio of output to input luma signal, and the
 * matrix turned from BT.2020 to BT.709 (exact for the matrix; the wider
 * BT.2020 primaries are not remapped, so colours are a little less
 * saturated than on an HDR screen). Mid-grey (26 cd/m2, PQ or HLG 38%)
 * lands at 26/203 of SDR white in light; reference white at about 89% of
 * the SDR signal. Pure: no state beyond the tables; any thread. */
#ifndef SIGNAGE_TONEMAP_H
#define SIGNAGE_TONEMAP_H

#include <stdbool.h>

#include <libavutil/frame.h>

#define TONEMAP_REFERENCE_NITS    203.0
#define TONEMAP_DEFAULT_PEAK_NITS 1000.0

struct tonemap;

/* True when f is HDR video this module maps (PQ or HLG transfer). */
bool tonemap_wanted(const AVFrame *f);

/* The peak brightness f's side data states (mastering display, content
 * light level), else TONEMAP_DEFAULT_PEAK_NITS. */
double tonemap_peak_nits(const AVFrame *f);

/* Display light in cd/m2 of a normalised signal e (0..1) of transfer trc
 * (AVCOL_TRC_SMPTE2084 or AVCOL_TRC_ARIB_STD_B67). */
double tonemap_to_nits(int trc, double e);

/* The SDR signal (0..1, BT.1886) for display light nits with peak_nits
 * the brightest the content gets. */
double tonemap_sdr_signal(double nits, double peak_nits);

/* Tables for frames of transfer trc, range full (else limited) and peak
 * brightness peak_nits. Returns NULL on out of memory. */
struct tonemap *tonemap_create(int trc, bool full_range, double peak_nits);

/* True when t was made for f's transfer, range and peak. */
bool tonemap_fits(const struct tonemap *t, const AVFrame *f);

/* A new YUV420P BT.709 limited range frame of in (YUV420P10 or P010) mapped
 * to SDR, with in's timestamps and aspect. Returns 0 with *out set (the
 * caller frees), AVERROR(EINVAL) for another pixel format, or AVERROR(ENOMEM). */
int tonemap_frame(const struct tonemap *t, const AVFrame *in, AVFrame **out);

/* tonemap_free(NULL) is a no-op. */
void tonemap_free(struct tonemap *t);

#endif
