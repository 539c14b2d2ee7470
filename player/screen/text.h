/* text: lines of text in any script, laid out for SDL_ttf.
 *
 * A line is cut into runs, each drawn with one font, one script and one
 * direction: the language's font or, per character, a fallback font that has
 * the glyph (fonts.h); HarfBuzz (inside SDL_ttf) shapes each run with its
 * script and direction; FriBidi orders the runs of right-to-left paragraphs
 * (numbers stay left to right inside them). Lines are broken where Unicode's
 * line breaking rules (UAX #14, libunibreak) allow. Main thread only. */
#ifndef SIGNAGE_TEXT_H
#define SIGNAGE_TEXT_H

#include <SDL.h>
#include <stdbool.h>

#include "screen/fonts.h"

struct text_style {
    struct fonts *fonts;
    const char *lang; /* BCP 47 tag of the text, "" = none */
    bool bold;
    int px; /* em size in pixels */
};

/* One wrapped line: a byte range of the text, without its trailing spaces. */
struct text_line {
    int start, len;
    int width; /* pixels */
};

/* True for languages written right to left (ar, fa, he, ur...). */
bool text_lang_is_rtl(const char *lang);

/* Width in pixels of the len bytes at s drawn as one line. */
int text_width(const struct text_style *st, const char *s, int len);

/* The height of a line: the language font's line skip at st->px. */
int text_line_height(const struct text_style *st);

/* Wraps text to max_width pixels, breaking only where UAX #14 allows ("\n"
 * always breaks). Fills up to max_lines lines and returns how many there
 * are (which may exceed max_lines), or -1 if a piece that cannot be broken
 * is wider than max_width. */
int text_wrap(const struct text_style *st, const char *text, int max_width, struct text_line *lines,
              int max_lines);

/* Draws the len bytes at s as one line onto dst with its left edge at x and
 * its top at y (the line's runs in visual order). Returns the width drawn. */
int text_draw(SDL_Surface *dst, const struct text_style *st, const char *s, int len, int x, int y,
              SDL_Color color);

/* A run as laid out, for tests and diagnostics. */
struct text_run_info {
    int start, len; /* bytes */
    bool rtl;
    const char *script; /* ISO 15924 tag, NULL when only common characters */
};

/* The runs of the len bytes at s in visual order, left to right. Fills up
 * to max and returns how many there are. */
int text_runs(const struct text_style *st, const char *s, int len, struct text_run_info *out,
              int max);

/* How many visible characters of the len bytes at s the chosen fonts draw
 * as .notdef (the font lacks the glyph): 0 when every glyph is present. */
int text_count_missing(const struct text_style *st, const char *s, int len);

#endif
