#include "screen/fonts.h"

#include <ctype.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"

/* Fonts are never evicted: text layout holds font pointers across calls. */
#define MAX_FONTS    96
#define FONT_OPEN_PX 48
#define MAX_MISSING  64

struct font_entry {
    char *key; /* language tag, "*" for no preference, "" for a fallback font */
    bool bold;
    TTF_Font *font;
    int px; /* its size now */
};

struct fonts {
    FcConfig *fc;   /* NULL until a font is first wanted */
    bool fc_failed; /* fontconfig could not start: not tried again */
    char *family;
    struct font_entry entries[MAX_FONTS];
    int n;
    int misses;                    /* code points no installed font has */
    uint32_t missing[MAX_MISSING]; /* those, not looked up (or logged) again */
    int n_missing;
};

/* Where fontconfig's generic "sans-serif" picks a font that covers the
 * language but draws it poorly (DejaVu for Arabic script and Armenian), the
 * family to ask for first. */
static const struct {
    const char *lang;
    const char *family;
} preferred_families[] = {
    {"ar", "Noto Naskh Arabic"},  {"fa", "Noto Naskh Arabic"},    {"ur", "Noto Nastaliq Urdu"},
    {"hy", "Noto Sans Armenian"}, {"he", "Noto Sans Hebrew"},     {"km", "Noto Sans Khmer"},
    {"th", "Noto Sans Thai"},     {"hi", "Noto Sans Devanagari"},
};

struct fonts *fonts_create(const char *family)
{
    struct fonts *f = xcalloc(1, sizeof(*f));
    f->family = xstrdup(family && family[0] ? family : "");
    return f;
}

/* fontconfig's configuration and font list, loaded when a font is first
 * wanted: tens of milliseconds that a screen playing only videos never pays. */
static bool fc_ready(struct fonts *f)
{
    if (!f->fc && !f->fc_failed) {
        if (!(f->fc = FcInitLoadConfigAndFonts()))
            log_error("fontconfig: cannot load its configuration");
        f->fc_failed = !f->fc;
    }
    return f->fc != NULL;
}

void fonts_destroy(struct fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        TTF_CloseFont(f->entries[i].font);
        free(f->entries[i].key);
    }
    if (f->fc)
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

static const char *preferred_family(const struct fonts *f, const char *lang)
{
    if (f->family[0])
        return f->family;
    for (size_t i = 0; i < sizeof(preferred_families) / sizeof(preferred_families[0]); i++) {
        size_t n = strlen(preferred_families[i].lang);
        if (strncmp(lang, preferred_families[i].lang, n) == 0 && (!lang[n] || lang[n] == '-'))
            return preferred_families[i].family;
    }
    return "sans-serif";
}

/* A pattern for lang (may be ""), weight, and optionally one code point. */
static FcPattern *make_pattern(struct fonts *f, const char *lang, bool bold, uint32_t cp)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)preferred_family(f, lang));
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"sans-serif");
    char fclang[32];
    if (lang[0])
        FcPatternAddString(pat, FC_LANG,
                           (const FcChar8 *)fonts_fc_lang(lang, fclang, sizeof(fclang)));
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    if (cp) {
        FcCharSet *cs = FcCharSetCreate();
        FcCharSetAddChar(cs, cp);
        FcPatternAddCharSet(pat, FC_CHARSET, cs);
        FcCharSetDestroy(cs);
    }
    FcConfigSubstitute(f->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    return pat;
}

static TTF_Font *open_file(const FcPattern *match, const char *what)
{
    FcChar8 *file = NULL;
    int index = 0;
    if (FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch)
        return NULL;
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    TTF_Font *font = TTF_OpenFontIndex((const char *)file, FONT_OPEN_PX, index);
    if (!font) {
        log_warn("font %s: %s", file, TTF_GetError());
        return NULL;
    }
    /* Light hinting keeps the designed shapes at display sizes, and skips
     * the TrueType bytecode interpreter, the costliest part of layout. */
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    log_debug("font for %s: %s (face %d)", what, file, index);
    return font;
}

static TTF_Font *open_match(struct fonts *f, const char *lang, bool bold)
{
    FcPattern *pat = make_pattern(f, lang, bold, 0);
    FcResult res;
    FcPattern *match = FcFontMatch(f->fc, pat, &res);
    FcPatternDestroy(pat);
    if (!match)
        return NULL;
    char what[64];
    snprintf(what, sizeof(what), "\"%s\"%s", lang, bold ? " bold" : "");
    TTF_Font *font = open_file(match, what);
    FcPatternDestroy(match);
    return font;
}

/* The first font in fontconfig's order for lang that has cp, or NULL. */
static TTF_Font *open_fallback(struct fonts *f, const char *lang, bool bold, uint32_t cp)
{
    FcPattern *pat = make_pattern(f, lang, bold, cp);
    FcResult res;
    FcFontSet *set = FcFontSort(f->fc, pat, FcFalse, NULL, &res);
    FcPatternDestroy(pat);
    TTF_Font *font = NULL;
    for (int i = 0; set && i < set->nfont && !font; i++) {
        FcCharSet *cs = NULL;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch ||
            !FcCharSetHasChar(cs, cp))
            continue;
        char what[32];
        snprintf(what, sizeof(what), "U+%04X", (unsigned)cp);
        font = open_file(set->fonts[i], what);
        if (font && !TTF_GlyphIsProvided32(font, cp)) {
            TTF_CloseFont(font);
            font = NULL;
        }
    }
    if (set)
        FcFontSetDestroy(set);
    return font;
}

static TTF_Font *keep(struct fonts *f, const char *key, bool bold, TTF_Font *font)
{
    if (f->n == MAX_FONTS) {
        TTF_CloseFont(font);
        return NULL;
    }
    f->entries[f->n++] = (struct font_entry){xstrdup(key), bold, font, FONT_OPEN_PX};
    return font;
}

void fonts_set_size(struct fonts *f, TTF_Font *font, int px)
{
    for (int i = 0; i < f->n; i++)
        if (f->entries[i].font == font) {
            if (f->entries[i].px != px)
                TTF_SetFontSize(font, px);
            f->entries[i].px = px;
            return;
        }
    TTF_SetFontSize(font, px);
}

TTF_Font *fonts_get(struct fonts *f, const char *lang, bool bold)
{
    if (!lang)
        lang = "";
    const char *key = lang[0] ? lang : "*"; /* "" marks fallback fonts */
    for (int i = 0; i < f->n; i++)
        if (f->entries[i].bold == bold && strcmp(f->entries[i].key, key) == 0)
            return f->entries[i].font;
    if (!fc_ready(f))
        return NULL;
    TTF_Font *font = open_match(f, lang, bold);
    if (!font) {
        log_error("no font found for language \"%s\" (install fonts-noto-core)", lang);
        return NULL;
    }
    return keep(f, key, bold, font);
}

TTF_Font *fonts_for_char(struct fonts *f, const char *lang, bool bold, uint32_t cp)
{
    TTF_Font *own = fonts_get(f, lang ? lang : "", bold);
    if (!own || TTF_GlyphIsProvided32(own, cp))
        return own;
    for (int i = 0; i < f->n; i++)
        if (f->entries[i].bold == bold && TTF_GlyphIsProvided32(f->entries[i].font, cp))
            return f->entries[i].font;
    for (int i = 0; i < f->n_missing; i++)
        if (f->missing[i] == cp) {
            f->misses++;
            return own;
        }
    TTF_Font *font = open_fallback(f, lang ? lang : "", bold, cp);
    if (font && (font = keep(f, "", bold, font)))
        return font;
    log_warn("no installed font has U+%04X; it shows as a box", (unsigned)cp);
    if (f->n_missing < MAX_MISSING)
        f->missing[f->n_missing++] = cp;
    f->misses++;
    return own;
}

int fonts_misses(const struct fonts *f)
{
    return f->misses;
}
