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
#include "loop/content.h"
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
#define PREPARE_SLICE_US  5000   /* time left before the loop's next deadline to lay out a slide */
#define DARK_WAIT_US      100000 /* the loop's pace while the panel is dark */

struct app {
    const struct app_opts *o;
    const struct settings *s;
    struct lineup *live;    /* the playlists, zone and schedule playing */
    struct lineup *pending; /* a reload that takes over at the next item boundary */
    struct lineup *retired; /* the lineup before a reload, until its last item is off screen */
    struct reload reload;
    struct fetch *fetch; /* content bundles from a web server; NULL when off */
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
    int64_t launch_wall_ms;   /* the wall clock then */
    struct clock clock;       /* what the schedule and the ledger read (app_clock_read) */
    int64_t virtual_us;       /* the clock when untimed */
    int64_t waiting_since_us; /* the item on screen is over but the next is not ready */
    struct slide_prep prep;   /* slides laid out after the first picture */
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

/* Both clocks as the schedule and the ledger see them: the system's, or
 * with --untimed the virtual clock, on which a simulated day passes in
 * minutes and `every` and dayparts keep up with it. */
static struct clock_now app_clock_read(void *ctx)
{
    const struct app *a = ctx;
    if (!a->o->untimed)
        return clock_read(NULL);
    int64_t ms = (a->virtual_us - a->launch_us) / 1000;
    struct clock_now t = {a->launch_wall_ms + ms, a->launch_us / 1000 + ms};
    return t;
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
    content_installed(a->fetch, a->live);
}

/* A changed playlist or config, or a new content bundle: it waits in
 * pending for the next item boundary. */
static void handle_reload(struct app *a, int64_t now)
{
    struct lineup *l = reload_poll(&a->reload, a->live, now);
    if (!l)
        l = content_poll(a->fetch, &a->reload, a->live);
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
    struct schedule_pick now = schedule_next_at(a->live->sched, clock_read(&a->clock));
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
    if (!schedule_interrupts_at(a->live->sched, &c->pick, clock_read(&a->clock)))
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

/* When the item on screen will end, on both clocks: the time the next
 * pick is asked for. */
static struct clock_now expected_start(struct app *a)
{
    return slot_expected_end(a->cur, clock_read(&a->clock), app_now(a), a->waiting_since_us != 0);
}

/* Keeps one play readied behind the one on screen. */
static void handle_next(struct app *a)
{
    struct slot *nx = a->next;
    slot_poll(nx);
    if (nx->state == SLOT_FAILED) {
        plays_failed(&a->plays, a->live, nx);
        a->failures_in_row++;
        schedule_played_at(a->live->sched, &nx->pick,
                           clock_read(&a->clock)); /* its turn is used up */
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
        p = schedule_next_at(a->live->sched, expected_start(a));
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
    schedule_played_at(a->live->sched, &a->cur->pick, clock_read(&a->clock));
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
    app.launch_wall_ms = time_wall_ms();
    struct app *a = &app;
    a->clock = (struct clock){app_clock_read, a};
    a->plays.clock = a->clock;
    int rc = 1;
    a->cur = &a->slots[0];
    a->next = &a->slots[1];

    appliance_init(&a->ap, a->s); /* before any thread: it reads the environment */
    /* before any thread: it blocks SIGHUP */
    reload_init(&a->reload, a->s->path, o->playlist, o->playlist_from_config);
    struct diag d = {0}, notes = {0};
    if (content_open(a->s, &a->reload, o->playlist, &a->fetch, &a->live) < 0 || !a->live) {
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
    /* Videos' own lengths, as `signage schedule` uses them: the player and
     * the dry run agree from the first pick on. */
    lineup_probe_lengths(a->live, &notes);
    for (int i = 0; i < notes.n_lines; i++)
        log_warn("%s", notes.lines[i]);
    diag_free(&notes);
    zone_init(&a->zone, a->live, a->s->notice_cycle_s);
    reload_watch(&a->reload, a->live);
    settings_audience(a->s, &a->plays.audience);
    a->plays.ledger = playlog_open(o->db ? o->db : a->s->ledger, a->s->screen_id, 0);
    alerting_start(&a->alerting, a->s, a->live->pls[0]);
    a->plays.central = shipper_start_configured(a->s, o->db ? o->db : a->s->ledger, o->version);
    log_info("playing \"%s\" (%d item%s, %d playlist%s, time zone %s) from %s",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz), a->live->files[0]);
    a->hwdec = hwdec_open(a->s->hwdec, a->s->hwdec_device);
    a->env.hwdec = a->hwdec;

    struct render_opts ro = {
        .headless = o->headless,
        .width = o->width,
        .height = o->height,
        .display_index = a->s->display_index,
        .rotation = a->s->rotation,
        .vsync = a->s->vsync,
        .driver = a->s->renderer,
    };
    appliance_video_hint(a->s, o->headless);
    if (stage_init_video(&a->stage, &ro, a->s) != 0)
        goto out;
    log_info("video driver: %s", SDL_GetCurrentVideoDriver());
    appliance_start(&a->ap, o->db ? o->db : a->s->ledger, SDL_GetCurrentVideoDriver(),
                    time_now_us());
    plan_screen(a);
    av_init(&a->av, a->s, o->untimed, &a->env);

    /* The window takes a while to open: let the first item decode meanwhile. */
    struct schedule_pick first = schedule_next_at(a->live->sched, clock_read(&a->clock));
    const struct item *first_item = schedule_item(a->live->sched, &first);
    bool first_is_media = first_item && first_item->kind != ITEM_SLIDE;
    if (first_is_media)
        open_next(a, &first);

    if (stage_open(&a->stage, &ro, a->s) != 0)
        goto out;
    a->env.render = a->stage.render;
    a->env.fonts = a->fonts = a->stage.fonts;
    a->env.max_tex_w = a->stage.max_tex_w;
    a->env.max_tex_h = a->stage.max_tex_h;
    plan_screen(a);
    float hdpi = 0;
    if (o->headless || SDL_GetDisplayDPI(a->s->display_index, NULL, &hdpi, NULL) != 0)
        hdpi = 0;
    a->env.mm_per_px = notice_mm_per_px(a->s, a->stage.screen_w, a->stage.screen_h, hdpi);
    zone_measure(&a->zone, a->live, &a->env, &a->stage.zone_box);
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
        int64_t until = next_deadline(a, app_now(a));
        if (a->stage.presents && !o->untimed) {
            a->env.box = a->stage.rot_box;
            slot_prepare_slides(&a->prep, &a->env, a->live, until - PREPARE_SLICE_US);
        }
        wait_until(a, until);
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
    fetch_stop(a->fetch); /* a download in flight is cut; it resumes next time */
    av_close(&a->av);     /* before the sources whose sound it plays */
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
    shipper_stop(a->plays.central); /* at once: what it had not sent waits in the ledger */
    stage_close(&a->stage);
    appliance_stop(&a->ap, a->plays.ledger);
    playlog_close(a->plays.ledger); /* after the last plays_ended() */
    plays_free(&a->plays);
    lineup_free(a->live);
    lineup_free(a->pending);
    lineup_free(a->retired);
    reload_free(&a->reload);
    return rc;
}
