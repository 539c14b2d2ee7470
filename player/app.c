#include "app.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "band.h"
#include "fonts.h"
#include "lineup.h"
#include "log.h"
#include "notice.h"
#include "playlist.h"
#include "playlog.h"
#include "render.h"
#include "schedule.h"
#include "slide.h"
#include "snapshot.h"
#include "source.h"
#include "util.h"
#include "watch.h"

#define VIDEO_QUEUE_FRAMES 4
#define MAX_WAIT_US        20000    /* events are looked at least this often */
#define LOADING_POLL_US    2000     /* while the next item is still opening */
#define LOADING_TIMEOUT_US 15000000 /* a file with no picture by then is given up */
#define INTERRUPT_POLL_US  250000   /* how often an urgent item is looked for */
#define RELOAD_SETTLE_US   300000   /* a file being saved settles before it is read */

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
    struct schedule_pick pick; /* what the schedule chose; item -1 = built-in hotline slide */
    bool forced;               /* the built-in slide because everything failed: no re-pick */
    bool cut;                  /* cut short by an urgent item */
    int64_t expected_ms;       /* how long the schedule expects it on screen */
    const struct item *it;     /* NULL for the built-in slide */
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
    int64_t opened_us;             /* when its decoding started (real time) */
    char play_id[PLAYLOG_ID_SIZE]; /* its row in the ledger */
    int frames_shown, frames_dropped;
    char error[256];
};

struct app {
    const struct app_opts *o;
    const struct settings *s;
    struct lineup *live;    /* the playlists, zone and schedule playing */
    struct lineup *pending; /* a reload that takes over at the next item boundary */
    struct lineup *retired; /* the lineup before a reload, until its last item is off screen */
    struct watch *watch;    /* files and SIGHUP; NULL when reloading is off */
    int64_t reload_at_us;   /* reload then (files settle after a change), 0 = none due */
    int64_t interrupt_check_us;
    struct render *render;
    struct fonts *fonts;
    struct playlog *ledger;
    struct audience audience; /* for impressions, frozen into each play's row */
    int screen_w, screen_h;   /* logical, after rotation */
    SDL_Rect rot_box;         /* where the rotation shows: the screen less zone and band */
    SDL_Rect zone_box;        /* the notice in zone mode; w = 0 when none */
    SDL_Rect band_box;        /* the hotline band; w = 0 when none */
    double mm_per_px;         /* physical size of a logical pixel, 0 = unknown */
    struct item notice;       /* zone mode: the notice, its languages taking turns */
    struct slot zone;         /* zone mode: the notice language on screen */
    SDL_Texture **zone_tex;   /* zone mode: one per notice language, drawn once; NULL = no text */
    int zone_variant;
    int zone_px;
    struct band *band; /* the hotline band, NULL when the playlist has none */
    int max_tex_w, max_tex_h;
    struct slot slots[2];
    struct slot *cur, *next;
    bool quit;
    bool dirty;               /* the screen needs drawing */
    int failures_in_row;      /* items that failed since one last played */
    int64_t launch_us;        /* real time at start */
    int64_t virtual_us;       /* the clock when untimed */
    int64_t waiting_since_us; /* the item on screen is over but the next is not ready */
    /* figures for --stats */
    int64_t first_present_wall_ms;
    int64_t presents, blank_presents, frames_dropped, plays_ended, plays_failed;
    int64_t max_switch_us; /* longest time from an item's end to the next first picture */
    int64_t upload_us, draw_us, present_us; /* main-thread time spent on each */
    int64_t notice_cycle_us;
};

/* Now, on the app's clock: real time, or a virtual clock with --untimed. */
static int64_t app_now(const struct app *a)
{
    return a->o->untimed ? a->virtual_us : time_now_us();
}

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
static void slot_open(struct app *a, struct slot *sl, const struct schedule_pick *pick)
{
    slot_clear(sl);
    sl->pick = *pick;
    sl->it = schedule_item(a->live->sched, pick);
    sl->var = sl->it ? &sl->it->variants[pick->variant] : NULL;
    sl->expected_ms = schedule_duration_ms(a->live->sched, pick, a->live->fallback_ms);
    sl->duration_us = sl->it ? sl->it->duration_ms * 1000 : a->live->fallback_ms * 1000;

    if (slot_kind(sl) == ITEM_SLIDE) {
        const struct slide_text *text = sl->var ? &sl->var->slide : &fallback_slide;
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
static void slot_poll(struct slot *sl)
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

/* ---- plays: what the ledger records ---- */

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

static void play_started(struct app *a, struct slot *sl)
{
    sl->started_wall_ms = time_wall_ms();
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
static void play_ended(struct app *a, struct slot *sl, int64_t now)
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

static void play_failed(struct app *a, struct slot *sl)
{
    a->plays_failed++;
    const char *what = sl->var && sl->var->media ? sl->var->media : slot_id(sl);
    log_error("%s: not a decodable %s (%s); skipped", what, item_kind_name(slot_kind(sl)),
              sl->error);
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
        play_failed(a, nx);
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
    slot_open(a, nx, &p);
    nx->forced = forced;
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

/* Puts a reloaded lineup in place of the live one, at an item boundary. The
 * old one stays until its item is off screen: the slot on screen points
 * into it. */
static void lineup_install(struct app *a)
{
    schedule_adopt(a->pending->sched, a->live->sched);
    a->retired = a->live;
    a->live = a->pending;
    a->pending = NULL;
    slot_clear(a->next);
    a->failures_in_row = 0;
    log_info("reload: now playing \"%s\" (%d item%s, %d playlist%s, time zone %s)",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz));
}

static bool same_pick(const struct schedule_pick *x, const struct schedule_pick *y)
{
    return x->playlist == y->playlist && x->item == y->item && x->variant == y->variant;
}

/* The next item was picked ahead, for when the one on screen was expected
 * to end; asks the schedule again now that it does, and readies the new
 * pick instead if the answer changed (a window opened or closed). */
static bool next_still_due(struct app *a)
{
    if (a->next->forced)
        return true;
    struct schedule_pick now = schedule_next(a->live->sched, time_wall_ms());
    if (same_pick(&now, &a->next->pick))
        return true;
    log_debug("schedule changed while %s was readied", slot_id(a->next));
    slot_open(a, a->next, &now);
    slot_poll(a->next);
    return a->next->state == SLOT_READY;
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
    if (a->pending && !a->retired) {
        lineup_install(a);
        return; /* the readied item was the old lineup's: pick again */
    }
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
    slot_clear(a->next);
    lineup_free(a->retired); /* its last item just went off screen */
    a->retired = NULL;
    a->cur->state = SLOT_SHOWING;
    if (a->cur->src)
        frame_queue_set_limit(source_queue(a->cur->src), VIDEO_QUEUE_FRAMES);
    if (a->cur->it)
        a->failures_in_row = 0;
    take_first_picture(a, a->cur);
    a->cur->scheduled_us = a->cur->duration_us;
    if (a->cur->src && slot_kind(a->cur) == ITEM_VIDEO) {
        int64_t length = source_duration_us(a->cur->src);
        if (length > 0)
            schedule_set_length(a->live->sched, a->cur->pick.playlist, a->cur->pick.item,
                                length / 1000);
        if (length > 0 && (!a->cur->scheduled_us || length < a->cur->scheduled_us))
            a->cur->scheduled_us = length;
    }
    schedule_played(a->live->sched, &a->cur->pick, time_wall_ms());
    play_started(a, a->cur);
    a->dirty = true;
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
    log_info("interrupting %s [%s]: an urgent item is due", slot_id(c), slot_lang(c));
    c->cut = true;
    slot_clear(a->next); /* it was readied to follow the item now cut */
}

/* Reads the playlists and the config again, validated in full as `signage
 * check` does; a valid lineup takes over at the next item boundary, an
 * invalid one is refused and the live one keeps playing. */
static void reload(struct app *a)
{
    struct settings s;
    struct diag d = {0};
    struct lineup *l = NULL;
    settings_defaults(&s);
    if (a->s->path && settings_load(&s, a->s->path, &d) < 0)
        goto out;
    const char *main_playlist = a->o->playlist_from_config ? s.playlist : a->o->playlist;
    struct diag notes = {0};
    l = lineup_load(main_playlist, &s, true, &d, &notes);
    diag_take(&d, &notes);

out:
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    if (l) {
        lineup_free(a->pending);
        a->pending = l;
        log_info("reload: %s is valid; it takes over at the next item boundary", l->files[0]);
        char err[256];
        if (watch_files(a->watch, l->files, err, sizeof(err)) < 0)
            log_warn("%s", err);
    } else {
        log_error("reload refused: %s keeps playing", a->live->files[0]);
    }
    diag_free(&d);
    settings_free(&s);
}

static void handle_reload(struct app *a, int64_t now)
{
    if (!a->watch)
        return;
    int events = watch_poll(a->watch);
    if (events) {
        log_info("reload: %s",
                 events & WATCH_SIGHUP ? "SIGHUP" : "a playlist or the config changed");
        a->reload_at_us = now + RELOAD_SETTLE_US;
    }
    if (a->reload_at_us && now >= a->reload_at_us) {
        a->reload_at_us = 0;
        reload(a);
    }
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
    int64_t t0 = time_now_us();
    int up = render_upload(a->render, &sl->pic, f);
    a->upload_us += time_now_us() - t0;
    if (up == 0) {
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
    if (!sl->slide && !render_picture_covers(a->render, &sl->pic, fit)) {
        SDL_SetRenderDrawColor(rr, 0, 0, 0, 255);
        SDL_RenderClear(rr);
    }
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
            " \"upload_ms\": %.1f, \"draw_ms\": %.1f, \"present_ms\": %.1f,\n"
            " \"run_s\": %.3f}\n",
            (long long)a->first_present_wall_ms, (long long)a->presents,
            (long long)a->blank_presents, (long long)a->frames_dropped, (long long)a->plays_ended,
            (long long)a->plays_failed, a->max_switch_us / 1000.0, cpu, ru.ru_maxrss,
            a->upload_us / 1000.0, a->draw_us / 1000.0, a->present_us / 1000.0,
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

/* Lays out, before the first picture, what would otherwise stall the loop
 * later: the shared text size of every slide item (all its languages), and
 * the notice zone's pictures. */
static void prepare_slides(struct app *a)
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
static void measure_notice(struct app *a)
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
    app.virtual_us = app.launch_us;
    struct app *a = &app;
    int rc = 1;
    bool sdl_up = false, ttf_up = false;
    a->cur = &a->slots[0];
    a->next = &a->slots[1];

    char err[256];
    a->watch = watch_create(err, sizeof(err)); /* before any thread: it blocks SIGHUP */
    if (!a->watch)
        log_warn("reloading is off: %s", err);
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
    /* The zone notice stays the app's for the whole run (it is drawn once):
     * a reload does not change it. */
    a->notice = a->live->notice;
    memset(&a->live->notice, 0, sizeof(a->live->notice));
    a->notice_cycle_us = (int64_t)(a->s->notice_cycle_s * 1e6);
    if (a->watch && watch_files(a->watch, a->live->files, err, sizeof(err)) < 0)
        log_warn("%s", err);
    settings_audience(a->s, &a->audience);
    a->ledger = playlog_open(o->db ? o->db : a->s->ledger, a->s->screen_id, 0);
    log_info("playing \"%s\" (%d item%s, %d playlist%s, time zone %s) from %s",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz), o->playlist);

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
    struct schedule_pick first = schedule_next(a->live->sched, time_wall_ms());
    const struct item *first_item = schedule_item(a->live->sched, &first);
    bool first_is_media = first_item && first_item->kind != ITEM_SLIDE;
    if (first_is_media)
        slot_open(a, a->next, &first);

    struct render_opts ro = {
        .headless = o->headless,
        .width = o->width,
        .height = o->height,
        .display_index = a->s->display_index,
        .rotation = a->s->rotation,
        .vsync = a->s->vsync,
        .driver = a->s->renderer,
    };
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
    a->band = band_create(render_sdl(a->render), a->fonts, a->live->pls[0]->band,
                          a->live->pls[0]->n_band, &a->band_box, time_now_us());
    if (!first_is_media)
        slot_open(a, a->next, &first);

    while (!a->quit) {
        handle_events(a);
        int64_t now = app_now(a);
        if (o->for_s > 0 && now - a->launch_us >= (int64_t)(o->for_s * 1e6)) {
            log_info("stopping after %.1f s (--for)", o->for_s);
            break;
        }
        handle_reload(a, now);
        handle_interrupt(a, now);
        handle_next(a);
        handle_zone(a, now);
        a->dirty |= band_tick(a->band, now);
        handle_item_end(a, now);
        if (a->quit)
            break;
        handle_frame(a, now);
        handle_draw(a);
        wait_until(a, next_deadline(a, app_now(a)));
    }

    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us)
        play_ended(a, a->cur, app_now(a));
    if (a->zone.state == SLOT_SHOWING)
        play_ended(a, &a->zone, app_now(a));
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
    fonts_destroy(a->fonts);
    if (ttf_up)
        TTF_Quit();
    render_destroy(a->render);
    if (sdl_up)
        SDL_Quit();
    playlog_close(a->ledger); /* after the last play_ended() */
    lineup_free(a->live);
    lineup_free(a->pending);
    lineup_free(a->retired);
    watch_free(a->watch);
    return rc;
}
