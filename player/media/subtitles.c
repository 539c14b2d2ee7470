#include "media/subtitles.h"

#include <libavcodec/avcodec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "media/demux.h"

#define DEFAULT_CUE_US 5000000 /* a cue that states no end shows this long, or until the next */

struct subtitle_dec {
    AVCodecContext *dec;
    AVStream *st;
    int64_t origin_us;
    int bitmaps; /* bitmap rectangles seen (not shown) */
};

/* ISO 639-1 codes and the ISO 639-2 codes (B and T) streams are tagged with. */
static const char *const lang_codes[][3] = {
    {"en", "eng", NULL},  {"es", "spa", NULL},  {"fr", "fra", "fre"}, {"de", "deu", "ger"},
    {"zh", "zho", "chi"}, {"ar", "ara", NULL},  {"vi", "vie", NULL},  {"ko", "kor", NULL},
    {"ja", "jpn", NULL},  {"tl", "tgl", "fil"}, {"ru", "rus", NULL},  {"fa", "fas", "per"},
    {"hi", "hin", NULL},  {"hy", "hye", "arm"}, {"km", "khm", NULL},  {"th", "tha", NULL},
    {"pt", "por", NULL},  {"it", "ita", NULL},  {"pl", "pol", NULL},  {"uk", "ukr", NULL},
    {"ht", "hat", NULL},  {"so", "som", NULL},  {"am", "amh", NULL},  {"pa", "pan", NULL},
};

bool subtitles_lang_matches(const char *stream_lang, const char *lang)
{
    if (!stream_lang || !lang || !lang[0])
        return false;
    char primary[9] = "";
    size_t n = strcspn(lang, "-_");
    if (n >= sizeof(primary))
        return false;
    memcpy(primary, lang, n);
    primary[n] = '\0';
    if (strcasecmp(stream_lang, primary) == 0)
        return true;
    for (size_t i = 0; i < sizeof(lang_codes) / sizeof(lang_codes[0]); i++) {
        if (strcasecmp(lang_codes[i][0], primary) != 0)
            continue;
        for (int k = 1; k < 3; k++)
            if (lang_codes[i][k] && strcasecmp(lang_codes[i][k], stream_lang) == 0)
                return true;
    }
    return false;
}

int subtitles_pick_stream(AVFormatContext *fmt, const char *lang)
{
    int first = -1, by_default = -1;
    for (unsigned i = 0; i < fmt->nb_streams; i++) {
        AVStream *st = fmt->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE)
            continue;
        AVDictionaryEntry *e = av_dict_get(st->metadata, "language", NULL, 0);
        if (e && subtitles_lang_matches(e->value, lang))
            return (int)i;
        if (first < 0)
            first = (int)i;
        if (by_default < 0 && (st->disposition & AV_DISPOSITION_DEFAULT))
            by_default = (int)i;
    }
    return by_default >= 0 ? by_default : first;
}

struct subtitle_dec *subtitle_dec_open(AVFormatContext *fmt, int stream, int64_t origin_us,
                                       char *err, size_t err_size)
{
    AVCodecContext *dec = demux_open_decoder(fmt->streams[stream], "subtitle", err, err_size);
    if (!dec)
        return NULL;
    struct subtitle_dec *sd = xcalloc(1, sizeof(*sd));
    sd->dec = dec;
    sd->st = fmt->streams[stream];
    sd->origin_us = origin_us;
    return sd;
}

/* The text of an ASS event as FFmpeg gives it: "ReadOrder,Layer,Style,Name,
 * MarginL,MarginR,MarginV,Effect,Text" (Text may hold commas). */
static const char *ass_text(const char *ass)
{
    const char *p = ass;
    for (int commas = 0; commas < 8; commas++) {
        p = strchr(p, ',');
        if (!p)
            return ass;
        p++;
    }
    return p;
}

int subtitle_dec_packet(struct subtitle_dec *sd, const AVPacket *pkt, struct caption_cue *cue)
{
    memset(cue, 0, sizeof(*cue));
    AVSubtitle sub;
    int got = 0;
    AVPacket *copy = av_packet_clone(pkt); /* the decoder's argument is not const */
    if (!copy)
        return -1;
    int ret = avcodec_decode_subtitle2(sd->dec, &sub, &got, copy);
    int64_t pkt_pts = copy->pts, pkt_duration = copy->duration;
    av_packet_free(&copy);
    if (ret < 0)
        return -1;
    if (!got)
        return 0;
    int64_t base = sub.pts != AV_NOPTS_VALUE ? sub.pts
                   : pkt_pts != AV_NOPTS_VALUE
                       ? av_rescale_q(pkt_pts, sd->st->time_base, AV_TIME_BASE_Q)
                       : AV_NOPTS_VALUE;
    if (base == AV_NOPTS_VALUE) {
        avsubtitle_free(&sub);
        return 0;
    }
    int64_t start = base - sd->origin_us + (int64_t)sub.start_display_time * 1000;
    int64_t end;
    if (sub.end_display_time > sub.start_display_time && sub.end_display_time != UINT32_MAX)
        end = base - sd->origin_us + (int64_t)sub.end_display_time * 1000;
    else if (pkt_duration > 0)
        end = start + av_rescale_q(pkt_duration, sd->st->time_base, AV_TIME_BASE_Q);
    else
        end = start + DEFAULT_CUE_US;

    /* The rectangles of one event make one cue, their lines joined. */
    size_t len = 1;
    for (unsigned i = 0; i < sub.num_rects; i++) {
        const AVSubtitleRect *r = sub.rects[i];
        if (r->type == SUBTITLE_ASS && r->ass)
            len += strlen(r->ass) + 1;
        else if (r->type == SUBTITLE_TEXT && r->text)
            len += strlen(r->text) + 1;
        else if (r->type == SUBTITLE_BITMAP && sd->bitmaps++ == 0)
            log_info("%s subtitles are pictures; only text subtitles are shown",
                     avcodec_get_name(sd->st->codecpar->codec_id));
    }
    char *text = xcalloc(1, len);
    for (unsigned i = 0; i < sub.num_rects; i++) {
        const AVSubtitleRect *r = sub.rects[i];
        const char *t = r->type == SUBTITLE_ASS && r->ass     ? ass_text(r->ass)
                        : r->type == SUBTITLE_TEXT && r->text ? r->text
                                                              : NULL;
        if (!t)
            continue;
        if (text[0])
            strcat(text, "\n");
        strcat(text, t);
    }
    int rc = 0;
    if (sub.num_rects == 0) { /* an empty event clears the screen */
        cue->start_us = cue->end_us = start;
        rc = 2;
    } else if (text[0]) {
        *cue = (struct caption_cue){start, end, text, 0};
        text = NULL;
        rc = 1;
    }
    free(text);
    avsubtitle_free(&sub);
    return rc;
}

void subtitle_dec_close(struct subtitle_dec *sd)
{
    if (!sd)
        return;
    avcodec_free_context(&sd->dec);
    free(sd);
}
