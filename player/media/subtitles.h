/* subtitles: a subtitle stream inside a video file (mov_text in MP4,
 * SubRip, ASS or WebVTT in Matroska) decoded into caption cues
 * (captions.h) on the decode thread. Bitmap subtitles (DVB, PGS) are
 * decoded but not shown: their rectangles are counted and logged once. */
#ifndef SIGNAGE_SUBTITLES_H
#define SIGNAGE_SUBTITLES_H

#include <stdbool.h>

#include <libavformat/avformat.h>

#include "media/captions.h"

struct subtitle_dec;

/* True when an ISO 639-2 stream language tag ("eng", "spa", "chi") names
 * the language of BCP 47 tag lang ("en", "es", "zh-Hant"). Pure. */
bool subtitles_lang_matches(const char *stream_lang, const char *lang);

/* The subtitle stream to show for language lang ("" = any): one tagged with
 * that language, else the default one, else the first. -1 when the file
 * has none. */
int subtitles_pick_stream(AVFormatContext *fmt, const char *lang);

/* Opens the decoder of stream `stream`; origin_us (AV_TIME_BASE units) is
 * 0 on the video's clock. Returns NULL with a reason in err. */
struct subtitle_dec *subtitle_dec_open(AVFormatContext *fmt, int stream, int64_t origin_us,
                                       char *err, size_t err_size);

/* Decodes one packet into *cue: returns 1 with a cue (its rectangles' text
 * joined, markup kept; the caller frees cue->text), 2 for an empty event
 * (the screen is cleared from cue->start_us), 0 for nothing to show (a
 * bitmap, no time), or -1 when the packet does not decode. */
int subtitle_dec_packet(struct subtitle_dec *sd, const AVPacket *pkt, struct caption_cue *cue);

/* subtitle_dec_close(NULL) is a no-op. */
void subtitle_dec_close(struct subtitle_dec *sd);

#endif
