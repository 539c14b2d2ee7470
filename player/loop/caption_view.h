/* caption_view: the caption on screen - which cue of the play on screen is
 * due at the pts of its picture (so it changes with the very frame it is
 * timed for), drawn once per cue (screen/caption.h). Main thread. */
#ifndef SIGNAGE_CAPTION_VIEW_H
#define SIGNAGE_CAPTION_VIEW_H

#include <SDL.h>
#include <stdbool.h>

#include "loop/slot.h"

struct caption_view {
    SDL_Texture *tex; /* NULL = no caption on screen */
    SDL_Rect dst;     /* where it goes, logical */
    char text[1024];  /* its text */
};

/* Shows the caption of the video in sl due at sl->last_pts_us when want,
 * else none; env->box is where the video plays. Returns true when what is
 * on screen changed. */
bool caption_view_update(struct caption_view *cv, struct slot *sl, bool want,
                         const struct slot_env *env);

/* Takes the caption down and frees its texture. */
void caption_view_clear(struct caption_view *cv);

#endif
