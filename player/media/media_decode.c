#include "media/media_internal.h"

#include <stdio.h>

#include "base/log.h"

/* More undecodable packets than this before any picture: the file is not media we can show. */
#define MAX_BAD_PACKETS 64

void media_av_reason(int err, char *buf, size_t size)
{
    if (av_strerror(err, buf, size) < 0)
        snprintf(buf, size, "error %d", err);
}

/* Opens m->dec for codec; with hw (VA-API) attached when it takes the
 * codec. Returns 0 or a negative AVERROR (m->dec is then NULL). */
int media_open_decoder(struct media *m, const AVCodec *codec, const struct hwdec *hw)
{
    avcodec_free_context(&m->dec);
    if (!(m->dec = avcodec_alloc_context3(codec)))
        return AVERROR(ENOMEM);
    AVStream *st = m->fmt->streams[m->stream];
    avcodec_parameters_to_context(m->dec, st->codecpar);
    m->dec->pkt_timebase = st->time_base;
    m->dec->thread_count = hw ? 1 : m->threads;
    char why[160] = "";
    m->hw = HWDEC_NONE;
    if (hw && hwdec_attach(hw, m->dec, codec, why, sizeof(why)))
        m->hw = HWDEC_VAAPI;
    else if (hw && hwdec_kind(hw) == HWDEC_VAAPI)
        log_warn("%s: hardware decoding: %s; decoding in software", m->fmt->url, why);
    int ret = avcodec_open2(m->dec, codec, NULL);
    if (ret < 0)
        avcodec_free_context(&m->dec);
    return ret;
}

/* Tries the hardware opts.hwdec offers for m's stream; leaves m->dec NULL
 * (logged) when it cannot, for software to take over. */
void media_open_hw_decoder(struct media *m, const char *path)
{
    const struct hwdec *h = m->opts.hwdec;
    enum AVCodecID id = m->fmt->streams[m->stream]->codecpar->codec_id;
    if (hwdec_kind(h) == HWDEC_V4L2M2M) {
        const AVCodec *v4l2 = hwdec_v4l2_decoder(h, id);
        int ret = v4l2 ? media_open_decoder(m, v4l2, NULL) : AVERROR_DECODER_NOT_FOUND;
        if (ret == 0) {
            m->hw = HWDEC_V4L2M2M;
        } else {
            char reason[96];
            media_av_reason(ret, reason, sizeof(reason));
            log_warn("%s: hardware decoding (v4l2m2m) of %s: %s; decoding in software", path,
                     avcodec_get_name(id), v4l2 ? reason : "no such decoder");
        }
    } else if (media_open_decoder(m, m->codec, h) < 0) {
        log_warn("%s: hardware decoding (vaapi): the decoder does not open; decoding in software",
                 path);
    }
    if (m->dec)
        log_debug("%s: decoding with %s", path, hwdec_name(m->hw));
}

/* The hardware failed midway (or a test says so): software from the picture
 * after the last one given, by seeking back to the key frame before it.
 * Returns 0 or a negative AVERROR. */
static int restart_in_software(struct media *m, const char *reason)
{
    log_warn("%s: %s decoding failed midway (%s); decoding in software from here", m->fmt->url,
             hwdec_name(m->hw), reason);
    int ret = media_open_decoder(m, m->codec, NULL);
    if (ret < 0)
        return ret;
    int64_t ts = m->last_ts; /* the last picture handed on, if any */
    m->skip_until_ts = ts;
    m->flushing = false;
    AVStream *st = m->fmt->streams[m->stream];
    /* With an index (MP4, MKV, WebM) from the key frame before; without one
     * (MPEG-TS) a seek by time may land past every key frame: from the start. */
    int64_t at = ts != AV_NOPTS_VALUE ? ts : INT64_MIN;
    if (avformat_index_get_entries_count(st) > 0 &&
        av_seek_frame(m->fmt, m->stream, at, AVSEEK_FLAG_BACKWARD) >= 0)
        return 0;
    if (av_seek_frame(m->fmt, m->stream, 0, AVSEEK_FLAG_BYTE) >= 0)
        return 0;
    ret = av_seek_frame(m->fmt, m->stream, INT64_MIN, AVSEEK_FLAG_BACKWARD);
    return ret < 0 ? ret : 0;
}

/* The decoder's next picture into m->raw: 0, 1 when no more will come, or
 * AVERROR_EXIT when aborted. */
static int decode_picture(struct media *m)
{
    for (;;) {
        int ret = avcodec_receive_frame(m->dec, m->raw);
        if (ret == 0 && m->hw == HWDEC_VAAPI && hwdec_refused(m->dec)) {
            log_warn("%s: the hardware (vaapi) refused this stream; decoding in software",
                     m->fmt->url);
            m->hw = HWDEC_NONE; /* libavcodec went on in software by itself */
        }
        if (ret == 0 && m->hw != HWDEC_NONE && (ret = hwdec_download(m->raw)) < 0)
            av_frame_unref(m->raw);
        bool test_failure = ret == 0 && ++m->decoded == m->opts.fail_at;
        if ((ret < 0 && ret != AVERROR(EAGAIN) && ret != AVERROR_EOF && m->hw != HWDEC_NONE) ||
            test_failure) {
            char reason[96];
            media_av_reason(ret, reason, sizeof(reason));
            av_frame_unref(m->raw);
            if ((ret = restart_in_software(m, test_failure ? "a test's failure" : reason)) < 0)
                return 1;
            continue;
        }
        if (ret == 0) {
            int64_t ts = m->raw->best_effort_timestamp;
            if (m->skip_until_ts != AV_NOPTS_VALUE && ts != AV_NOPTS_VALUE &&
                ts <= m->skip_until_ts) {
                av_frame_unref(m->raw); /* given before the restart */
                continue;
            }
            m->skip_until_ts = AV_NOPTS_VALUE;
            m->last_ts = ts;
            return 0;
        }
        if (ret == AVERROR_EOF)
            return 1;
        if (ret != AVERROR(EAGAIN)) {
            media_av_reason(ret, m->last_error, sizeof(m->last_error));
            if (++m->bad_packets > MAX_BAD_PACKETS && m->pictures == 0)
                return 1;
        }
        if (m->flushing)
            return 1;

        ret = demux_read(m->demux, m->pkt);
        if (ret < 0) {
            if (ret == AVERROR_EXIT)
                return ret;
            if (ret != AVERROR_EOF)
                media_av_reason(ret, m->last_error, sizeof(m->last_error));
            m->flushing = true;
            avcodec_send_packet(m->dec, NULL);
            continue;
        }
        if (m->pkt->stream_index == m->stream) {
            ret = avcodec_send_packet(m->dec, m->pkt);
            if (ret < 0 && ret != AVERROR(EAGAIN)) {
                media_av_reason(ret, m->last_error, sizeof(m->last_error));
                if (++m->bad_packets > MAX_BAD_PACKETS && m->pictures == 0) {
                    av_packet_unref(m->pkt);
                    return 1;
                }
            }
        }
        av_packet_unref(m->pkt);
    }
}

/* Sends m->raw through the deinterlacer when it must go there, making the
 * deinterlacer on the first interlaced picture. Returns true when it took
 * the picture. */
static bool to_deint(struct media *m)
{
    if (m->deint && !deint_fits(m->deint, m->raw)) {
        deint_free(m->deint); /* the size changed: its one held picture is lost */
        m->deint = NULL;
    }
    if (!m->deint && !m->deint_failed && deint_wanted(m->field_order, m->raw)) {
        char reason[160];
        m->deint = deint_create(m->raw, m->fmt->streams[m->stream]->time_base, m->field_order,
                                reason, sizeof(reason));
        if (m->deint)
            log_debug("%s: interlaced (%s): deinterlaced with bwdif", m->fmt->url,
                      m->field_order == 2   ? "bottom field first"
                      : m->field_order == 1 ? "top field first"
                                            : "by its pictures");
        else
            log_warn("%s: %s; shown as it is", m->fmt->url, reason);
        m->deint_failed = !m->deint;
    }
    if (!m->deint)
        return false;
    if (deint_push(m->deint, m->raw) < 0) {
        log_warn("%s: deinterlacing failed; shown as it is from here on", m->fmt->url);
        av_frame_unref(m->raw);
        deint_free(m->deint);
        m->deint = NULL;
        m->deint_failed = true;
    }
    return true;
}

/* The next picture to show into m->raw, deinterlaced if need be: 0, 1 at
 * the end, or AVERROR_EXIT. */
int media_next_picture(struct media *m)
{
    for (;;) {
        if (m->deint) {
            int ret = deint_pull(m->deint, m->raw);
            if (ret == 0)
                return 0;
            if (ret != AVERROR(EAGAIN))
                return 1;
        }
        if (m->decoded_all) {
            if (!m->deint || m->deint_ended)
                return 1;
            deint_push(m->deint, NULL);
            m->deint_ended = true;
            continue;
        }
        int ret = decode_picture(m);
        if (ret < 0)
            return ret;
        if (ret == 1) {
            m->decoded_all = true;
            continue;
        }
        if (m->opts.still || !to_deint(m))
            return 0;
    }
}
