/* app_screen: how the screen is shared (rotation, notice zone, band) and drawn. */
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

/* Puts notice language v up in the zone; the zone is a play of its own. */
void zone_show(struct app *a, int v, int64_t now)
{
    struct slot *z = &a->zone;
    if (z->state == SLOT_SHOWING)
        play_ended(a, z, now);
    slot_clear(z);
    if (!a->zone_tex[v])
        return; /* no text for this language: logged at start */
    z->it = &a->notice;
    z->var = &a->notice.variants[v];
    a->zone_variant = v;
    z->state = SLOT_SHOWING;
    z->duration_us = z->scheduled_us = a->notice_cycle_us;
    z->start_us = now;
    play_started(a, z);
    a->dirty = true;
}

void handle_zone(struct app *a, int64_t now)
{
    if (!a->zone_box.w || a->notice.n_variants < 2 || now - a->zone.start_us < a->notice_cycle_us)
        return;
    for (int k = 1; k <= a->notice.n_variants; k++) {
        int v = (a->zone_variant + k) % a->notice.n_variants;
        if (a->zone_tex[v]) {
            zone_show(a, v, now);
            return;
        }
    }
}

/* Splits the screen between the rotation, the notice zone and the band. */
void plan_screen(struct app *a)
{
    struct screen_plan sp;
    notice_plan_screen(a->screen_w, a->screen_h, a->live->pls[0]->n_band > 0,
                       a->notice.n_variants > 0, a->s->notice_position, &sp);
    a->rot_box = sp.rotation;
    a->zone_box = sp.zone;
    a->band_box = sp.band;
}

static void draw(struct app *a)
{
    struct slot *sl = a->cur;
    SDL_Renderer *rr = render_sdl(a->render);
    enum fit_mode fit = sl->it ? sl->it->fit : FIT_LETTERBOX;
    /* Bars around an opaque picture stay black on a screen that keeps what was
     * drawn (the software renderer): clear them once per play, not per frame. */
    bool bars_kept = sl->bars_clear && sl->pic.opaque && render_keeps_frame(a->render);
    if (!sl->slide && !render_picture_covers(a->render, &sl->pic, fit, &a->rot_box) && !bars_kept) {
        SDL_SetRenderDrawColor(rr, 0, 0, 0, 255);
        SDL_RenderClear(rr);
        sl->bars_clear = true;
    }
    if (sl->slide)
        render_texture(a->render, sl->slide, a->rot_box.w, a->rot_box.h, 0, FIT_STRETCH,
                       &a->rot_box);
    else if (sl->has_pic)
        render_picture(a->render, &sl->pic, sl->it->fit, &a->rot_box);
    if (a->zone.state == SLOT_SHOWING)
        render_texture(a->render, a->zone_tex[a->zone_variant], a->zone_box.w, a->zone_box.h, 0,
                       FIT_STRETCH, &a->zone_box);
    band_draw(a->band, a->render);
}

void handle_draw(struct app *a)
{
    if (!a->dirty || a->cur->state != SLOT_SHOWING)
        return;
    bool blank = !a->cur->slide && !a->cur->has_pic;
    int64_t t0 = time_now_us();
    draw(a);
    int64_t t1 = time_now_us();
    render_present(a->render);
    a->draw_us += t1 - t0;
    a->present_us += time_now_us() - t1;
    a->dirty = false;
    a->presents++;
    a->blank_presents += blank;
    int64_t now = app_now(a);
    if (!a->first_present_wall_ms) {
        a->first_present_wall_ms = time_wall_ms();
        log_info("first picture on screen %.0f ms after start",
                 (time_now_us() - a->launch_us) / 1000.0);
    }
    if (!a->cur->start_us)
        a->cur->start_us = now - a->cur->last_pts_us;
}

void write_screenshot(struct app *a)
{
    if (a->cur->state != SLOT_SHOWING || !a->presents) {
        log_warn("%s: nothing was shown, no screenshot written", a->o->screenshot);
        return;
    }
    draw(a); /* the back buffer's contents after a present are undefined */
    uint8_t *rgb = NULL;
    int w, h;
    if (render_read_rgb(a->render, &rgb, &w, &h) == 0 &&
        snapshot_write_png(a->o->screenshot, rgb, w, h) == 0)
        log_info("screenshot written to %s (%dx%d)", a->o->screenshot, w, h);
    free(rgb);
}

/* Lays out, before the first picture, what would otherwise stall the loop
 * later: the shared text size of every slide item (all its languages), and
 * the notice zone's pictures. */
void prepare_slides(struct app *a)
{
    for (int p = 0; p < a->live->n; p++) {
        const struct playlist *pl = a->live->pls[p];
        for (int i = 0; i < pl->n_items; i++)
            if (pl->items[i].kind == ITEM_SLIDE && !a->live->slide_px[p][i])
                a->live->slide_px[p][i] = common_px(a, &pl->items[i], a->rot_box.w, a->rot_box.h);
    }
    a->zone_tex = notice_render_zone(render_sdl(a->render), a->fonts, &a->notice, &a->zone_box,
                                     a->zone_px, a->mm_per_px);
}

/* Logs the notice's size on this screen (warning when it is under the
 * statute's minimum) and fixes the zone's text size. */
void measure_notice(struct app *a)
{
    const struct item *it = a->notice.n_variants ? &a->notice : NULL;
    for (int p = 0; !it && p < a->live->n; p++)
        for (int i = 0; !it && i < a->live->pls[p]->n_items; i++)
            if (a->live->pls[p]->items[i].notice)
                it = &a->live->pls[p]->items[i];
    if (it)
        a->zone_px = notice_log_size(a->fonts, it, it == &a->notice ? &a->zone_box : &a->rot_box,
                                     a->mm_per_px);
}
