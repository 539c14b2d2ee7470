/* slot: one play, being readied or on screen - a decode thread for media,
 * a texture for a slide. The loop keeps two (the item on screen and the one
 * readied to follow it) plus one for the notice zone.
 *
 * Contract: slot_open() starts readying a pick; slot_poll() moves a loading
 * slot to READY at its first picture or to FAILED (error says why);
 * slot_show() puts a READY slot on screen (its first picture taken);
 * slot_over() says when the play on screen has had its time; slot_clear()
 * ends it. A slot never calls back into the loop: what it needs from its
 * surroundings comes in a struct slot_env. Main thread only (SDL). */
#ifndef SIGNAGE_SLOT_H
#define SIGNAGE_SLOT_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/clock.h"
#include "ledger/record.h"
#include "lineup/lineup.h"
#include "media/hwdec.h"
#include "media/source.h"
#include "screen/fonts.h"
#include "screen/render.h"
#include "screen/slide.h"

#define VIDEO_QUEUE_FRAMES 4
#define LOADING_TIMEOUT_US 15000000 /* a file with no picture by then is given up */

enum slot_state {
    SLOT_EMPTY,
    SLOT_LOADING, /* decoding towards its first picture */
    SLOT_READY,   /* first picture (or slide) ready to go on screen */
    SLOT_FAILED,  /* could not be opened or decoded; error says why */
    SLOT_SHOWING, /* on screen */
};

struct slot {
    enum slot_state state;
    struct schedule_pick pick; /* what the schedule chose; item -1 = built-in hotline slide */
    bool forced;               /* the built-in slide because everything failed: no re-pick */
    bool chosen;               /* put up by the loop itself (a quick exit to an ad): no re-pick */
    bool cut;                  /* cut short by an urgent item */
    int64_t expected_ms;       /* how long the schedule expects it on screen */
    const struct item *it;     /* NULL for the built-in slide */
    const struct variant *var;
    struct source *src; /* videos and stills */
    SDL_Texture *slide; /* slides */
    struct picture pic; /* the last frame uploaded; kept across plays for reuse */
    bool has_pic;
    bool bars_clear;               /* its letterbox bars were cleared (see stage.c) */
    int64_t duration_us;           /* cut off after this long, 0 = a video's own end */
    int64_t scheduled_us;          /* how long it should be on screen, for its status */
    int64_t start_us;              /* when its first picture was presented, 0 = not yet */
    int64_t last_pts_us;           /* pts of the picture on screen */
    int64_t last_frame_us;         /* when that picture was uploaded (the loop's clock) */
    struct clock_now started;      /* when it went on screen: its row's start (wall clock) and
                                      the origin of its end (monotonic) */
    int64_t opened_us;             /* when its decoding started (real time) */
    char play_id[PLAYLOG_ID_SIZE]; /* its row in the ledger */
    int frames_shown, frames_dropped;
    char error[256];
};

/* What a slot needs to be readied: where it will be drawn and with what. */
struct slot_env {
    struct render *render;
    struct fonts *fonts;
    SDL_Rect box;     /* the rotation's area, logical pixels */
    double mm_per_px; /* physical size of a logical pixel, 0 = unknown */
    int max_tex_w, max_tex_h;
    const struct hwdec *hwdec; /* hardware video decoding, NULL = software */
    bool sound;                /* videos: decode their sound (extras.h) */
    bool captions;             /* videos: read their captions (file or subtitle stream) */
};

/* The hotline slide shown when nothing in the playlist can be played. */
extern const struct slide_text slot_fallback_slide;

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

/* The body size all language variants of slide item it share in env's box;
 * measured once per lineup (its slide_px cache). */
int slot_slide_px(const struct slot_env *env, struct lineup *l, int playlist, int item);

/* Where slot_prepare_slides() is in a lineup. Zeroed = at its start. */
struct slide_prep {
    const struct lineup *l; /* whose slides are being laid out */
    int playlist, item;     /* the next one looked at */
};

/* Lays out slides of l, one at a time, until the monotonic time until_us
 * (time_now_us()): the shared text size of every slide item (all its
 * languages), which would otherwise stall the loop when it opens. Called
 * when the loop has time, after the first picture: with 10,000 slides,
 * doing them all first was two minutes of black screen. A slide not
 * prepared yet is measured when it opens. A new l starts again. Main
 * thread (SDL_ttf). */
void slot_prepare_slides(struct slide_prep *sp, const struct slot_env *env, struct lineup *l,
                         int64_t until_us);

/* When sl, on screen, will end, on both clocks, from now (both clocks) and
 * app_now_us (the loop's clock): the time the next pick is asked for, so
 * that `every` deadlines (monotonic) and dayparts (wall clock) are judged
 * at the moment it will really start. now itself when sl is not showing,
 * is cut, or the loop is waiting for the next one. */
struct clock_now slot_expected_end(const struct slot *sl, struct clock_now now, int64_t app_now_us,
                                   bool waiting);

/* Ends what sl holds (its decode thread, its slide) and empties it; the
 * picture texture is kept for the next play to reuse. */
void slot_clear(struct slot *sl);

/* Starts readying pick of lineup l: a decode thread for media (its queue
 * held to one frame until it goes on screen), the texture for a slide. */
void slot_open(struct slot *sl, const struct slot_env *env, struct lineup *l,
               const struct schedule_pick *pick);

/* LOADING -> READY when the first picture is queued, -> FAILED on error. */
void slot_poll(struct slot *sl);

/* Puts a READY slot on screen: SHOWING, its full queue, its first picture
 * uploaded, and how long it should show (scheduled_us). Returns the video's
 * length in microseconds when the file tells it, else 0. */
int64_t slot_show(struct slot *sl, struct render *r);

/* How long the video on screen in sl has waited for a picture its decoder
 * has not given: 0 while pictures are queued or the file has ended, or when
 * sl is not a video on screen. For the watchdog. */
int64_t slot_picture_late_us(const struct slot *sl, int64_t now);

/* Uploads the newest picture of the video on screen that is due at now
 * (older due pictures are dropped, and counted), adding the time the
 * upload took to *upload_us. Returns true when a new picture is up. */
bool slot_take_due(struct slot *sl, struct render *r, int64_t now, int64_t *upload_us);

/* True when the play in sl has had its time (its duration, or its file's end),
 * was cut, broke, or is not on screen. */
bool slot_over(struct slot *sl, int64_t now);

#endif
