#include "loop/slot.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"

const struct slide_text slot_fallback_slide = {
    .title = "Forced to work and can't leave?",
    .body = "National Human Trafficking Hotline\nCall 1-888-373-7888\nText 233733\n"
            "24/7 - confidential - toll-free",
    .background = 0x0b3d91,
    .color = 0xffffff,
};

int slot_slide_px(const struct slot_env *env, struct lineup *l, int playlist, int item)
{
    int *px = &l->slide_px[playlist][item];
    if (!*px) {
        struct slide_opts so = {.mm_per_px = env->mm_per_px};
        *px = slide_common_px(env->fonts, &l->pls[playlist]->items[item], env->box.w, env->box.h,
                              &so);
    }
    return *px;
}

void slot_prepare_slides(struct slide_prep *sp, const struct slot_env *env, struct lineup *l,
                         int64_t until_us)
{
    if (sp->l != l) { /* a reload: start again on the new lineup */
        *sp = (struct slide_prep){.l = l};
    }
    while (sp->playlist < l->n && time_now_us() < until_us) {
        const struct playlist *pl = l->pls[sp->playlist];
        if (sp->item >= pl->n_items) {
            sp->playlist++;
            sp->item = 0;
            if (sp->playlist == l->n)
                log_debug("every slide of the lineup is laid out");
            continue;
        }
        int i = sp->item++;
        if (pl->items[i].kind == ITEM_SLIDE)
            slot_slide_px(env, l, sp->playlist, i);
    }
}

struct clock_now slot_expected_end(const struct slot *sl, struct clock_now now, int64_t app_now_us,
                                   bool waiting)
{
    if (sl->state != SLOT_SHOWING || sl->cut || waiting)
        return now;
    int64_t dur_us = sl->scheduled_us > 0 ? sl->scheduled_us : sl->expected_ms * 1000;
    int64_t left_us = sl->start_us ? sl->start_us + dur_us - app_now_us : dur_us;
    if (left_us > 0) {
        now.wall_ms += left_us / 1000;
        now.mono_ms += left_us / 1000;
    }
    return now;
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

static void open_slide(struct slot *sl, const struct slot_env *env, struct lineup *l)
{
    const struct slide_text *text = sl->var ? &sl->var->slide : &slot_fallback_slide;
    struct slide_opts so = {.mm_per_px = env->mm_per_px};
    if (sl->it)
        so.max_px = slot_slide_px(env, l, sl->pick.playlist, sl->pick.item);
    if (text->title || text->body)
        sl->slide = slide_render(render_sdl(env->render), env->fonts, text, slot_lang(sl),
                                 env->box.w, env->box.h, &so);
    if (sl->slide) {
        sl->state = SLOT_READY;
    } else {
        sl->state = SLOT_FAILED;
        snprintf(sl->error, sizeof(sl->error), "slide cannot be drawn");
    }
}

void slot_open(struct slot *sl, const struct slot_env *env, struct lineup *l,
               const struct schedule_pick *pick)
{
    slot_clear(sl);
    sl->pick = *pick;
    sl->it = schedule_item(l->sched, pick);
    sl->var = sl->it ? &sl->it->variants[pick->variant] : NULL;
    sl->expected_ms = schedule_duration_ms(l->sched, pick, l->fallback_ms);
    sl->duration_us = sl->it ? sl->it->duration_ms * 1000 : l->fallback_ms * 1000;

    if (slot_kind(sl) == ITEM_SLIDE) {
        open_slide(sl, env, l);
        return;
    }
    struct media_opts mo = {.still = sl->it->kind == ITEM_IMAGE};
    if (mo.still) {
        mo.max_w = env->box.w;
        mo.max_h = env->box.h;
        mo.cover = true;
    } else {
        mo.max_w = env->max_tex_w;
        mo.max_h = env->max_tex_h;
        mo.hwdec = env->hwdec;
        if ((!env->render || render_keeps_frame(env->render)) && env->box.w > 0 && env->box.h > 0) {
            /* The software renderer scales on the CPU anyway: a picture
             * larger than the screen is made just large enough to cover it
             * (whatever the fit) on the decode thread, so a 4K clip queues
             * 1080p pictures. Also before the renderer exists (the first
             * item): covering the box loses nothing a GPU would show. */
            mo.max_w = env->box.w;
            mo.max_h = env->box.h;
            mo.cover = true;
        }
    }
    sl->opened_us = time_now_us();
    if (!path_is_file(sl->var->media)) {
        /* A FIFO or a device would block the decode thread in open(). */
        snprintf(sl->error, sizeof(sl->error), "%s",
                 access(sl->var->media, F_OK) == 0 ? "not a regular file" : "no such file");
        sl->state = SLOT_FAILED;
        return;
    }
    struct extras_opts xo = {
        .sound = env->sound,
        .captions = env->captions,
        .captions_file = sl->var->captions,
        .lang = slot_lang(sl),
    };
    bool extras = !mo.still && (xo.sound || xo.captions);
    sl->src = source_open_extras(sl->var->media, &mo, mo.still ? 1 : VIDEO_QUEUE_FRAMES,
                                 extras ? &xo : NULL);
    sl->state = sl->src ? SLOT_LOADING : SLOT_FAILED;
    if (sl->src) /* only the first picture until it goes on screen: memory */
        frame_queue_set_limit(source_queue(sl->src), 1);
    if (!sl->src)
        snprintf(sl->error, sizeof(sl->error), "cannot start decoding");
}

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

int64_t slot_show(struct slot *sl, struct render *r)
{
    sl->state = SLOT_SHOWING;
    sl->scheduled_us = sl->duration_us;
    if (!sl->src)
        return 0;
    struct frame_queue *q = source_queue(sl->src);
    frame_queue_set_limit(q, VIDEO_QUEUE_FRAMES);
    AVFrame *f = frame_queue_pop(q);
    if (f && render_upload(r, &sl->pic, f) == 0) {
        sl->has_pic = true;
        sl->last_pts_us = f->pts;
        sl->frames_shown = 1;
    }
    av_frame_free(&f);
    if (slot_kind(sl) != ITEM_VIDEO)
        return 0;
    int64_t length = source_duration_us(sl->src);
    if (length > 0 && (!sl->scheduled_us || length < sl->scheduled_us))
        sl->scheduled_us = length;
    return length > 0 ? length : 0;
}

bool slot_over(struct slot *sl, int64_t now)
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

int64_t slot_picture_late_us(const struct slot *sl, int64_t now)
{
    if (sl->state != SLOT_SHOWING || !sl->src || slot_kind(sl) != ITEM_VIDEO || !sl->start_us)
        return 0;
    struct frame_queue *q = source_queue(sl->src);
    if (frame_queue_peek(q, 0) || frame_queue_drained(q, NULL, NULL, 0))
        return 0;
    int64_t since = sl->last_frame_us > sl->start_us ? sl->last_frame_us : sl->start_us;
    return now > since ? now - since : 0;
}

bool slot_take_due(struct slot *sl, struct render *r, int64_t now, int64_t *upload_us)
{
    struct frame_queue *q = source_queue(sl->src);
    int64_t clock = now - sl->start_us;
    AVFrame *f = frame_queue_peek(q, 0);
    if (!f || f->pts > clock)
        return false;
    AVFrame *after;
    while ((after = frame_queue_peek(q, 1)) && after->pts <= clock) {
        AVFrame *late = frame_queue_pop(q);
        av_frame_free(&late);
        sl->frames_dropped++;
    }
    f = frame_queue_pop(q);
    int64_t t0 = time_now_us();
    int up = render_upload(r, &sl->pic, f);
    *upload_us += time_now_us() - t0;
    if (up == 0) {
        sl->last_frame_us = now;
        sl->has_pic = true;
        sl->last_pts_us = f->pts;
        sl->frames_shown++;
    }
    av_frame_free(&f);
    return up == 0;
}
