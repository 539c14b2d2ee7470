/* caption: a caption's text drawn for the screen, white on a dark band
 * (80% black) that keeps it readable over any picture, centred near the
 * bottom of the box the video plays in. That box is the rotation's, which
 * leaves out the notice zone and the hotline band, so a caption never
 * covers either. Lines are wrapped by the text engine (text.h: fallback
 * fonts, right-to-left runs, UAX #14 breaks for CJK), at most
 * CAPTION_MAX_LINES; a longer text is drawn smaller. Main thread only. */
#ifndef SIGNAGE_CAPTION_H
#define SIGNAGE_CAPTION_H

#include <SDL.h>

#include "screen/fonts.h"

#define CAPTION_MAX_LINES 3
#define CAPTION_BG_ALPHA  204 /* of 255 */

/* The text size for a box: a eighteenth of its shorter side (60 px on a
 * 1080p screen, either way up), at least 14 px. Pure. */
int caption_px(const SDL_Rect *box);

/* Where a band_w x band_h caption goes in box: centred, its bottom a
 * twentieth of the box's height above the box's bottom. Pure. */
SDL_Rect caption_place(const SDL_Rect *box, int band_w, int band_h);

/* Draws text (lines split at '\n', then wrapped) in lang for box into a new
 * texture of rr and says where it goes in *dst. Returns NULL after logging
 * why when nothing can be drawn. The caller destroys the texture. */
SDL_Texture *caption_render(SDL_Renderer *rr, struct fonts *fonts, const char *text,
                            const char *lang, const SDL_Rect *box, SDL_Rect *dst);

#endif
