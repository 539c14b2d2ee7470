#include "media/snapshot.h"

#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/log.h"
#include "base/util.h"

int snapshot_write_png(const char *path, const uint8_t *rgb, int w, int h)
{
    int rc = -1;
    AVCodecContext *enc = NULL;
    AVFrame *frame = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    char *tmp = xasprintf("%s.tmp", path);
    FILE *fp = NULL;
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_PNG);

    if (!codec || !frame || !pkt || !(enc = avcodec_alloc_context3(codec))) {
        log_error("%s: no PNG encoder", path);
        goto out;
    }
    enc->width = w;
    enc->height = h;
    enc->pix_fmt = AV_PIX_FMT_RGB24;
    enc->time_base = (AVRational){1, 1};
    if (avcodec_open2(enc, codec, NULL) < 0) {
        log_error("%s: cannot open the PNG encoder", path);
        goto out;
    }
    frame->format = AV_PIX_FMT_RGB24;
    frame->width = w;
    frame->height = h;
    frame->data[0] = (uint8_t *)rgb;
    frame->linesize[0] = w * 3;
    if (avcodec_send_frame(enc, frame) < 0 || avcodec_send_frame(enc, NULL) < 0 ||
        avcodec_receive_packet(enc, pkt) < 0) {
        log_error("%s: PNG encoding failed", path);
        goto out;
    }
    if (!(fp = fopen(tmp, "wb"))) {
        log_error("%s: cannot write: %m", tmp);
        goto out;
    }
    if (fwrite(pkt->data, 1, (size_t)pkt->size, fp) != (size_t)pkt->size || fclose(fp) != 0) {
        fp = NULL;
        log_error("%s: write failed: %m", tmp);
        remove(tmp);
        goto out;
    }
    fp = NULL;
    if (rename(tmp, path) != 0) {
        log_error("%s: cannot rename into place: %m", path);
        remove(tmp);
        goto out;
    }
    rc = 0;
out:
    if (fp)
        fclose(fp);
    free(tmp);
    av_packet_free(&pkt);
    av_frame_free(&frame);
    avcodec_free_context(&enc);
    return rc;
}
