/* zone: the legal notice in zone mode - a part of the screen of its own
 * where the notice stays while the rotation plays, its languages taking
 * turns, each turn a play of its own in the ledger. Each language's picture
 * is drawn once. Main thread (SDL). */
#ifndef SIGNAGE_ZONE_H
#define SIGNAGE_ZONE_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "loop/plays.h"
#include "loop/slot.h"

struct zone {
    struct item notice; /* its languages as variants; n_variants 0 = no zone */
    struct slot slot;   /* the language on screen, as a play */
    SDL_Texture **tex;  /* one per language, NULL where a text is missing */
    int variant;
    int px;           /* the notice's body size on this screen */
    int64_t cycle_us; /* each language stays this long */
    bool covered;     /* under a full-screen alert: no play, no picture */
};

/* Takes over the lineup's zone notice (it is the zone's for the whole run:
 * a reload does not change it). */
void zone_init(struct zone *z, struct lineup *l, double cycle_s);

/* Logs the notice's size on this screen (a warning when it is under the
 * statute's minimum) and fixes the zone's text size. In slot mode measures
 * the playlist's notice item in the rotation's box instead. */
void zone_measure(struct zone *z, const struct lineup *l, const struct slot_env *env,
                  const SDL_Rect *zone_box);

/* Draws each language's picture for zone_box and puts the first language
 * that has one on screen. */
void zone_start(struct zone *z, const struct slot_env *env, const SDL_Rect *zone_box,
                struct plays *p, const struct lineup *l, int64_t now);

/* The next language when the current one has had its turn. Returns true
 * when the zone's picture changed. */
bool zone_tick(struct zone *z, struct plays *p, const struct lineup *l, int64_t now);

/* A full-screen alert covers the zone (covered) or uncovers it: its play
 * ends while it cannot be seen, and the same language starts afresh after. */
void zone_cover(struct zone *z, bool covered, struct plays *p, const struct lineup *l, int64_t now);

/* The picture on screen, or NULL. */
SDL_Texture *zone_picture(const struct zone *z);

/* Ends the play on screen (at exit) and frees everything. */
void zone_end(struct zone *z, struct plays *p, const struct lineup *l, int64_t now);

#endif
