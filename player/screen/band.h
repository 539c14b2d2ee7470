/* band: the hotline band, one line across the bottom of the screen that
 * stays while the rotation plays, its languages taking turns. Each
 * language's line is drawn once. Main thread only (SDL, SDL_ttf). */
#ifndef SIGNAGE_BAND_H
#define SIGNAGE_BAND_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "screen/fonts.h"
#include "config/playlist.h"
#include "screen/render.h"

#define BAND_CYCLE_US 8000000 /* each language stays this long */
#define BAND_BG       0xffd200
#define BAND_FG       0x111111

struct band;

/* Draws the n texts (owned by the caller, kept until band_destroy()) for a
 * band of box's size (logical). Returns NULL when n is 0 or nothing could
 * be drawn (logged). */
struct band *band_create(SDL_Renderer *rr, struct fonts *fonts, const struct band_text *texts,
                         int n, const SDL_Rect *box, int64_t now_us);

/* band_destroy(NULL) is a no-op. */
void band_destroy(struct band *b);

/* Moves to the next language when the current one's time is up. Returns
 * true when the band's picture changed. */
bool band_tick(struct band *b, int64_t now_us);

/* Draws the band into its box. */
void band_draw(const struct band *b, struct render *r);

#endif
