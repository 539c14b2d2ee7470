/* fonts: SDL_ttf fonts found through fontconfig by language, with a fallback
 * font per character for what the language's font lacks. Fonts are opened
 * once and kept until fonts_destroy(). Main thread only (SDL_ttf). */
#ifndef SIGNAGE_FONTS_H
#define SIGNAGE_FONTS_H

#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdint.h>

struct fonts;

/* family: preferred family name ("" or NULL = the best sans-serif for each
 * language). fontconfig is started when a font is first wanted (a screen
 * that plays only videos never pays for it); if it cannot start, that and
 * every later fonts_get() return NULL, logged once. Never returns NULL. */
struct fonts *fonts_create(const char *family);

/* fonts_destroy(NULL) is a no-op. */
void fonts_destroy(struct fonts *f);

/* The best font for a BCP 47 language tag ("" = no preference), regular or
 * bold. TTF_Init() must have been called. Owned by f and valid until
 * fonts_destroy(); its direction and script may be changed, its size with
 * fonts_set_size(). Returns NULL, having logged why, when no usable font is
 * installed or fontconfig cannot start. */
TTF_Font *fonts_get(struct fonts *f, const char *lang, bool bold);

/* The font that draws code point cp for language lang: the language's own
 * font when it has the glyph, else the first installed font that has it
 * (fontconfig's order for that language). When no font has it, returns the
 * language's font (which will draw .notdef) and counts one miss. NULL only
 * when fonts_get() fails. */
TTF_Font *fonts_for_char(struct fonts *f, const char *lang, bool bold, uint32_t cp);

/* Sets font (one of f's) to px pixels per em, unless it is at that size
 * already: SDL_ttf empties a font's glyph cache on every size change, so
 * layout calls this instead of TTF_SetFontSize(). */
void fonts_set_size(struct fonts *f, TTF_Font *font, int px);

/* How many code points fonts_for_char() found no font for, since creation. */
int fonts_misses(const struct fonts *f);

/* The fontconfig language for a BCP 47 tag: "zh-Hant" -> "zh-tw",
 * "zh-Hans" -> "zh-cn", "pt-BR" -> "pt-br". Writes into buf. */
const char *fonts_fc_lang(const char *tag, char *buf, size_t size);

#endif
