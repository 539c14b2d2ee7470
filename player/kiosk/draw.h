/* draw: the kiosk's views drawn with the slides' text engine (right to
 * left, CJK, shaping; one text size per page). Main thread only (SDL_ttf). */
#ifndef SIGNAGE_DRAW_H
#define SIGNAGE_DRAW_H

#include <SDL.h>

#include "kiosk/flow.h"
#include "kiosk/layout.h"
#include "screen/fonts.h"

#define KIOSK_BACKGROUND 0x0b3d91 /* the hotline slide's blue */

/* Draws the view st is on, as laid out in l, onto a new surface the size of
 * l->box (button rectangles are in screen pixels; the surface's origin is
 * l->box's corner). The button with the keyboard focus has a yellow frame.
 * Returns the surface (caller frees), or NULL after logging why. */
SDL_Surface *kiosk_draw(struct fonts *fonts, const struct kiosk_flow *f,
                        const struct kiosk_state *st, const struct kiosk_layout *l,
                        double mm_per_px);

/* Marks in av->no_font each of f->langs whose name or page text some glyph
 * of no installed font draws, logging one warning line for each (naming the
 * file and line of the kiosk group). */
void kiosk_check_fonts(struct fonts *fonts, const struct kiosk_flow *f, struct kiosk_avail *av);

#endif
