/* hwdec: hardware video decoding through libavcodec, with software decoding
 * whenever the hardware cannot: no device, a device that fails to open, a
 * stream the hardware refuses, or a failure midway. Every fallback is
 * logged with its reason (hardware decoding silently unused is a bug).
 *
 * Modes: "vaapi" (Intel and AMD: VA-API on a DRM render node; pictures
 * copied once from the GPU into NV12 or P010, which SDL 2's renderers can
 * take), "v4l2m2m" (Raspberry Pi 4/5: the V4L2 memory-to-memory decoders,
 * whose pictures are already in memory and are handed on without a copy),
 * "auto" (VA-API if a render node opens, else V4L2 if a decoder device
 * exists, else software) and "none".
 *
 * One struct hwdec is opened on the main thread at start-up and shared,
 * read-only, by every decode thread (the device is reference counted; a
 * decoder keeps its own reference). */
#ifndef SIGNAGE_HWDEC_H
#define SIGNAGE_HWDEC_H

#include <stdbool.h>

#include <libavcodec/avcodec.h>

enum hwdec_kind { HWDEC_NONE, HWDEC_VAAPI, HWDEC_V4L2M2M };

struct hwdec;

/* Opens the hardware for mode ("auto", "vaapi", "v4l2m2m" or "none"; NULL
 * or "" = "none") on device (a VA-API render node such as
 * /dev/dri/renderD128; NULL or "" = the first that opens). Logs what it
 * found, or why it falls back (a warning when the mode was asked for by
 * name). Returns NULL for software decoding. Main thread, once. */
struct hwdec *hwdec_open(const char *mode, const char *device);

/* hwdec_close(NULL) is a no-op. Decoders still running keep the device. */
void hwdec_close(struct hwdec *h);

/* What h decodes with; HWDEC_NONE for NULL. */
enum hwdec_kind hwdec_kind(const struct hwdec *h);
const char *hwdec_name(enum hwdec_kind kind);

/* The decoder to try for a stream of codec_id: for V4L2 its _v4l2m2m
 * decoder, else NULL (VA-API uses the software decoder's codec with a
 * device attached; see hwdec_attach()). Any thread. */
const AVCodec *hwdec_v4l2_decoder(const struct hwdec *h, enum AVCodecID codec_id);

/* For VA-API: attaches h's device and a get_format callback to dec (not yet
 * opened) when codec can decode through it. Returns true when attached,
 * false with the reason in why (the caller decodes in software). */
bool hwdec_attach(const struct hwdec *h, AVCodecContext *dec, const AVCodec *codec, char *why,
                  size_t why_size);

/* True when dec's get_format callback was offered no hardware format (the
 * hardware refused the stream: profile, size) and chose software. */
bool hwdec_refused(const AVCodecContext *dec);

/* Turns a hardware picture in f into one in memory, in place (NV12 or P010
 * for VA-API); a picture already in memory is left alone. Returns 0 or a
 * negative AVERROR. */
int hwdec_download(AVFrame *f);

#endif
