/* slide: a text slide (title, body, optional QR code) laid out to fill a
 * box and drawn once into a surface or texture. Main thread only (SDL_ttf).
 *
 * Layout: margins of a fourteenth of the width and a twelfth of the height;
 * the title in bold at 1.4 times the body size, a short rule under it, the
 * body below; lines start at the left, or at the right for right-to-left
 * languages; the block is centred vertically. A QR code stands in a column
 * at the right of a landscape box, or under the text in a portrait one. */
#ifndef SIGNAGE_SLIDE_H
#define SIGNAGE_SLIDE_H

#include <SDL.h>

#include "screen/fonts.h"
#include "config/playlist.h"

struct slide_opts {
    int max_px;       /* body size cap in pixels, 0 = none: give every language
                         variant of one slide the smallest of their fits */
    double mm_per_px; /* physical size of a pixel, 0 = unknown; sizes the QR
                         code to scan from 2 m */
    int min_lines;    /* the body is never taller than the text box over this
                         many lines; 0 = 9 (a slide). A band of few words: 3 */
};

/* The largest body size in pixels at which s in lang fits a w x h box
 * (capped by o->max_px when set), or -1 after logging why when it cannot
 * fit even at the smallest size. */
int slide_fit_px(struct fonts *fonts, const struct slide_text *s, const char *lang, int w, int h,
                 const struct slide_opts *o);

/* The body size every language variant of slide item it shares in a w x h
 * box: the smallest of their fits (o->max_px ignored). 0 when none fits. */
int slide_common_px(struct fonts *fonts, const struct item *it, int w, int h,
                    const struct slide_opts *o);

/* The QR code's side in pixels in a w x h slide (0 = no code). */
int slide_qr_px(const struct slide_text *s, int w, int h, const struct slide_opts *o);

/* Draws s in lang onto a new w x h surface. Returns it (caller frees), or
 * NULL after logging why. */
SDL_Surface *slide_draw(struct fonts *fonts, const struct slide_text *s, const char *lang, int w,
                        int h, const struct slide_opts *o);

/* slide_draw() uploaded to a texture of rr. Returns it (caller destroys), or
 * NULL after logging why. */
SDL_Texture *slide_render(SDL_Renderer *rr, struct fonts *fonts, const struct slide_text *s,
                          const char *lang, int w, int h, const struct slide_opts *o);

/* One line of text centred on a new w x h surface of colour bg, as large as
 * fits (at most 60% of h): the hotline band. Returns the surface (caller
 * frees), or NULL after logging why. */
SDL_Surface *slide_draw_line(struct fonts *fonts, const char *text, const char *lang, int w, int h,
                             uint32_t bg, uint32_t fg);

/* The size slide_draw_line() gives text in a w x h box, or -1 (logged)
 * when lang has no font. */
int slide_line_px(struct fonts *fonts, const char *text, const char *lang, int w, int h);

/* slide_draw_line() at px pixels: lines of several boxes at one size. */
SDL_Surface *slide_draw_line_px(struct fonts *fonts, const char *text, const char *lang, int w,
                                int h, int px, uint32_t bg, uint32_t fg);

#endif
