#include "app.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "band.h"
#include "fonts.h"
#include "log.h"
#include "notice.h"
#include "playlist.h"
#include "render.h"
#include "schedule.h"
#include "slide.h"
#include "snapshot.h"
#include "source.h"
#include "util.h"

#define VIDEO_QUEUE_FRAMES 4
#define MAX_WAIT_US        20000 /* events are looked at least this often */
#define LOADING_POLL_US    2000  /* while the next item is still opening */

/* The hotline slide shown when nothing in the playlist can be played. */
static const struct slide_text fallback_slide = {
    .title = "Forced to work and can't leave?",
    .body = "National Human Trafficking Hotline\nCall 1-888-373-7888\nText 233733\n"
            "24/7 - confidential - toll-free",
    .background = 0x0b3d91,
    .color = 0xffffff,
};

enum slot_state {
    SLOT_EMPTY,
    SLOT_LOADING, /* decoding towards its first picture */
    SLOT_READY,   /* first picture (or slide) ready to go on screen */
    SLOT_FAILED,  /* could not be opened or decoded; error says why */
    SLOT_SHOWING, /* on screen */
};

/* One play: the item on screen, or the one being readied to follow it. */
struct slot {
    enum slot_state state;
    int item;              /* index into the playlist, -1 = built-in hotline slide */
    const struct item *it; /* NULL for the built-in slide */
    const struct variant *var;
    struct source *src; /* videos and stills */
    SDL_Texture *slide; /* slides */
    struct picture pic; /* the last frame uploaded; kept across plays for reuse */
    bool has_pic;
    int64_t duration_us;  /* cut off after this long, 0 = a video's own end */
    int64_t scheduled_us; /* how long it should be on screen, for its status */
    int64_t start_us;     /* when its first picture was presented, 0 = not yet */
    int64_t last_pts_us;  /* pts of the picture on screen */
    int64_t started_wall_ms;
    int frames_shown, frames_dropped;
    char error[256];
};

struct app {
    const struct app_opts *o;
    const struct settings *s;
    struct playlist *pl;
    struct schedule *sched;
    struct render *render;
    struct fonts *fonts;
    int screen_w, screen_h; /* logical, after rotation */
    SDL_Rect rot_box;       /* where the rotation shows: the screen less zone and band */
    SDL_Rect zone_box;      /* the notice in zone mode; w = 0 when none */
    SDL_Rect band_box;      /* the hotline band; w = 0 when none */
    double mm_per_px;       /* physical size of a logical pixel, 0 = unknown */
    int *common_px;         /* per item: the body size all its slide variants share, 0 = not yet */
    struct item notice;     /* zone mode: the notice, its languages taking turns */
    struct slot zone;       /* zone mode: the notice language on screen */
    SDL_Texture **zone_tex; /* zone mode: one per notice language, drawn once; NULL = no text */
    int zone_variant;
    int zone_px;
    struct band *band; /* the hotline band, NULL when the playlist has none */
    int max_tex_w, max_tex_h;
    struct slot slots[2];
    struct slot *cur, *next;
    bool quit;
    bool dirty;          /* the screen needs drawing */
    int failures_in_row; /* items that failed since one last played */
    int64_t launch_us;
    int64_t waiting_since_us; /* the item on screen is over but the next is not ready */
    /* figures for --stats */
    int64_t first_present_wall_ms;
    int64_t presents, blank_presents, frames_dropped, plays_ended, plays_failed;
    int64_t max_switch_us; /* longest time from an item's end to the next first picture */
    int64_t notice_cycle_us;
};

static const char *slot_id(const struct slot *sl)
{
    return sl->it ? sl->it->id : "hotline-fallback";
}

static const char *slot_lang(const struct slot *sl)
{
    return sl->var && sl->var->lang[0] ? sl->var->lang : "en";
}

static enum item_kind slot_kind(const struct slot *sl)
{
    return sl->it ? sl->it->kind : ITEM_SLIDE;
}

static enum play_kind slot_play_kind(const struct slot *sl)
{
    return sl->it ? sl->it->play_kind : PLAY_FILLER;
}

/* The body size all language variants of slide item it share in a w x h box. */
static int common_px(struct app *a, const struct item *it, int w, int h)
{
    struct slide_opts so = {.mm_per_px = a->mm_per_px};
    return slide_common_px(a->fonts, it, w, h, &so);
}

/* ---- slots ---- */

static void slot_clear(struct slot *sl)
{
    source_close(sl->src);
    if (sl->slide)
        SDL_DestroyTexture(sl->slide);
    struct picture keep = sl->pic; /* its texture is reused by the next play */
    memset(sl, 0, sizeof(*sl));
    sl->pic = keep;
}

/* Starts readying the play pick: a decode thread for media, the texture for a slide. */
static void slot_open(struct app *a, struct slot *sl, int item, int variant)
{
    slot_clear(sl);
    sl->item = item;
    sl->it = item >= 0 ? &a->pl->items[item] : NULL;
    sl->var = sl->it ? &sl->it->variants[variant] : NULL;
    sl->duration_us = sl->it ? sl->it->duration_ms * 1000 : (int64_t)(a->s->fallback_s * 1e6);

    if (slot_kind(sl) == ITEM_SLIDE) {
        const struct slide_text *text = sl->var ? &sl->var->slide : &fallback_slide;
        struct slide_opts so = {.mm_per_px = a->mm_per_px};
        if (item >= 0 && !a->common_px[item])
            a->common_px[item] = common_px(a, sl->it, a->rot_box.w, a->rot_box.h);
        if (item >= 0)
            so.max_px = a->common_px[item];
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
    sl->src = source_open(sl->var->media, &mo, mo.still ? 1 : VIDEO_QUEUE_FRAMES);
    sl->state = sl->src ? SLOT_LOADING : SLOT_FAILED;
    if (!sl->src)
        snprintf(sl->error, sizeof(sl->error), "cannot start decoding");
}

/* LOADING -> READY when the first picture is queued, -> FAILED on error. */
static void slot_poll(struct slot *sl)
{
    if (sl->state != SLOT_LOADING)
        return;
    struct frame_queue *q = source_queue(sl->src);
    int err = 0;
    if (frame_queue_peek(q, 0))
        sl->state = SLOT_READY;
    else if (frame_queue_drained(q, &err, sl->error, sizeof(sl->error)))
        sl->state = SLOT_FAILED;
}

/* ---- plays: what the ledger will record ---- */

static void play_started(struct app *a, struct slot *sl)
{
    sl->started_wall_ms = time_wall_ms();
    log_info("play start: %s %s [%s] %s%s", play_kind_name(slot_play_kind(sl)), slot_id(sl),
             slot_lang(sl),
             sl->var && sl->var->media ? sl->var->media : item_kind_name(slot_kind(sl)),
             sl->it ? "" : " (nothing else is playable)");
}

static void play_ended(struct app *a, struct slot *sl, int64_t now)
{
    int64_t shown_ms = sl->start_us ? (now - sl->start_us) / 1000 : 0;
    int64_t scheduled_ms = sl->scheduled_us / 1000;
    const char *status = "complete";
    if (sl->error[0])
        status = "error";
    else if (scheduled_ms > 0 && shown_ms + 500 < scheduled_ms)
        status = "partial";
    if (sl != &a->zone) /* --plays counts the rotation's plays */
        a->plays_ended++;
    a->frames_dropped += sl->frames_dropped;
    log_info("play end: %s %s [%s] %s, %lld ms, %d frames, %d dropped",
             play_kind_name(slot_play_kind(sl)), slot_id(sl), slot_lang(sl), status,
             (long long)shown_ms, sl->frames_shown, sl->frames_dropped);
}

static void play_failed(struct app *a, struct slot *sl)
{
    a->plays_failed++;
    const char *what = sl->var && sl->var->media ? sl->var->media : slot_id(sl);
    log_error("%s: not a decodable %s (%s); skipped", what, item_kind_name(slot_kind(sl)),
              sl->error);
}

/* ---- the loop's steps ---- */

static void handle_events(struct app *a)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        if (ev.type == SDL_QUIT) {
            log_info("stopping (signal or window closed)");
            a->quit = true;
        } else if (ev.type == SDL_KEYDOWN &&
                   (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q)) {
            log_info("stopping (key pressed)");
            a->quit = true;
        } else if (ev.type == SDL_WINDOWEVENT &&
                   (ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
                    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)) {
            a->dirty = true;
        } else if (ev.type == SDL_RENDER_TARGETS_RESET || ev.type == SDL_RENDER_DEVICE_RESET) {
            a->dirty = true;
        }
    }
}

/* Keeps one play readied behind the one on screen. */
static void handle_next(struct app *a)
{
    struct slot *nx = a->next;
    slot_poll(nx);
    if (nx->state == SLOT_FAILED) {
        play_failed(a, nx);
        a->failures_in_row++;
        slot_clear(nx);
    }
    if (nx->state != SLOT_EMPTY)
        return;
    /* Every item failed in a row: show the hotline instead of a black screen. */
    if (a->failures_in_row >= a->pl->n_items && !(a->cur->state == SLOT_SHOWING && !a->cur->it)) {
        a->failures_in_row = 0;
        slot_open(a, nx, -1, 0);
        return;
    }
    struct schedule_pick p = schedule_next(a->sched, time_wall_ms());
    slot_open(a, nx, p.item, p.variant);
    slot_poll(nx);
}

/* Takes the first picture of the slot going on screen. */
static void take_first_picture(struct app *a, struct slot *sl)
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

static bool item_over(struct app *a, struct slot *sl, int64_t now)
{
    if (sl->state != SLOT_SHOWING)
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
    return now - sl->start_us >= sl->last_pts_us + source_frame_duration_us(sl->src);
}

/* Ends the play on screen when it is over and puts the next one up, if ready. */
static void handle_item_end(struct app *a, int64_t now)
{
    if (!item_over(a, a->cur, now))
        return;
    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us) {
        a->waiting_since_us = now;
        play_ended(a, a->cur, now);
        if (a->o->plays > 0 && a->plays_ended >= a->o->plays) {
            a->quit = true;
            return;
        }
    }
    if (a->next->state != SLOT_READY)
        return; /* the last picture stays up: never a black screen */

    if (a->waiting_since_us && now - a->waiting_since_us > a->max_switch_us)
        a->max_switch_us = now - a->waiting_since_us;
    a->waiting_since_us = 0;
    struct slot *old = a->cur;
    a->cur = a->next;
    a->next = old;
    slot_clear(a->next);
    a->cur->state = SLOT_SHOWING;
    if (a->cur->it)
        a->failures_in_row = 0;
    take_first_picture(a, a->cur);
    a->cur->scheduled_us = a->cur->duration_us;
    if (a->cur->src && slot_kind(a->cur) == ITEM_VIDEO) {
        int64_t length = source_duration_us(a->cur->src);
        if (length > 0 && (!a->cur->scheduled_us || length < a->cur->scheduled_us))
            a->cur->scheduled_us = length;
    }
    play_started(a, a->cur);
    a->dirty = true;
}

/* Uploads the newest picture that is due; older due pictures are dropped. */
static void handle_frame(struct app *a, int64_t now)
{
    struct slot *sl = a->cur;
    if (sl->state != SLOT_SHOWING || !sl->src || !sl->start_us)
        return;
    struct frame_queue *q = source_queue(sl->src);
    int64_t clock = now - sl->start_us;
    AVFrame *f = frame_queue_peek(q, 0);
    if (!f || f->pts > clock)
        return;
    AVFrame *after;
    while ((after = frame_queue_peek(q, 1)) && after->pts <= clock) {
        AVFrame *late = frame_queue_pop(q);
        av_frame_free(&late);
        sl->frames_dropped++;
    }
    f = frame_queue_pop(q);
    if (render_upload(a->render, &sl->pic, f) == 0) {
        sl->has_pic = true;
        sl->last_pts_us = f->pts;
        sl->frames_shown++;
        a->dirty = true;
    }
    av_frame_free(&f);
}

/* ---- the notice zone and the hotline band ---- */

/* Puts notice language v up in the zone; the zone is a play of its own. */
static void zone_show(struct app *a, int v, int64_t now)
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

static void handle_zone(struct app *a, int64_t now)
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
static void plan_screen(struct app *a)
{
    struct screen_plan sp;
    notice_plan_screen(a->screen_w, a->screen_h, a->pl->n_band > 0, a->notice.n_variants > 0,
                       a->s->notice_position, &sp);
    a->rot_box = sp.rotation;
    a->zone_box = sp.zone;
    a->band_box = sp.band;
}

static void draw(struct app *a)
{
    struct slot *sl = a->cur;
    SDL_Renderer *rr = render_sdl(a->render);
    SDL_SetRenderDrawColor(rr, 0, 0, 0, 255);
    SDL_RenderClear(rr);
    if (sl->slide)
        render_texture(a->render, sl->slide, a->rot_box.w, a->rot_box.h, 0, FIT_STRETCH,
                       &a->rot_box);
    else if (sl->has_pic)
        render_texture(a->render, sl->pic.tex, sl->pic.w, sl->pic.h, sl->pic.aspect, sl->it->fit,
                       &a->rot_box);
    if (a->zone.state == SLOT_SHOWING)
        render_texture(a->render, a->zone_tex[a->zone_variant], a->zone_box.w, a->zone_box.h, 0,
                       FIT_STRETCH, &a->zone_box);
    band_draw(a->band, a->render);
}

static void handle_draw(struct app *a)
{
    if (!a->dirty || a->cur->state != SLOT_SHOWING)
        return;
    bool blank = !a->cur->slide && !a->cur->has_pic;
    draw(a);
    render_present(a->render);
    a->dirty = false;
    a->presents++;
    a->blank_presents += blank;
    int64_t now = time_now_us();
    if (!a->first_present_wall_ms) {
        a->first_present_wall_ms = time_wall_ms();
        log_info("first picture on screen %.0f ms after start", (now - a->launch_us) / 1000.0);
    }
    if (!a->cur->start_us)
        a->cur->start_us = now - a->cur->last_pts_us;
}

static int64_t next_deadline(struct app *a, int64_t now)
{
    int64_t until = now + MAX_WAIT_US;
    struct slot *sl = a->cur;
    if (a->waiting_since_us || sl->state != SLOT_SHOWING)
        return now + LOADING_POLL_US;
    if (sl->start_us) {
        if (sl->duration_us > 0 && sl->start_us + sl->duration_us < until)
            until = sl->start_us + sl->duration_us;
        if (sl->src) {
            AVFrame *f = frame_queue_peek(source_queue(sl->src), 0);
            if (f && sl->start_us + f->pts < until)
                until = sl->start_us + f->pts;
            else if (!f && slot_kind(sl) == ITEM_VIDEO)
                until = now + LOADING_POLL_US; /* decoder behind, or the end is near */
        }
    }
    if (a->next->state == SLOT_LOADING && now + LOADING_POLL_US * 5 < until)
        until = now + LOADING_POLL_US * 5;
    return until;
}

static void sleep_until(int64_t t_us)
{
    int64_t d = t_us - time_now_us();
    if (d <= 0)
        return;
    struct timespec ts = {d / 1000000, (d % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- start and stop ---- */

static void write_stats(struct app *a)
{
    FILE *fp = fopen(a->o->stats, "w");
    if (!fp) {
        log_error("%s: cannot write stats: %s", a->o->stats, strerror(errno));
        return;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu =
        ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    fprintf(fp,
            "{\"first_present_unix_ms\": %lld, \"presents\": %lld, \"blank_presents\": %lld,\n"
            " \"frames_dropped\": %lld, \"plays_ended\": %lld, \"plays_failed\": %lld,\n"
            " \"max_switch_ms\": %.1f, \"cpu_s\": %.3f, \"max_rss_kb\": %ld,\n"
            " \"run_s\": %.3f}\n",
            (long long)a->first_present_wall_ms, (long long)a->presents,
            (long long)a->blank_presents, (long long)a->frames_dropped, (long long)a->plays_ended,
            (long long)a->plays_failed, a->max_switch_us / 1000.0, cpu, ru.ru_maxrss,
            (time_now_us() - a->launch_us) / 1e6);
    fclose(fp);
}

static void write_screenshot(struct app *a)
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

/* Reads the notice texts (logging what is missing); in slot mode the
 * config's notice joins the rotation, in zone mode the app keeps it. */
static void setup_notice(struct app *a)
{
    struct diag d = {0};
    a->notice_cycle_us = (int64_t)(a->s->notice_cycle_s * 1e6);
    notice_setup(a->pl, a->s, &a->notice, &d);
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    diag_free(&d);
}

/* Lays out, before the first picture, what would otherwise stall the loop
 * later: the shared text size of every slide item (all its languages), and
 * the notice zone's pictures. */
static void prepare_slides(struct app *a)
{
    for (int i = 0; i < a->pl->n_items; i++)
        if (a->pl->items[i].kind == ITEM_SLIDE && !a->common_px[i])
            a->common_px[i] = common_px(a, &a->pl->items[i], a->rot_box.w, a->rot_box.h);
    a->zone_tex = notice_render_zone(render_sdl(a->render), a->fonts, &a->notice, &a->zone_box,
                                     a->zone_px, a->mm_per_px);
}

/* Logs the notice's size on this screen (warning when it is under the
 * statute's minimum) and fixes the zone's text size. */
static void measure_notice(struct app *a)
{
    const struct item *it = a->notice.n_variants ? &a->notice : NULL;
    for (int i = 0; !it && i < a->pl->n_items; i++)
        if (a->pl->items[i].notice)
            it = &a->pl->items[i];
    if (it)
        a->zone_px = notice_log_size(a->fonts, it, it == &a->notice ? &a->zone_box : &a->rot_box,
                                     a->mm_per_px);
}

/* The logical screen size, known before the window exists so that the first
 * item can start decoding while SDL opens the window. */
static int screen_size(const struct app_opts *o, int *w, int *h)
{
    if (o->headless) {
        *w = o->width;
        *h = o->height;
    } else {
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(o->settings->display_index, &mode) != 0)
            return -1;
        *w = mode.w;
        *h = mode.h;
    }
    if (o->settings->rotation == 90 || o->settings->rotation == 270) {
        int t = *w;
        *w = *h;
        *h = t;
    }
    return 0;
}

int app_run(const struct app_opts *o)
{
    struct app app = {.o = o, .s = o->settings, .launch_us = time_now_us()};
    struct app *a = &app;
    int rc = 1;
    bool sdl_up = false, ttf_up = false;
    a->cur = &a->slots[0];
    a->next = &a->slots[1];

    struct diag d = {0};
    enum fit_mode fit = FIT_LETTERBOX;
    fit_mode_parse(a->s->fit, &fit);
    a->pl = playlist_load(o->playlist, a->s->media_root, fit, &d);
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    diag_free(&d);
    if (!a->pl) {
        rc = 2;
        goto out;
    }
    setup_notice(a);
    a->common_px = xcalloc((size_t)a->pl->n_items, sizeof(int));
    a->sched = schedule_create(a->pl);
    log_info("playing \"%s\" (%d items) from %s", a->pl->name, a->pl->n_items, o->playlist);

    if (o->headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    } else if (strcmp(a->s->renderer, "software") == 0) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        log_error("no display available (SDL: %s); use --headless to play without one",
                  SDL_GetError());
        goto out;
    }
    sdl_up = true;
    if (screen_size(o, &a->screen_w, &a->screen_h) != 0) {
        log_error("display %d: %s", a->s->display_index, SDL_GetError());
        goto out;
    }
    plan_screen(a);

    /* The window takes a while to open: let the first item decode meanwhile. */
    struct schedule_pick first = schedule_next(a->sched, time_wall_ms());
    bool first_is_media = a->pl->items[first.item].kind != ITEM_SLIDE;
    if (first_is_media)
        slot_open(a, a->next, first.item, first.variant);

    struct render_opts ro = {
        .headless = o->headless,
        .width = o->width,
        .height = o->height,
        .display_index = a->s->display_index,
        .rotation = a->s->rotation,
        .vsync = a->s->vsync,
        .driver = a->s->renderer,
    };
    char err[256];
    a->render = render_create(&ro, err, sizeof(err));
    if (!a->render) {
        log_error("%s", err);
        goto out;
    }
    render_logical_size(a->render, &a->screen_w, &a->screen_h);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(render_sdl(a->render), &info) == 0) {
        a->max_tex_w = info.max_texture_width;
        a->max_tex_h = info.max_texture_height;
    }
    if (TTF_Init() != 0) {
        log_error("SDL_ttf: %s", TTF_GetError());
        goto out;
    }
    ttf_up = true;
    a->fonts = fonts_create(a->s->font);
    if (!a->fonts)
        goto out;
    plan_screen(a);
    float hdpi = 0;
    if (o->headless || SDL_GetDisplayDPI(a->s->display_index, NULL, &hdpi, NULL) != 0)
        hdpi = 0;
    a->mm_per_px = notice_mm_per_px(a->s, a->screen_w, a->screen_h, hdpi);
    measure_notice(a);
    prepare_slides(a);
    for (int v = 0; v < a->notice.n_variants && a->zone.state != SLOT_SHOWING; v++)
        zone_show(a, v, time_now_us());
    a->band = band_create(render_sdl(a->render), a->fonts, a->pl->band, a->pl->n_band, &a->band_box,
                          time_now_us());
    if (!first_is_media)
        slot_open(a, a->next, first.item, first.variant);

    while (!a->quit) {
        handle_events(a);
        int64_t now = time_now_us();
        if (o->for_s > 0 && now - a->launch_us >= (int64_t)(o->for_s * 1e6)) {
            log_info("stopping after %.1f s (--for)", o->for_s);
            break;
        }
        handle_next(a);
        handle_zone(a, now);
        a->dirty |= band_tick(a->band, now);
        handle_item_end(a, now);
        if (a->quit)
            break;
        handle_frame(a, now);
        handle_draw(a);
        sleep_until(next_deadline(a, time_now_us()));
    }

    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us)
        play_ended(a, a->cur, time_now_us());
    if (a->zone.state == SLOT_SHOWING)
        play_ended(a, &a->zone, time_now_us());
    if (o->screenshot)
        write_screenshot(a);
    if (o->stats)
        write_stats(a);
    rc = 0;

out:
    for (int i = 0; i < 2; i++) {
        slot_clear(&a->slots[i]);
        render_picture_release(&a->slots[i].pic);
    }
    slot_clear(&a->zone);
    notice_free_zone(a->zone_tex, a->notice.n_variants);
    band_destroy(a->band);
    notice_item_free(&a->notice);
    free(a->common_px);
    fonts_destroy(a->fonts);
    if (ttf_up)
        TTF_Quit();
    render_destroy(a->render);
    if (sdl_up)
        SDL_Quit();
    schedule_free(a->sched);
    playlist_free(a->pl);
    return rc;
}
