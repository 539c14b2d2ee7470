#include "fonts.h"

#include <ctype.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

#define MAX_FONTS 32

struct font_entry {
    char *lang;
    bool bold;
    TTF_Font *font;
};

struct fonts {
    FcConfig *fc;
    char *family;
    struct font_entry entries[MAX_FONTS];
    int n;
};

struct fonts *fonts_create(const char *family)
{
    FcConfig *fc = FcInitLoadConfigAndFonts();
    if (!fc) {
        log_error("fontconfig: cannot load its configuration");
        return NULL;
    }
    struct fonts *f = xcalloc(1, sizeof(*f));
    f->fc = fc;
    f->family = xstrdup(family && family[0] ? family : "sans-serif");
    return f;
}

void fonts_destroy(struct fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        TTF_CloseFont(f->entries[i].font);
        free(f->entries[i].lang);
    }
    FcConfigDestroy(f->fc);
    free(f->family);
    free(f);
}

const char *fonts_fc_lang(const char *tag, char *buf, size_t size)
{
    if (strncmp(tag, "zh-Hant", 7) == 0)
        snprintf(buf, size, "%s", strstr(tag, "HK") ? "zh-hk" : "zh-tw");
    else if (strncmp(tag, "zh", 2) == 0)
        snprintf(buf, size, "zh-cn");
    else {
        snprintf(buf, size, "%s", tag);
        for (char *p = buf; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    return buf;
}

static TTF_Font *open_match(struct fonts *f, const char *lang, bool bold)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)f->family);
    if (!pat)
        return NULL;
    char fclang[32];
    if (lang && lang[0])
        FcPatternAddString(pat, FC_LANG,
                           (const FcChar8 *)fonts_fc_lang(lang, fclang, sizeof(fclang)));
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(f->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(f->fc, pat, &res);
    FcPatternDestroy(pat);
    if (!match)
        return NULL;
    FcChar8 *file = NULL;
    int index = 0;
    TTF_Font *font = NULL;
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(match, FC_INDEX, 0, &index);
        font = TTF_OpenFontIndex((const char *)file, 48, index);
        if (!font)
            log_warn("font %s: %s", file, TTF_GetError());
        else
            log_debug("font for \"%s\"%s: %s (face %d)", lang, bold ? " bold" : "", file, index);
    }
    FcPatternDestroy(match);
    return font;
}

TTF_Font *fonts_get(struct fonts *f, const char *lang, bool bold)
{
    if (!lang)
        lang = "";
    for (int i = 0; i < f->n; i++)
        if (f->entries[i].bold == bold && strcmp(f->entries[i].lang, lang) == 0)
            return f->entries[i].font;
    TTF_Font *font = open_match(f, lang, bold);
    if (!font) {
        log_error("no font found for language \"%s\" (install fonts-noto-core)", lang);
        return NULL;
    }
    if (f->n == MAX_FONTS) { /* many languages: forget the oldest */
        TTF_CloseFont(f->entries[0].font);
        free(f->entries[0].lang);
        memmove(&f->entries[0], &f->entries[1], sizeof(f->entries[0]) * (MAX_FONTS - 1));
        f->n--;
    }
    f->entries[f->n++] = (struct font_entry){xstrdup(lang), bold, font};
    return font;
}
