/* stage: what is drawn where. Splits the screen between the rotation, the
 * notice zone and the hotline band, draws the item on screen and what sits
 * beside it, presents, and writes screenshots. It knows nothing of the
 * schedule or the ledger: the loop hands it what to draw. Main thread. */
#ifndef SIGNAGE_STAGE_H
#define SIGNAGE_STAGE_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiosk/kiosk.h"
#include "config/settings.h"
#include "loop/slot.h"
#include "screen/band.h"
#include "screen/fonts.h"
#include "screen/render.h"

struct stage {
    struct render *render;
    struct fonts *fonts;      /* the slides' and notice's fonts (SDL_ttf) */
    int max_tex_w, max_tex_h; /* the renderer's largest texture */
    bool sdl_up, ttf_up;
    int screen_w, screen_h; /* logical, after rotation */
    SDL_Rect rot_box;       /* where the rotation shows: the screen less zone and band */
    SDL_Rect zone_box;      /* the notice in zone mode; w = 0 when none */
    SDL_Rect band_box;      /* the hotline band; w = 0 when none */
    SDL_Rect alert_box;     /* an emergency alert: a band atop the rotation, or the
                               whole screen; w = 0 when none */
    /* figures for --stats */
    int64_t presents, blank_presents;
    int64_t draw_us, present_us;   /* main-thread time spent on each */
    int64_t first_present_wall_ms; /* 0 until the first present */
    double first_present_cpu_s;    /* the process's CPU time at it */
};

/* What one picture of the screen is made of. */
struct stage_scene {
    struct slot *item;       /* the rotation's play on screen */
    SDL_Texture *zone;       /* the notice zone's picture, NULL = none */
    const struct band *band; /* NULL = none */
    SDL_Texture *alert;      /* an emergency alert in alert_box, NULL = none */
    bool alert_full;         /* the alert covers everything: nothing else is drawn */
    struct kiosk *kiosk;     /* drawn over the rotation's box while open; NULL = none */
    SDL_Texture *caption;    /* over the item, inside the rotation's box; NULL = none */
    SDL_Rect caption_box;
};

/* Starts SDL's video with the player's hints (the dummy driver when
 * headless) and finds the logical screen size (after display.rotation):
 * known before the window exists, so that the first item can start decoding
 * while SDL opens it. Returns 0, or -1 (logged). */
int stage_init_video(struct stage *st, const struct render_opts *ro, const struct settings *s);

/* Opens the window and renderer (the logical size may change to the
 * window's) and the fonts. Returns 0, or -1 (logged); stage_close() either way. */
int stage_open(struct stage *st, const struct render_opts *ro, const struct settings *s);

/* The fonts, the renderer and SDL's video, as far as they were opened. */
void stage_close(struct stage *st);

/* Splits the screen_w x screen_h screen into the boxes, for a band and a
 * notice zone when asked (position: auto | right | bottom). */
void stage_plan(struct stage *st, bool band, bool zone, const char *position);

/* Makes room for an emergency alert after stage_plan(): a band across the
 * top of the rotation, which shrinks (band), or the whole screen (full), or
 * none. */
void stage_plan_alert(struct stage *st, bool band, bool full);

/* Draws sc and presents it. Returns false when the item has nothing to show
 * yet (a blank present, counted). */
bool stage_present(struct stage *st, const struct stage_scene *sc);

/* Draws sc again (without presenting) and reads it back: the renderer's
 * own picture, as the viewer sees it. *rgb (w*3 bytes a row) is the
 * caller's to free. Returns 0, or -1 (logged). */
int stage_capture(struct stage *st, const struct stage_scene *sc, uint8_t **rgb, int *w, int *h);

/* Presents a black screen: the panel's dark hours. */
void stage_blank(struct stage *st);

/* Draws sc again and writes it, as the viewer sees it, to path as PNG.
 * Returns 0, or -1 (logged). */
int stage_screenshot(struct stage *st, const struct stage_scene *sc, const char *path);

#endif
