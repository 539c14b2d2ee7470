#include "loop/stage.h"

#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "media/snapshot.h"
#include "screen/alert_card.h"
#include "screen/notice.h"

int stage_init_video(struct stage *st, const struct render_opts *ro, const struct settings *s)
{
    if (ro->headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    } else if (strcmp(s->renderer, "software") == 0) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        const char *tried = SDL_GetHint(SDL_HINT_VIDEODRIVER);
        log_error("no display available (SDL: %s; video drivers tried: %s, display.driver = "
                  "\"%s\"); use --headless to play without one",
                  SDL_GetError(), tried ? tried : "SDL's own order", s->video_driver);
        return -1;
    }
    st->sdl_up = true;
    int w = ro->width, h = ro->height;
    if (!ro->headless) {
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(s->display_index, &mode) != 0) {
            log_error("display %d: %s", s->display_index, SDL_GetError());
            return -1;
        }
        w = mode.w;
        h = mode.h;
    }
    bool turned = s->rotation == 90 || s->rotation == 270;
    st->screen_w = turned ? h : w;
    st->screen_h = turned ? w : h;
    return 0;
}

int stage_open(struct stage *st, const struct render_opts *ro, const struct settings *s)
{
    char err[256];
    st->render = render_create(ro, err, sizeof(err));
    if (!st->render) {
        log_error("%s", err);
        return -1;
    }
    render_logical_size(st->render, &st->screen_w, &st->screen_h);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(render_sdl(st->render), &info) == 0) {
        st->max_tex_w = info.max_texture_width;
        st->max_tex_h = info.max_texture_height;
    }
    if (TTF_Init() != 0) {
        log_error("SDL_ttf: %s", TTF_GetError());
        return -1;
    }
    st->ttf_up = true;
    st->fonts = fonts_create(s->font);
    return st->fonts ? 0 : -1;
}

void stage_close(struct stage *st)
{
    fonts_destroy(st->fonts);
    st->fonts = NULL;
    if (st->ttf_up)
        TTF_Quit();
    render_destroy(st->render);
    st->render = NULL;
    if (st->sdl_up)
        SDL_Quit();
    st->ttf_up = st->sdl_up = false;
}

void stage_plan(struct stage *st, bool band, bool zone, const char *position)
{
    struct screen_plan sp;
    notice_plan_screen(st->screen_w, st->screen_h, band, zone, position, &sp);
    st->rot_box = sp.rotation;
    st->zone_box = sp.zone;
    st->band_box = sp.band;
}

void stage_plan_alert(struct stage *st, bool band, bool full)
{
    st->alert_box = (SDL_Rect){0};
    if (full)
        st->alert_box = (SDL_Rect){0, 0, st->screen_w, st->screen_h};
    else if (band)
        alert_card_band_split(&st->rot_box, &st->alert_box, &st->rot_box);
}

/* The rotation's play in its box. */
static void draw_item(struct stage *st, struct slot *sl)
{
    SDL_Renderer *rr = render_sdl(st->render);
    enum fit_mode fit = sl->it ? sl->it->fit : FIT_LETTERBOX;
    /* Bars around an opaque picture stay black on a screen that keeps what was
     * drawn (the software renderer): clear them once per play, not per frame. */
    bool bars_kept = sl->bars_clear && sl->pic.opaque && render_keeps_frame(st->render);
    if (!sl->slide && !render_picture_covers(st->render, &sl->pic, fit, &st->rot_box) &&
        !bars_kept) {
        SDL_SetRenderDrawColor(rr, 0, 0, 0, 255);
        SDL_RenderClear(rr);
        sl->bars_clear = true;
    }
    if (sl->slide)
        render_texture(st->render, sl->slide, st->rot_box.w, st->rot_box.h, 0, FIT_STRETCH,
                       &st->rot_box);
    else if (sl->has_pic)
        render_picture(st->render, &sl->pic, fit, &st->rot_box);
}

static void draw(struct stage *st, const struct stage_scene *sc)
{
    struct slot *sl = sc->item;
    if (sc->alert && sc->alert_full) {
        render_texture(st->render, sc->alert, st->alert_box.w, st->alert_box.h, 0, FIT_STRETCH,
                       &st->alert_box);
        sl->bars_clear = false; /* the rotation's bars are drawn over */
        return;
    }
    if (kiosk_is_open(sc->kiosk)) { /* over the rotation's box; the zone, band, alert stay */
        kiosk_draw_screen(sc->kiosk);
        sl->bars_clear = false;
    } else {
        draw_item(st, sl);
        if (sc->caption)
            render_texture(st->render, sc->caption, sc->caption_box.w, sc->caption_box.h, 0,
                           FIT_STRETCH, &sc->caption_box);
    }
    if (sc->zone)
        render_texture(st->render, sc->zone, st->zone_box.w, st->zone_box.h, 0, FIT_STRETCH,
                       &st->zone_box);
    band_draw(sc->band, st->render);
    if (sc->alert)
        render_texture(st->render, sc->alert, st->alert_box.w, st->alert_box.h, 0, FIT_STRETCH,
                       &st->alert_box);
}

bool stage_present(struct stage *st, const struct stage_scene *sc)
{
    bool blank = !sc->item->slide && !sc->item->has_pic && !(sc->alert && sc->alert_full);
    int64_t t0 = time_now_us();
    draw(st, sc);
    int64_t t1 = time_now_us();
    render_present(st->render);
    st->draw_us += t1 - t0;
    st->present_us += time_now_us() - t1;
    st->presents++;
    st->blank_presents += blank;
    if (!st->first_present_wall_ms) {
        st->first_present_wall_ms = time_wall_ms();
        st->first_present_cpu_s = time_process_cpu_s();
    }
    return !blank;
}

int stage_capture(struct stage *st, const struct stage_scene *sc, uint8_t **rgb, int *w, int *h)
{
    draw(st, sc); /* the back buffer's contents after a present are undefined */
    return render_read_rgb(st->render, rgb, w, h);
}

void stage_blank(struct stage *st)
{
    SDL_Renderer *r = render_sdl(st->render);
    SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
    SDL_RenderClear(r);
    render_present(st->render);
}

int stage_screenshot(struct stage *st, const struct stage_scene *sc, const char *path)
{
    uint8_t *rgb = NULL;
    int w, h, rc = -1;
    if (stage_capture(st, sc, &rgb, &w, &h) == 0 && snapshot_write_png(path, rgb, w, h) == 0) {
        log_info("screenshot written to %s (%dx%d)", path, w, h);
        rc = 0;
    }
    free(rgb);
    return rc;
}
