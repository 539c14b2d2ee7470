/* fonts: SDL_ttf fonts found through fontconfig by language, opened once and
 * kept. Main thread only (SDL_ttf). */
#ifndef SIGNAGE_FONTS_H
#define SIGNAGE_FONTS_H

#include <SDL_ttf.h>
#include <stdbool.h>

struct fonts;

/* family: preferred family name ("" or NULL = fontconfig's sans-serif for
 * each language). TTF_Init() must have been called. Returns NULL when
 * fontconfig cannot start. */
struct fonts *fonts_create(const char *family);

/* fonts_destroy(NULL) is a no-op. */
void fonts_destroy(struct fonts *f);

/* The best font for a BCP 47 language tag ("" = no preference), regular or
 * bold. Owned by f; its size may be changed with TTF_SetFontSize().
 * Returns NULL, having logged why, when no usable font is installed. */
TTF_Font *fonts_get(struct fonts *f, const char *lang, bool bold);

/* The fontconfig language for a BCP 47 tag: "zh-Hant" -> "zh-tw",
 * "zh-Hans" -> "zh-cn", "pt-BR" -> "pt-br". Writes into buf. */
const char *fonts_fc_lang(const char *tag, char *buf, size_t size);

#endif
