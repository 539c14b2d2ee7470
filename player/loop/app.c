/* The play loop: see app.h. Its parts are modules of their own - slot (one
 * play), plays (what the ledger records of them), stage (what is drawn
 * where), zone (the notice zone), reload - and none of them calls back here. */
#include "loop/app.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "lineup/lineup.h"
#include "loop/alerting.h"
#include "loop/appliance.h"
#include "loop/av.h"
#include "loop/help.h"
#include "loop/plays.h"
#include "loop/reload.h"
#include "loop/slot.h"
#include "loop/stage.h"
#include "loop/stats.h"
#include "loop/zone.h"
#include "screen/fonts.h"
#include "screen/notice.h"

#define MAX_WAIT_US       20000  /* events are looked at least this often */
#define LOADING_POLL_US   2000   /* while the next item is still opening */
#define INTERRUPT_POLL_US 250000 /* how often an urgent item is looked for */
#define DARK_WAIT_US      100000 /* the loop's pace while the panel is dark */

struct app {
    const struct app_opts *o;
    const struct settings *s;
    struct lineup *live;    /* the playlists, zone and schedule playing */
    struct lineup *pending; /* a reload that takes over at the next item boundary */
    struct lineup *retired; /* the lineup before a reload, until its last item is off screen */
    struct reload reload;
    int64_t interrupt_check_us;
    struct stage stage;  /* the screen: render, boxes */
    struct slot_env env; /* what slots are readied with */
    struct hwdec *hwdec; /* hardware decoding for every video, NULL = software */
    struct fonts *fonts;
    struct plays plays;
    struct zone zone;
    struct band *band;        /* the hotline band, NULL when the playlist has none */
    struct alerting alerting; /* emergency alerts: the feed and the alert on screen */
    struct appliance ap;      /* systemd, status file, screen hours, screenshots */
    struct av av;             /* the sound and captions of the play on screen */
    struct help help;         /* the kiosk; help.kiosk NULL when there is none */
    struct slot slots[2];
    struct slot *cur, *next;
    bool quit;
    bool dirty;               /* the screen needs drawing */
    int failures_in_row;      /* items that failed since one last played */
    int64_t launch_us;        /* real time at start */
    int64_t virtual_us;       /* the clock when untimed */
    int64_t waiting_since_us; /* the item on screen is over but the next is not ready */
    /* figures for --stats */
    int64_t plays_ended;
    int64_t max_switch_us; /* longest time from an item's end to the next first picture */
    int64_t upload_us;
};

/* Now, on the app's clock: real time, or a virtual clock with --untimed. */
static int64_t app_now(const struct app *a)
{
    return a->o->untimed ? a->virtual_us : time_now_us();
}

static bool alert_full(const struct app *a)
{
    return alerting_mode(&a->alerting) == ALERT_FULL;
}

static struct stage_scene scene_of(struct app *a)
{
    return (struct stage_scene){.item = a->cur,
                                .zone = zone_picture(&a->zone),
                                .band = a->band,
                                .alert = a->alerting.card,
                                .alert_full = alert_full(a),
                                .kiosk = a->help.kiosk,
                                .caption = a->av.caption.tex,
                                .caption_box = a->av.caption.dst};
}

/* ---- reloads and interrupts ---- */

/* Puts the reloaded lineup in place of the live one, at an item boundary.
 * The old one stays until its item is off screen: the slot on screen
 * points into it. */
static void lineup_install(struct app *a)
{
    schedule_adopt(a->pending->sched, a->live->sched);
    a->retired = a->live;
    a->live = a->pending;
    a->pending = NULL;
    help_forget(&a->help); /* picks of the old lineup */
    slot_clear(a->next);
    a->failures_in_row = 0;
    alerting_languages(&a->alerting, a->live->pls[0]);
    log_info("reload: now playing \"%s\" (%d item%s, %d playlist%s, time zone %s)",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz));
}

static void handle_reload(struct app *a, int64_t now)
{
    struct lineup *l = reload_poll(&a->reload, a->live, now);
    if (l) {
        lineup_free(a->pending);
        a->pending = l;
    }
}

static bool same_pick(const struct schedule_pick *x, const struct schedule_pick *y)
{
    return x->playlist == y->playlist && x->item == y->item && x->variant == y->variant;
}

static void open_next(struct app *a, const struct schedule_pick *p)
{
    a->env.box = a->stage.rot_box;
    slot_open(a->next, &a->env, a->live, p);
}

/* The next item was picked ahead, for when the one on screen was expected
 * to end; asks the schedule again now that it does, and readies the new
 * pick instead if the answer changed (a window opened or closed). */
static bool next_still_due(struct app *a)
{
    if (a->next->forced || a->next->chosen)
        return true;
    struct schedule_pick now = schedule_next(a->live->sched, time_wall_ms());
    if (same_pick(&now, &a->next->pick))
        return true;
    log_debug("schedule changed while %s was readied", slot_id(a->next));
    open_next(a, &now);
    slot_poll(a->next);
    return a->next->state == SLOT_READY;
}

/* The interrupt: cuts the item on screen short (its play is logged
 * partial) and drops the one readied to follow it, so that the next pick
 * is asked for now. */
static void cut_rotation(struct app *a, const char *why)
{
    struct slot *c = a->cur;
    if (c->state == SLOT_SHOWING && !c->cut && !a->waiting_since_us) {
        log_info("interrupting %s [%s]: %s", slot_id(c), slot_lang(c), why);
        c->cut = true;
    }
    slot_clear(a->next);
}

/* Cuts the item on screen short when an urgent item (`interrupt = true`)
 * of a higher priority becomes due; the schedule only says so. */
static void handle_interrupt(struct app *a, int64_t now)
{
    struct slot *c = a->cur;
    if (c->state != SLOT_SHOWING || c->cut || c->forced || a->waiting_since_us || a->retired ||
        now < a->interrupt_check_us)
        return;
    a->interrupt_check_us = now + INTERRUPT_POLL_US;
    if (!schedule_interrupts(a->live->sched, &c->pick, time_wall_ms()))
        return;
    cut_rotation(a, "an urgent item is due");
}

static void plan_screen(struct app *a);

/* Emergency alerts: a change of mode (none, a band, full screen) cuts the
 * rotation at once through the interrupt and splits the screen anew; a
 * full-screen alert holds the rotation back until it ends. */
static void handle_alerts(struct app *a, int64_t now)
{
    struct alerting_change ch;
    bool was_full = alert_full(a);
    alerting_tick(&a->alerting, &a->plays, a->live, time_wall_ms(), &ch);
    if (ch.mode_changed) {
        if (was_full && a->waiting_since_us)
            a->waiting_since_us = now; /* the time to the next picture counts from here */
        plan_screen(a);
        cut_rotation(a, alert_full(a) ? "an emergency alert (full screen)"
                        : alerting_mode(&a->alerting) == ALERT_BAND ? "an emergency alert (band)"
                                                                    : "the emergency alert ended");
        zone_cover(&a->zone, alert_full(a), &a->plays, a->live, now);
        a->cur->bars_clear = false;
    }
    if (ch.mode_changed || ch.redraw) {
        alerting_draw(&a->alerting, render_sdl(a->stage.render), a->fonts, a->live->tz,
                      a->stage.alert_box.w, a->stage.alert_box.h);
        a->dirty = true;
    }
}

/* ---- the loop's steps ---- */

static void handle_events(struct app *a)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        /* A full-screen alert takes the screen: no tap may move a kiosk under it. */
        if (!alert_full(a) && help_event(&a->help, &ev, a->cur, a->live)) {
            a->dirty = true;
        } else if (ev.type == SDL_QUIT) {
            log_info("stopping (signal or window closed)");
            a->quit = true;
        } else if (ev.type == SDL_KEYDOWN &&
                   !a->help.kiosk && /* a public keypad must not stop it */
                   (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q)) {
            log_info("stopping (key pressed)");
            a->quit = true;
        } else if (ev.type == SDL_WINDOWEVENT &&
                   (ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
                    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)) {
            a->dirty = true;
            a->cur->bars_clear = false;
        } else if (ev.type == SDL_RENDER_TARGETS_RESET || ev.type == SDL_RENDER_DEVICE_RESET) {
            a->dirty = true;
        }
    }
}

/* When the item on screen will end, as wall-clock ms: the time the next
 * pick is asked for, so that `every` deadlines and dayparts are judged at
 * the moment it will really start. */
static int64_t expected_start_ms(struct app *a)
{
    int64_t wall = time_wall_ms();
    struct slot *c = a->cur;
    if (c->state != SLOT_SHOWING || c->cut || a->waiting_since_us)
        return wall;
    int64_t dur_us = c->scheduled_us > 0 ? c->scheduled_us : c->expected_ms * 1000;
    if (!c->start_us)
        return wall + dur_us / 1000;
    int64_t left_us = c->start_us + dur_us - app_now(a);
    return wall + (left_us > 0 ? left_us / 1000 : 0);
}

/* Keeps one play readied behind the one on screen. */
static void handle_next(struct app *a)
{
    struct slot *nx = a->next;
    slot_poll(nx);
    if (nx->state == SLOT_FAILED) {
        plays_failed(&a->plays, a->live, nx);
        a->failures_in_row++;
        schedule_played(a->live->sched, &nx->pick, time_wall_ms()); /* its turn is used up */
        slot_clear(nx);
    }
    if (nx->state != SLOT_EMPTY)
        return;
    struct schedule_pick p = {0, SCHEDULE_FALLBACK, 0, SCHEDULE_NOTHING};
    /* Every item failed in a row: show the hotline instead of a black screen. */
    bool forced =
        a->failures_in_row >= a->live->n_items && !(a->cur->state == SLOT_SHOWING && !a->cur->it);
    if (forced)
        a->failures_in_row = 0;
    else
        p = schedule_next(a->live->sched, expected_start_ms(a));
    open_next(a, &p);
    nx->forced = forced;
    slot_poll(nx);
}

/* Ends the play on screen when it is over and puts the next one up, if ready. */
static void handle_item_end(struct app *a, int64_t now)
{
    if (!slot_over(a->cur, now))
        return;
    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us) {
        a->waiting_since_us = now;
        plays_ended(&a->plays, a->live, a->cur, now);
        a->plays_ended++;
        if (a->o->plays > 0 && a->plays_ended >= a->o->plays) {
            a->quit = true;
            return;
        }
    }
    if (alert_full(a))
        return; /* the rotation waits, its next item readied */
    if (a->pending && !a->retired) {
        lineup_install(a);
        return; /* the readied item was the old lineup's: pick again */
    }
    if (help_is_open(&a->help))
        return; /* the rotation waits for the kiosk to close */
    if (a->next->state != SLOT_READY)
        return; /* the last picture stays up: never a black screen */
    if (!next_still_due(a))
        return;

    if (a->waiting_since_us && now - a->waiting_since_us > a->max_switch_us)
        a->max_switch_us = now - a->waiting_since_us;
    a->waiting_since_us = 0;
    struct slot *old = a->cur;
    a->cur = a->next;
    a->next = old;
    av_switch(&a->av, old, a->cur); /* before the old play's sound is freed */
    slot_clear(a->next);
    lineup_free(a->retired); /* its last item just went off screen */
    a->retired = NULL;
    if (a->cur->it)
        a->failures_in_row = 0;
    int64_t length = slot_show(a->cur, a->stage.render);
    av_picture(&a->av, a->cur, &a->env);
    if (length > 0)
        schedule_set_length(a->live->sched, a->cur->pick.playlist, a->cur->pick.item,
                            length / 1000);
    schedule_played(a->live->sched, &a->cur->pick, time_wall_ms());
    plays_started(&a->plays, a->live, a->cur);
    help_played(&a->help, a->cur);
    a->dirty = true;
}

/* Uploads the newest picture that is due; older due pictures are dropped. */
static void handle_frame(struct app *a, int64_t now)
{
    struct slot *sl = a->cur;
    if (sl->state != SLOT_SHOWING || !sl->src || !sl->start_us || sl->cut || alert_full(a))
        return;
    if (slot_take_due(sl, a->stage.render, now, &a->upload_us)) {
        a->dirty = true;
        av_picture(&a->av, sl, &a->env);
    }
}

/* ---- the appliance: watchdog, status, dark hours, screenshots ---- */

static struct appliance_view view_of(struct app *a, int64_t now)
{
    bool showing = a->cur->state == SLOT_SHOWING && !a->waiting_since_us;
    return (struct appliance_view){
        a->cur,         showing,     showing ? slot_picture_late_us(a->cur, now) : 0,
        a->plays_ended, a->live->tz, a->plays.ledger};
}

/* Dark hours begin or end; a screenshot when one is due. */
static void handle_appliance(struct app *a, int64_t now)
{
    struct appliance_view v = view_of(a, now);
    struct appliance_loop l = {a->cur, a->next, &a->plays, a->live, &a->zone, &a->stage};
    enum appliance_event ev = appliance_tick(&a->ap, &v, now);
    if (ev == APPLIANCE_DARK) {
        a->plays_ended += appliance_go_dark(&a->ap, &l, v.showing, now);
        a->waiting_since_us = 0;
        appliance_first_picture(&a->ap, &v); /* a player started at night is ready too */
    } else if (ev == APPLIANCE_LIGHT) {
        appliance_go_light(&a->ap, &l, alert_full(a), now);
        a->dirty = true; /* the next play is picked and readied by handle_next() */
    }
}

/* Draws and presents when something changed; the first present starts the
 * clock of the play on screen. */
static void handle_draw(struct app *a)
{
    if (!a->dirty || (a->cur->state != SLOT_SHOWING && !alert_full(a)))
        return;
    struct stage_scene sc = scene_of(a);
    bool first = !a->stage.presents;
    stage_present(&a->stage, &sc);
    a->dirty = false;
    av_presented(&a->av, a->cur);
    if (first) {
        log_info("first picture on screen %.0f ms after start",
                 (time_now_us() - a->launch_us) / 1000.0);
        struct appliance_view v = view_of(a, app_now(a));
        appliance_first_picture(&a->ap, &v);
    }
    if (a->cur->state == SLOT_SHOWING && !a->cur->start_us)
        a->cur->start_us = app_now(a) - a->cur->last_pts_us;
}

static int64_t next_deadline(struct app *a, int64_t now)
{
    int64_t until = now + MAX_WAIT_US;
    struct slot *sl = a->cur;
    if (alert_full(a))
        return until; /* nothing moves but the alert, looked at every tick */
    if (help_is_open(&a->help))
        return until; /* nothing plays: input is all there is to wait for */
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

/* The queue whose next picture the loop is waiting for, if it is not there yet. */
static struct frame_queue *starved_queue(struct app *a)
{
    struct slot *sl = a->waiting_since_us || a->cur->state != SLOT_SHOWING ? a->next : a->cur;
    if (!sl->src || (sl->state != SLOT_SHOWING && sl->state != SLOT_LOADING))
        return NULL;
    struct frame_queue *q = source_queue(sl->src);
    return frame_queue_peek(q, 0) || frame_queue_drained(q, NULL, NULL, 0) ? NULL : q;
}

/* Waits until t on the app's clock. Untimed, the clock jumps there at once,
 * but a picture still being decoded is waited for in real time: the virtual
 * clock never runs ahead of the decoder, so nothing is dropped. */
static void wait_until(struct app *a, int64_t t)
{
    if (a->o->untimed) {
        struct frame_queue *q = starved_queue(a);
        if (q)
            frame_queue_wait(q, 100);
        else if (t > a->virtual_us)
            a->virtual_us = t;
        return;
    }
    int64_t d = t - time_now_us();
    if (d <= 0)
        return;
    struct timespec ts = {d / 1000000, (d % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- start and stop ---- */

static void write_stats(struct app *a)
{
    char more[512];
    av_stats_json(&a->av, more, sizeof(more));
    struct run_figures f = {
        a->stage.first_present_wall_ms,
        a->stage.presents,
        a->stage.blank_presents,
        a->plays.frames_dropped,
        a->plays_ended,
        a->plays.failed,
        a->max_switch_us,
        a->upload_us,
        a->stage.draw_us,
        a->stage.present_us,
        a->launch_us,
        a->stage.first_present_cpu_s,
        more,
    };
    stats_write(a->o->stats, &f);
}

/* Writes what is on screen, as the viewer sees it, to --screenshot. */
static void write_screenshot(struct app *a)
{
    if ((a->cur->state != SLOT_SHOWING && !alert_full(a)) || !a->stage.presents) {
        log_warn("%s: nothing was shown, no screenshot written", a->o->screenshot);
        return;
    }
    struct stage_scene sc = scene_of(a);
    stage_screenshot(&a->stage, &sc, a->o->screenshot);
}

/* Lays out, before the first picture, what would otherwise stall the loop
 * later: the shared text size of every slide item (all its languages). */
static void prepare_slides(struct app *a)
{
    a->env.box = a->stage.rot_box;
    for (int p = 0; p < a->live->n; p++)
        for (int i = 0; i < a->live->pls[p]->n_items; i++)
            if (a->live->pls[p]->items[i].kind == ITEM_SLIDE)
                slot_slide_px(&a->env, a->live, p, i);
}

static void plan_screen(struct app *a)
{
    stage_plan(&a->stage, a->live->pls[0]->n_band > 0, a->zone.notice.n_variants > 0,
               a->s->notice_position);
    enum alert_mode m = alerting_mode(&a->alerting);
    stage_plan_alert(&a->stage, m == ALERT_BAND, m == ALERT_FULL);
    a->env.box = a->stage.rot_box;
    kiosk_set_box(a->help.kiosk, &a->stage.rot_box); /* an alert band takes its room */
}

int app_run(const struct app_opts *o)
{
    struct app app = {.o = o, .s = o->settings, .launch_us = time_now_us()};
    app.virtual_us = app.launch_us;
    struct app *a = &app;
    int rc = 1;
    bool sdl_up = false, ttf_up = false;
    a->cur = &a->slots[0];
    a->next = &a->slots[1];

    appliance_init(&a->ap, a->s); /* before any thread: it reads the environment */
    /* before any thread: it blocks SIGHUP */
    reload_init(&a->reload, a->s->path, o->playlist, o->playlist_from_config);
    struct diag d = {0}, notes = {0};
    a->live = lineup_load(o->playlist, a->s, false, &d, &notes);
    diag_take(&d, &notes);
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    diag_free(&d);
    if (!a->live) {
        rc = 2;
        goto out;
    }
    if (help_load(&a->help, a->s, o->playlist, a->live, &d) < 0) {
        for (int i = 0; i < d.n_lines; i++)
            log_error("%s", d.lines[i]);
        diag_free(&d);
        rc = 2;
        goto out;
    }
    zone_init(&a->zone, a->live, a->s->notice_cycle_s);
    reload_watch(&a->reload, a->live);
    settings_audience(a->s, &a->plays.audience);
    a->plays.ledger = playlog_open(o->db ? o->db : a->s->ledger, a->s->screen_id, 0);
    alerting_start(&a->alerting, a->s, a->live->pls[0]);
    log_info("playing \"%s\" (%d item%s, %d playlist%s, time zone %s) from %s",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz), o->playlist);
    a->hwdec = hwdec_open(a->s->hwdec, a->s->hwdec_device);
    a->env.hwdec = a->hwdec;

    if (o->headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    } else if (strcmp(a->s->renderer, "software") == 0) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);
    appliance_video_hint(a->s, o->headless);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        const char *tried = SDL_GetHint(SDL_HINT_VIDEODRIVER);
        log_error("no display available (SDL: %s; video drivers tried: %s, display.driver = "
                  "\"%s\"); use --headless to play without one",
                  SDL_GetError(), tried ? tried : "SDL's own order", a->s->video_driver);
        goto out;
    }
    sdl_up = true;
    log_info("video driver: %s", SDL_GetCurrentVideoDriver());
    appliance_start(&a->ap, o->db ? o->db : a->s->ledger, SDL_GetCurrentVideoDriver(),
                    time_now_us());
    if (stage_screen_size(&a->stage, o->headless, o->width, o->height, a->s) != 0) {
        log_error("display %d: %s", a->s->display_index, SDL_GetError());
        goto out;
    }
    plan_screen(a);
    av_init(&a->av, a->s, o->untimed, &a->env);

    /* The window takes a while to open: let the first item decode meanwhile. */
    struct schedule_pick first = schedule_next(a->live->sched, time_wall_ms());
    const struct item *first_item = schedule_item(a->live->sched, &first);
    bool first_is_media = first_item && first_item->kind != ITEM_SLIDE;
    if (first_is_media)
        open_next(a, &first);

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
    a->stage.render = render_create(&ro, err, sizeof(err));
    if (!a->stage.render) {
        log_error("%s", err);
        goto out;
    }
    a->env.render = a->stage.render;
    render_logical_size(a->stage.render, &a->stage.screen_w, &a->stage.screen_h);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(render_sdl(a->stage.render), &info) == 0) {
        a->env.max_tex_w = info.max_texture_width;
        a->env.max_tex_h = info.max_texture_height;
    }
    if (TTF_Init() != 0) {
        log_error("SDL_ttf: %s", TTF_GetError());
        goto out;
    }
    ttf_up = true;
    a->fonts = a->env.fonts = fonts_create(a->s->font);
    if (!a->fonts)
        goto out;
    plan_screen(a);
    float hdpi = 0;
    if (o->headless || SDL_GetDisplayDPI(a->s->display_index, NULL, &hdpi, NULL) != 0)
        hdpi = 0;
    a->env.mm_per_px = notice_mm_per_px(a->s, a->stage.screen_w, a->stage.screen_h, hdpi);
    zone_measure(&a->zone, a->live, &a->env, &a->stage.zone_box);
    prepare_slides(a);
    zone_start(&a->zone, &a->env, &a->stage.zone_box, &a->plays, a->live, time_now_us());
    a->band = band_create(render_sdl(a->stage.render), a->fonts, a->live->pls[0]->band,
                          a->live->pls[0]->n_band, &a->stage.band_box, time_now_us());
    help_start(&a->help, a->stage.render, a->fonts, &a->stage.rot_box, a->env.mm_per_px);
    if (!first_is_media)
        open_next(a, &first);

    while (!a->quit) {
        bool help_was_open = help_is_open(&a->help);
        handle_events(a);
        int64_t now = app_now(a);
        if (o->for_s > 0 && now - a->launch_us >= (int64_t)(o->for_s * 1e6)) {
            log_info("stopping after %.1f s (--for)", o->for_s);
            break;
        }
        handle_reload(a, now);
        handle_appliance(a, now);
        if (a->ap.dark) {
            wait_until(a, now + DARK_WAIT_US);
            continue;
        }
        handle_alerts(a, now);
        handle_interrupt(a, now);
        handle_next(a);
        a->dirty |= zone_tick(&a->zone, &a->plays, a->live, now);
        a->dirty |= band_tick(a->band, now);
        a->dirty |= av_tick(&a->av, a->cur, a->waiting_since_us, a->live->tz, &a->env, now);
        a->dirty |= help_tick(&a->help, &a->plays, a->live);
        if (help_was_open && !help_is_open(&a->help)) { /* quick exit or idle */
            a->cur->bars_clear = false;
            if (a->waiting_since_us) /* the kiosk's time is not a slow switch */
                a->waiting_since_us = now;
        }
        const struct schedule_pick *ad = help_exit_ad(&a->help, a->next);
        if (ad) { /* an ordinary ad at once, not the hotline slide readied next */
            open_next(a, ad);
            a->next->chosen = true;
        }
        handle_item_end(a, now);
        if (a->quit)
            break;
        handle_frame(a, now);
        handle_draw(a);
        if (a->cur->state == SLOT_SHOWING && a->stage.presents) {
            struct stage_scene sc = scene_of(a);
            appliance_capture(&a->ap, &a->stage, &sc, a->cur->play_id, now);
        }
        wait_until(a, next_deadline(a, app_now(a)));
    }

    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us)
        plays_ended(&a->plays, a->live, a->cur, app_now(a));
    av_switch(&a->av, a->cur, NULL); /* its sound counted */
    if (o->screenshot)
        write_screenshot(a);
    if (o->stats)
        write_stats(a);
    rc = 0;

out:
    av_close(&a->av); /* before the sources whose sound it plays */
    for (int i = 0; i < 2; i++) {
        slot_clear(&a->slots[i]);
        render_picture_release(&a->slots[i].pic);
    }
    alerting_end(&a->alerting, &a->plays, a->live, time_wall_ms());
    if (a->live)
        zone_end(&a->zone, &a->plays, a->live, app_now(a));
    if (a->live)
        help_end(&a->help, &a->plays, a->live);
    hwdec_close(a->hwdec); /* decoders still running keep their own reference */
    band_destroy(a->band);
    fonts_destroy(a->fonts);
    if (ttf_up)
        TTF_Quit();
    render_destroy(a->stage.render);
    if (sdl_up)
        SDL_Quit();
    appliance_stop(&a->ap, a->plays.ledger);
    playlog_close(a->plays.ledger); /* after the last plays_ended() */
    plays_free(&a->plays);
    lineup_free(a->live);
    lineup_free(a->pending);
    lineup_free(a->retired);
    reload_free(&a->reload);
    return rc;
}
