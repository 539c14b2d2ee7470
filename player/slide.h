/* slide: a text slide (title and body, wrapped and sized to fit the screen)
 * drawn once into a texture. Main thread only (SDL, SDL_ttf). */
#ifndef SIGNAGE_SLIDE_H
#define SIGNAGE_SLIDE_H

#include <SDL.h>

#include "fonts.h"
#include "playlist.h"

/* Renders s in language lang onto a new w x h texture of renderer rr.
 * Returns the texture (caller destroys), or NULL after logging why. */
SDL_Texture *slide_render(SDL_Renderer *rr, struct fonts *fonts, const struct slide_text *s,
                          const char *lang, int w, int h);

/* One wrapped line: a byte range of the text. */
struct slide_line {
    int start, len;
    int width; /* pixels at the size measured */
};

/* Wraps text to max_width pixels with font at its current size, breaking at
 * spaces and between CJK characters, never inside a run of digits and
 * dashes; "\n" always breaks. Fills up to max_lines lines and returns how
 * many there are (which may exceed max_lines), or -1 if a single unbreakable
 * piece is wider than max_width. */
int slide_wrap(TTF_Font *font, const char *text, int max_width, struct slide_line *lines,
               int max_lines);

#endif
