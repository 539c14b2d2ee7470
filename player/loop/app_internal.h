/* app_internal: the play loop's state, shared by the files of the app
 * module (app.c: the loop, start and stop; app_play.c: slots and plays;
 * app_reload.c: reloads and interrupts; app_screen.c: what is drawn).
 * Main thread only. Nothing outside app*.c includes this. */
#ifndef SIGNAGE_APP_INTERNAL_H
#define SIGNAGE_APP_INTERNAL_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "loop/app.h"
#include "config/audience.h"
#include "screen/band.h"
#include "screen/fonts.h"
#include "lineup/lineup.h"
#include "config/playlist.h"
#include "ledger/playlog.h"
#include "screen/render.h"
#include "schedule/schedule.h"
#include "media/source.h"
#include "base/util.h"
#include "base/watch.h"

#define VIDEO_QUEUE_FRAMES    4
#define MAX_REPORTED_FAILURES 64       /* files whose failure is logged once, not every loop */
#define MAX_WAIT_US           20000    /* events are looked at least this often */
#define LOADING_POLL_US       2000     /* while the next item is still opening */
#define LOADING_TIMEOUT_US    15000000 /* a file with no picture by then is given up */
#define INTERRUPT_POLL_US     250000   /* how often an urgent item is looked for */
#define RELOAD_SETTLE_US      300000   /* a file being saved settles before it is read */

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
    bool bars_clear;      /* its letterbox bars were cleared (see draw()) */
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
    bool dirty;                                /* the screen needs drawing */
    int failures_in_row;                       /* items that failed since one last played */
    char *failed_files[MAX_REPORTED_FAILURES]; /* failures logged, not again until they play */
    int n_failed_files;
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

/* The hotline slide shown when nothing in the playlist can be played. */
extern const struct slide_text app_fallback_slide;

/* Now, on the app's clock: real time, or a virtual clock with --untimed. */
static inline int64_t app_now(const struct app *a)
{
    return a->o->untimed ? a->virtual_us : time_now_us();
}

static inline const char *slot_id(const struct slot *sl)
{
    return sl->it ? sl->it->id : "hotline-fallback";
}

static inline const char *slot_lang(const struct slot *sl)
{
    return sl->var && sl->var->lang[0] ? sl->var->lang : "en";
}

static inline enum item_kind slot_kind(const struct slot *sl)
{
    return sl->it ? sl->it->kind : ITEM_SLIDE;
}

static inline enum play_kind slot_play_kind(const struct slot *sl)
{
    return sl->it ? sl->it->play_kind : PLAY_FILLER;
}

/* ---- app_play.c: slots and plays ---- */

/* The body size all language variants of slide item it share in a w x h box. */
int common_px(struct app *a, const struct item *it, int w, int h);

/* Ends what sl holds (its decode thread, its slide) and empties it; the
 * picture texture is kept for the next play to reuse. */
void slot_clear(struct slot *sl);

/* Starts readying the play pick: a decode thread for media, the texture for a slide. */
void slot_open(struct app *a, struct slot *sl, const struct schedule_pick *pick);

/* LOADING -> READY when the first picture is queued, -> FAILED on error. */
void slot_poll(struct slot *sl);

/* sl went on screen: opens its row in the ledger and logs "play start". */
void play_started(struct app *a, struct slot *sl);

/* The ledger's thread logs "play end" once the play is committed. */
void play_ended(struct app *a, struct slot *sl, int64_t now);

/* sl could not be opened or decoded: logs why (once per file) and records an error play. */
void play_failed(struct app *a, struct slot *sl);

/* Takes the first picture of the slot going on screen. */
void take_first_picture(struct app *a, struct slot *sl);

/* True when the play in sl has had its time (its duration, or its file's end),
 * was cut, broke, or is not on screen. */
bool item_over(struct app *a, struct slot *sl, int64_t now);

/* ---- app_reload.c: reloads and interrupts ---- */

/* Puts a reloaded lineup in place of the live one, at an item boundary. The
 * old one stays until its item is off screen: the slot on screen points
 * into it. */
void lineup_install(struct app *a);

/* The next item was picked ahead, for when the one on screen was expected
 * to end; asks the schedule again now that it does, and readies the new
 * pick instead if the answer changed (a window opened or closed). */
bool next_still_due(struct app *a);

/* Cuts the item on screen short when an urgent item (`interrupt = true`)
 * of a higher priority becomes due; the schedule only says so. */
void handle_interrupt(struct app *a, int64_t now);

/* Reloads the playlists and config a short while after they change or after
 * SIGHUP; a valid lineup waits in a->pending for the next item boundary. */
void handle_reload(struct app *a, int64_t now);

/* ---- app_screen.c: what the screen shows ---- */

/* Puts notice language v up in the zone; the zone is a play of its own. */
void zone_show(struct app *a, int v, int64_t now);

/* Zone mode: the next notice language when the current one has had its turn. */
void handle_zone(struct app *a, int64_t now);

/* Splits the screen between the rotation, the notice zone and the band. */
void plan_screen(struct app *a);

/* Draws and presents when something changed; the first present starts the
 * clock of the play on screen. */
void handle_draw(struct app *a);

/* Writes what is on screen, as the viewer sees it, to --screenshot. */
void write_screenshot(struct app *a);

/* Lays out, before the first picture, what would otherwise stall the loop
 * later: the shared text size of every slide item (all its languages), and
 * the notice zone's pictures. */
void prepare_slides(struct app *a);

/* Logs the notice's size on this screen (warning when it is under the
 * statute's minimum) and fixes the zone's text size. */
void measure_notice(struct app *a);

#endif
