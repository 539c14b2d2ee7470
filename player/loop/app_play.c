/* app_play: slots (one play being readied or on screen) and plays (what the
 * ledger records of them). */
#include "loop/app_internal.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "screen/notice.h"
#include "screen/slide.h"
#include "media/snapshot.h"

/* The hotline slide shown when nothing in the playlist can be played. */
const struct slide_text app_fallback_slide = {
    .title = "Forced to work and can't leave?",
    .body = "National Human Trafficking Hotline\nCall 1-888-373-7888\nText 233733\n"
            "24/7 - confidential - toll-free",
    .background = 0x0b3d91,
    .color = 0xffffff,
};

/* The body size all language variants of slide item it share in a w x h box. */
int common_px(struct app *a, const struct item *it, int w, int h)
{
    struct slide_opts so = {.mm_per_px = a->mm_per_px};
    return slide_common_px(a->fonts, it, w, h, &so);
}

void slot_clear(struct slot *sl)
{
    source_close(sl->src);
    if (sl->slide)
        SDL_DestroyTexture(sl->slide);
    struct picture keep = sl->pic; /* its texture is reused by the next play */
    memset(sl, 0, sizeof(*sl));
    sl->pic = keep;
}

/* Starts readying the play pick: a decode thread for media, the texture for a slide. */
void slot_open(struct app *a, struct slot *sl, const struct schedule_pick *pick)
{
    slot_clear(sl);
    sl->pick = *pick;
    sl->it = schedule_item(a->live->sched, pick);
    sl->var = sl->it ? &sl->it->variants[pick->variant] : NULL;
    sl->expected_ms = schedule_duration_ms(a->live->sched, pick, a->live->fallback_ms);
    sl->duration_us = sl->it ? sl->it->duration_ms * 1000 : a->live->fallback_ms * 1000;

    if (slot_kind(sl) == ITEM_SLIDE) {
        const struct slide_text *text = sl->var ? &sl->var->slide : &app_fallback_slide;
        struct slide_opts so = {.mm_per_px = a->mm_per_px};
        if (sl->it) {
            int *px = &a->live->slide_px[pick->playlist][pick->item];
            if (!*px)
                *px = common_px(a, sl->it, a->rot_box.w, a->rot_box.h);
            so.max_px = *px;
        }
        if (text->title || text->body)
            sl->slide = slide_render(render_sdl(a->render), a->fonts, text, slot_lang(sl),
                                     a->rot_box.w, a->rot_box.h, &so);
        if (sl->slide) {
            sl->state = SLOT_READY;
        } else {
            sl->state = SLOT_FAILED;
            snprintf(sl->error, sizeof(sl->error), "slide cannot be drawn");
        }
        return;
    }
    struct media_opts mo = {.still = sl->it->kind == ITEM_IMAGE};
    if (mo.still) {
        mo.max_w = a->rot_box.w;
        mo.max_h = a->rot_box.h;
        mo.cover = true;
    } else {
        mo.max_w = a->max_tex_w;
        mo.max_h = a->max_tex_h;
    }
    sl->opened_us = time_now_us();
    if (!path_is_file(sl->var->media)) {
        /* A FIFO or a device would block the decode thread in open(). */
        snprintf(sl->error, sizeof(sl->error), "%s",
                 access(sl->var->media, F_OK) == 0 ? "not a regular file" : "no such file");
        sl->state = SLOT_FAILED;
        return;
    }
    sl->src = source_open(sl->var->media, &mo, mo.still ? 1 : VIDEO_QUEUE_FRAMES);
    sl->state = sl->src ? SLOT_LOADING : SLOT_FAILED;
    if (sl->src) /* only the first picture until it goes on screen: memory */
        frame_queue_set_limit(source_queue(sl->src), 1);
    if (!sl->src)
        snprintf(sl->error, sizeof(sl->error), "cannot start decoding");
}

/* LOADING -> READY when the first picture is queued, -> FAILED on error. */
void slot_poll(struct slot *sl)
{
    if (sl->state != SLOT_LOADING)
        return;
    struct frame_queue *q = source_queue(sl->src);
    int err = 0;
    if (frame_queue_peek(q, 0)) {
        sl->state = SLOT_READY;
    } else if (frame_queue_drained(q, &err, sl->error, sizeof(sl->error))) {
        sl->state = SLOT_FAILED;
    } else if (time_now_us() - sl->opened_us > LOADING_TIMEOUT_US) {
        /* A stalled network mount, a FIFO: the picture on screen must not freeze. */
        snprintf(sl->error, sizeof(sl->error), "no picture after %d s",
                 LOADING_TIMEOUT_US / 1000000);
        sl->state = SLOT_FAILED;
    }
}

/* The length of one pass through every item of the lineup, for dwell
 * impressions: each item as long as the schedule expects it on screen
 * (videos by their probed length once known). */
static double loop_seconds(const struct app *a)
{
    int64_t ms = 0;
    for (int p = 0; p < a->live->n; p++) {
        for (int i = 0; i < a->live->pls[p]->n_items; i++) {
            struct schedule_pick pick = {.playlist = p, .item = i};
            ms += schedule_duration_ms(a->live->sched, &pick, a->live->fallback_ms);
        }
    }
    return ms / 1000.0;
}

static double impressions_of(const struct app *a, int64_t started_ms, int64_t shown_ms)
{
    struct tz_local local = tz_local_fields(a->live->tz, started_ms / 1000);
    return audience_impressions(&a->audience, local.hour, shown_ms / 1000.0, loop_seconds(a));
}

static struct play_record play_record_of(const struct app *a, const struct slot *sl)
{
    struct play_record rec = {
        .campaign = sl->it ? sl->it->campaign : a->live->pls[0]->campaign,
        .item = slot_id(sl),
        .language = slot_lang(sl),
        .media = sl->var ? sl->var->media_as_written : NULL,
        .kind = slot_play_kind(sl),
        .started_utc_ms = sl->started_wall_ms,
        .scheduled_ms = sl->scheduled_us / 1000,
        .frames_shown = sl->frames_shown,
        .frames_dropped = sl->frames_dropped,
        .impressions = -1,
    };
    memcpy(rec.play_id, sl->play_id, sizeof(rec.play_id));
    return rec;
}

/* Index of path among the failures already logged, or -1. */
static int failed_file(const struct app *a, const char *path)
{
    for (int i = 0; i < a->n_failed_files; i++)
        if (strcmp(a->failed_files[i], path) == 0)
            return i;
    return -1;
}

void play_started(struct app *a, struct slot *sl)
{
    sl->started_wall_ms = time_wall_ms();
    int failed = sl->var && sl->var->media ? failed_file(a, sl->var->media) : -1;
    if (failed >= 0) {
        log_info("%s: plays again", sl->var->media);
        free(a->failed_files[failed]);
        a->failed_files[failed] = a->failed_files[--a->n_failed_files];
    }
    struct play_record rec = play_record_of(a, sl);
    playlog_begin(a->ledger, &rec);
    memcpy(sl->play_id, rec.play_id, sizeof(sl->play_id));
    static const char *const why[] = {"", " (every)", " (nothing is scheduled now)"};
    log_info("play start: %s [%s] %s, %s%s, play %s", slot_id(sl), slot_lang(sl),
             sl->var && sl->var->media ? sl->var->media : item_kind_name(slot_kind(sl)),
             play_kind_name(slot_play_kind(sl)),
             sl->forced ? " (nothing else is playable)" : why[sl->pick.reason], sl->play_id);
}

/* The ledger's thread logs "play end" once the play is committed. */
void play_ended(struct app *a, struct slot *sl, int64_t now)
{
    struct play_record rec = play_record_of(a, sl);
    rec.ended_utc_ms = time_wall_ms();
    rec.shown_ms = sl->start_us ? (now - sl->start_us) / 1000 : 0;
    rec.error = sl->error;
    rec.status = playlog_status(sl->error, rec.scheduled_ms, rec.shown_ms);
    rec.impressions = impressions_of(a, rec.started_utc_ms, rec.shown_ms);
    playlog_end(a->ledger, &rec);
    if (sl != &a->zone) /* --plays counts the rotation's plays */
        a->plays_ended++;
    a->frames_dropped += sl->frames_dropped;
}

void play_failed(struct app *a, struct slot *sl)
{
    a->plays_failed++;
    const char *what = sl->var && sl->var->media ? sl->var->media : slot_id(sl);
    /* Once per file, not once per loop for months: the ledger has every one. */
    bool again = failed_file(a, what) >= 0;
    log_msg(again ? LOG_DEBUG : LOG_ERROR, "%s: not a decodable %s (%s); skipped", what,
            item_kind_name(slot_kind(sl)), sl->error);
    if (!again && a->n_failed_files < MAX_REPORTED_FAILURES)
        a->failed_files[a->n_failed_files++] = xstrdup(what);
    char reason[512];
    snprintf(reason, sizeof(reason), "not a decodable %s: %s", item_kind_name(slot_kind(sl)),
             sl->error);
    struct play_record rec = play_record_of(a, sl);
    rec.started_utc_ms = rec.ended_utc_ms = time_wall_ms();
    rec.status = PLAY_ERROR;
    rec.error = reason;
    rec.impressions = a->audience.n_per_hour ? 0 : -1;
    playlog_end(a->ledger, &rec);
}

/* Takes the first picture of the slot going on screen. */
void take_first_picture(struct app *a, struct slot *sl)
{
    if (!sl->src)
        return;
    AVFrame *f = frame_queue_pop(source_queue(sl->src));
    if (f && render_upload(a->render, &sl->pic, f) == 0) {
        sl->has_pic = true;
        sl->last_pts_us = f->pts;
        sl->frames_shown = 1;
    }
    av_frame_free(&f);
}

bool item_over(struct app *a, struct slot *sl, int64_t now)
{
    if (sl->state != SLOT_SHOWING || sl->cut)
        return true;
    if (!sl->start_us)
        return false;
    if (sl->duration_us > 0 && now - sl->start_us >= sl->duration_us)
        return true;
    if (!sl->src)
        return false;
    int err = 0;
    struct frame_queue *q = source_queue(sl->src);
    if (!frame_queue_drained(q, &err, sl->error, sizeof(sl->error)))
        return false;
    if (err < 0)
        return true; /* broke while playing */
    if (slot_kind(sl) == ITEM_IMAGE)
        return false; /* a still stays for its duration */
    /* The last picture stays for its own duration, or up to where the file
     * says it ends (a one-picture clip of one second), but no more than 5 s. */
    int64_t end = sl->last_pts_us + source_frame_duration_us(sl->src);
    int64_t length = source_duration_us(sl->src);
    if (length > end)
        end = length < sl->last_pts_us + 5000000 ? length : sl->last_pts_us + 5000000;
    return now - sl->start_us >= end;
}
