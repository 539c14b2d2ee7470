#include "screen/text.h"

#include <ctype.h>
#include <fribidi.h>
#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"

/* One piece of a line drawn by one call to SDL_ttf. */
struct run {
    int start, len; /* bytes */
    TTF_Font *font;
    const char *script; /* ISO 15924, for HarfBuzz */
    int level;          /* bidi embedding level: odd = right to left */
};

/* The scripts HarfBuzz needs told; anything else is "common" and joins the
 * run it stands in (spaces, digits, punctuation, combining marks). */
static const struct {
    uint32_t first, last;
    const char *script;
} script_ranges[] = {
    {'A', 'Z', "Latn"},         {'a', 'z', "Latn"},       {0x00c0, 0x024f, "Latn"},
    {0x0370, 0x03ff, "Grek"},   {0x0400, 0x052f, "Cyrl"}, {0x0531, 0x058f, "Armn"},
    {0x0590, 0x05ff, "Hebr"},   {0x0600, 0x065f, "Arab"}, {0x066a, 0x06ef, "Arab"},
    {0x06fa, 0x06ff, "Arab"},   {0x0750, 0x077f, "Arab"}, {0x08a0, 0x08ff, "Arab"},
    {0x0900, 0x097f, "Deva"},   {0x0e00, 0x0e7f, "Thai"}, {0x1100, 0x11ff, "Hang"},
    {0x1780, 0x17ff, "Khmr"},   {0x19e0, 0x19ff, "Khmr"}, {0x1e00, 0x1eff, "Latn"},
    {0x3040, 0x30ff, "Hani"},   {0x3130, 0x318f, "Hang"}, {0x3400, 0x4dbf, "Hani"},
    {0x4e00, 0x9fff, "Hani"},   {0xac00, 0xd7af, "Hang"}, {0xf900, 0xfaff, "Hani"},
    {0xfb1d, 0xfb4f, "Hebr"},   {0xfb50, 0xfdff, "Arab"}, {0xfe70, 0xfeff, "Arab"},
    {0x20000, 0x3ffff, "Hani"},
};

static const char *script_of(uint32_t cp)
{
    for (size_t i = 0; i < sizeof(script_ranges) / sizeof(script_ranges[0]); i++)
        if (cp >= script_ranges[i].first && cp <= script_ranges[i].last)
            return script_ranges[i].script;
    return NULL;
}

/* Default-ignorable and control characters: drawn as nothing, not .notdef. */
static bool is_invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x206f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff;
}

static const char *const rtl_langs[] = {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ug", "ckb"};

bool text_lang_is_rtl(const char *lang)
{
    if (!lang)
        return false;
    for (size_t i = 0; i < sizeof(rtl_langs) / sizeof(rtl_langs[0]); i++) {
        size_t n = strlen(rtl_langs[i]);
        if (strncmp(lang, rtl_langs[i], n) == 0 && (!lang[n] || lang[n] == '-'))
            return true;
    }
    return false;
}

/* Decodes one UTF-8 code point at s (at most left bytes), storing its length. */
static uint32_t utf8_next(const char *s, int left, int *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    int n = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 1;
    if (n > left)
        n = left;
    uint32_t c = u[0] & (0xff >> (n + 1));
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *len = i;
            return 0xfffd;
        }
        c = (c << 6) | (u[i] & 0x3f);
    }
    *len = n;
    return n == 1 ? 0xfffd : c;
}

static bool is_digit_type(FriBidiCharType t)
{
    return t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN;
}

/* Unicode's bidi rules turn the digits after an Arabic letter into Arabic
 * numbers, and then the hyphens of "1-888-373-7888" no longer join them:
 * the groups come out in reverse order. A run of digits joined by '-', '.'
 * or '/' is a phone number or a date, read left to right: mark it so. */
static void keep_numbers_ltr(const FriBidiChar *cps, FriBidiCharType *types, int n)
{
    for (int i = 0; i < n;) {
        if (!is_digit_type(types[i])) {
            i++;
            continue;
        }
        int j = i + 1;
        bool joined = false;
        while (j < n) {
            if (is_digit_type(types[j])) {
                j++;
            } else if ((cps[j] == '-' || cps[j] == '.' || cps[j] == '/' || cps[j] == 0x2011) &&
                       j + 1 < n && is_digit_type(types[j + 1])) {
                joined = true;
                j += 2;
            } else {
                break;
            }
        }
        for (int k = i; joined && k < j; k++)
            types[k] = FRIBIDI_TYPE_LTR;
        i = j;
    }
}

/* Cuts the len bytes at s into runs in visual order (left to right).
 * Returns the number of runs; *out is the caller's to free. */
static int line_runs(const struct text_style *st, const char *s, int len, struct run **out)
{
    *out = NULL;
    if (len <= 0)
        return 0;
    FriBidiChar *cps = xcalloc((size_t)len, sizeof(*cps));
    int *offs = xcalloc((size_t)len + 1, sizeof(*offs));
    int n = 0;
    for (int p = 0; p < len; n++) {
        int cl;
        offs[n] = p;
        cps[n] = utf8_next(s + p, len - p, &cl);
        p += cl;
    }
    offs[n] = len;

    FriBidiCharType *types = xcalloc((size_t)n, sizeof(*types));
    FriBidiBracketType *brackets = xcalloc((size_t)n, sizeof(*brackets));
    FriBidiLevel *levels = xcalloc((size_t)n, sizeof(*levels));
    fribidi_get_bidi_types(cps, n, types);
    keep_numbers_ltr(cps, types, n);
    fribidi_get_bracket_types(cps, n, types, brackets);
    FriBidiParType dir = text_lang_is_rtl(st->lang) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(types, brackets, n, &dir, levels))
        memset(levels, 0, (size_t)n * sizeof(*levels));

    struct run *runs = xcalloc((size_t)n, sizeof(*runs));
    int nr = 0;
    for (int i = 0; i < n; i++) {
        uint32_t cp = cps[i];
        const char *script = script_of(cp);
        struct run *prev = nr ? &runs[nr - 1] : NULL;
        TTF_Font *font = NULL;
        if (!script && prev && TTF_GlyphIsProvided32(prev->font, cp))
            font = prev->font; /* common characters stay in the run they are in */
        else if (!script && prev && is_invisible(cp))
            font = prev->font;
        else
            font = fonts_for_char(st->fonts, st->lang, st->bold, cp);
        if (prev && !script)
            script = prev->script;
        if (prev && prev->font == font && prev->level == levels[i] &&
            (!prev->script || !script || strcmp(prev->script, script) == 0)) {
            prev->len = offs[i + 1] - prev->start;
            if (!prev->script)
                prev->script = script;
            continue;
        }
        runs[nr++] = (struct run){offs[i], offs[i + 1] - offs[i], font, script, levels[i]};
    }

    /* Unicode's rule L2: from the highest level down to the lowest odd one,
     * reverse every sequence of runs at that level or higher. */
    int max = 0, min_odd = 255;
    for (int i = 0; i < nr; i++) {
        if (runs[i].level > max)
            max = runs[i].level;
        if ((runs[i].level & 1) && runs[i].level < min_odd)
            min_odd = runs[i].level;
    }
    for (int lv = max; lv >= min_odd && lv > 0; lv--) {
        for (int i = 0; i < nr;) {
            if (runs[i].level < lv) {
                i++;
                continue;
            }
            int j = i;
            while (j < nr && runs[j].level >= lv)
                j++;
            for (int a = i, b = j - 1; a < b; a++, b--) {
                struct run t = runs[a];
                runs[a] = runs[b];
                runs[b] = t;
            }
            i = j;
        }
    }
    free(cps);
    free(offs);
    free(types);
    free(brackets);
    free(levels);
    *out = runs;
    return nr;
}

/* Sets up r's font for r and copies its text into a string. */
static char *run_prepare(const struct text_style *st, const char *s, const struct run *r)
{
    fonts_set_size(st->fonts, r->font, st->px);
    TTF_SetFontDirection(r->font, (r->level & 1) ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(r->font, r->script ? r->script : "Latn");
    char *t = xcalloc(1, (size_t)r->len + 1);
    memcpy(t, s + r->start, (size_t)r->len);
    return t;
}

int text_width(const struct text_style *st, const char *s, int len)
{
    struct run *runs;
    int nr = line_runs(st, s, len, &runs);
    int total = 0;
    for (int i = 0; i < nr; i++) {
        if (!runs[i].font)
            continue;
        char *t = run_prepare(st, s, &runs[i]);
        int w = 0, h = 0;
        if (TTF_SizeUTF8(runs[i].font, t, &w, &h) == 0)
            total += w;
        free(t);
    }
    free(runs);
    return total;
}

int text_line_height(const struct text_style *st)
{
    TTF_Font *font = fonts_get(st->fonts, st->lang, st->bold);
    if (!font)
        return st->px;
    fonts_set_size(st->fonts, font, st->px);
    return TTF_FontLineSkip(font);
}

int text_draw(SDL_Surface *dst, const struct text_style *st, const char *s, int len, int x, int y,
              SDL_Color color)
{
    TTF_Font *own = fonts_get(st->fonts, st->lang, st->bold);
    if (!own)
        return 0;
    fonts_set_size(st->fonts, own, st->px);
    int baseline = y + TTF_FontAscent(own);
    struct run *runs;
    int nr = line_runs(st, s, len, &runs);
    int x0 = x;
    for (int i = 0; i < nr; i++) {
        if (!runs[i].font)
            continue;
        char *t = run_prepare(st, s, &runs[i]);
        SDL_Surface *rs = TTF_RenderUTF8_Blended(runs[i].font, t, color);
        if (rs) {
            SDL_Rect at = {x, baseline - TTF_FontAscent(runs[i].font), rs->w, rs->h};
            SDL_BlitSurface(rs, NULL, dst, &at);
            x += rs->w;
            SDL_FreeSurface(rs);
        }
        free(t);
    }
    free(runs);
    return x - x0;
}

int text_runs(const struct text_style *st, const char *s, int len, struct text_run_info *out,
              int max)
{
    struct run *runs;
    int nr = line_runs(st, s, len, &runs);
    for (int i = 0; i < nr && i < max; i++)
        out[i] =
            (struct text_run_info){runs[i].start, runs[i].len, runs[i].level & 1, runs[i].script};
    free(runs);
    return nr;
}

int text_count_missing(const struct text_style *st, const char *s, int len)
{
    struct run *runs;
    int nr = line_runs(st, s, len, &runs);
    int missing = 0;
    for (int i = 0; i < nr; i++) {
        for (int p = runs[i].start; p < runs[i].start + runs[i].len;) {
            int cl;
            uint32_t cp = utf8_next(s + p, runs[i].start + runs[i].len - p, &cl);
            p += cl;
            if (!is_invisible(cp) && (!runs[i].font || !TTF_GlyphIsProvided32(runs[i].font, cp)))
                missing++;
        }
    }
    free(runs);
    return missing;
}

/* ---- line breaking ---- */

static int trim_right(const char *text, int start, int end)
{
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\r'))
        end--;
    return end;
}

/* Thai, Lao, Khmer and Myanmar are written without spaces between words;
 * UAX #14 leaves their breaks to a dictionary, which libunibreak lacks. */
static bool is_sa_script(uint32_t cp)
{
    return (cp >= 0x0e00 && cp <= 0x0eff) || (cp >= 0x1000 && cp <= 0x109f) ||
           (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff);
}

/* Where an orthographic syllable of those scripts may start: before a
 * consonant or independent vowel that is not subjoined (after a Khmer
 * COENG or Myanmar virama), and, in Thai and Lao, before a leading vowel
 * (which is written before its consonant). */
static bool is_syllable_start(uint32_t prev, uint32_t cp)
{
    if (prev == 0x17d2 || prev == 0x1039 || (prev >= 0x0e40 && prev <= 0x0e44) ||
        (prev >= 0x0ec0 && prev <= 0x0ec4))
        return false;
    return (cp >= 0x0e01 && cp <= 0x0e2e) || (cp >= 0x0e40 && cp <= 0x0e44) ||
           (cp >= 0x0e81 && cp <= 0x0eae) || (cp >= 0x0ec0 && cp <= 0x0ec4) ||
           (cp >= 0x1780 && cp <= 0x17b3) || (cp >= 0x1000 && cp <= 0x102a);
}

/* The last syllable boundary in [ls, pe) at which the line still fits, for
 * a piece of those scripts that has no allowed break; -1 when none. */
static int syllable_break(const struct text_style *st, const char *text, int ls, int pe,
                          int max_width, int *width)
{
    int best = -1;
    uint32_t prev = 0;
    for (int p = ls; p < pe;) {
        int cl;
        uint32_t cp = utf8_next(text + p, pe - p, &cl);
        if (p > ls && is_sa_script(cp) && is_sa_script(prev) && is_syllable_start(prev, cp)) {
            int w = text_width(st, text + ls, p - ls);
            if (w > max_width)
                break;
            best = p;
            *width = w;
        }
        prev = cp;
        p += cl;
    }
    return best;
}

/* Wraps the paragraph [ps, pe) of text; brks is libunibreak's answer for the
 * whole text. Appends lines at lines[*n]. Returns 0 or -1 (too wide). */
static int wrap_paragraph(const struct text_style *st, const char *text, const char *brks, int ps,
                          int pe, int max_width, struct text_line *lines, int max_lines, int *n)
{
    /* Where lines may end: after each allowed break, and at the end. */
    int *ends = xcalloc((size_t)(pe - ps) + 1, sizeof(int));
    int n_ends = 0, first = 0, rc = 0;
    for (int p = ps; p < pe; p++)
        if (p + 1 == pe || brks[p] == LINEBREAK_ALLOWBREAK)
            ends[n_ends++] = p + 1;
    int ls = ps;
    do {
        /* The furthest end that fits: a line's width grows with its length
         * and measuring is the costly part, so gallop ahead 1, 2, 4...
         * ends until one overflows, then bisect; nothing much longer than
         * a line is measured. */
        while (first < n_ends && ends[first] <= ls)
            first++;
        int best = -1, best_w = 0, lo = first, hi = n_ends - 1;
        for (int step = 1; lo <= hi; step *= 2) {
            int probe = lo + step - 1 < hi ? lo + step - 1 : hi;
            int vis = trim_right(text, ls, ends[probe]);
            int w = text_width(st, text + ls, vis - ls);
            if (w > max_width) {
                hi = probe - 1;
                break;
            }
            best = ends[probe];
            best_w = w;
            lo = probe + 1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            int vis = trim_right(text, ls, ends[mid]);
            int w = text_width(st, text + ls, vis - ls);
            if (w <= max_width) {
                best = ends[mid];
                best_w = w;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best < 0 && ls < pe)
            best = syllable_break(st, text, ls, pe, max_width, &best_w);
        if (best < 0) {
            if (ls < pe) {
                rc = -1; /* one piece is wider than the line */
                break;
            }
            best = pe;
        }
        if (*n < max_lines)
            lines[*n] = (struct text_line){ls, trim_right(text, ls, best) - ls, best_w};
        (*n)++;
        ls = best;
        while (ls < pe && text[ls] == ' ')
            ls++;
    } while (ls < pe);
    free(ends);
    return rc;
}

int text_wrap(const struct text_style *st, const char *text, int max_width, struct text_line *lines,
              int max_lines)
{
    int len = (int)strlen(text);
    if (len == 0)
        return 0;
    char lb_lang[8] = "";
    if (st->lang)
        snprintf(lb_lang, sizeof(lb_lang), "%.2s", st->lang);
    init_linebreak(); /* idempotent; libunibreak needs it before use */
    char *brks = xcalloc((size_t)len, 1);
    set_linebreaks_utf8((const utf8_t *)text, (size_t)len, lb_lang[0] ? lb_lang : NULL, brks);
    /* UAX #14 breaks "1-888-KEY-2-FRE" after "2-"; a hyphen next to a digit
     * inside letters and digits is part of a phone number: keep it whole. */
    for (int i = 1; i + 1 < len; i++)
        if (text[i] == '-' && brks[i] == LINEBREAK_ALLOWBREAK &&
            isalnum((unsigned char)text[i + 1]) && isalnum((unsigned char)text[i - 1]) &&
            (isdigit((unsigned char)text[i - 1]) || isdigit((unsigned char)text[i + 1])))
            brks[i] = LINEBREAK_NOBREAK;
    int n = 0, rc = 0;
    for (int ps = 0; ps < len && rc == 0;) {
        int pe = ps;
        while (pe < len && text[pe] != '\n')
            pe++;
        rc = wrap_paragraph(st, text, brks, ps, pe, max_width, lines, max_lines, &n);
        ps = pe + 1;
        if (pe < len && ps == len) /* a final "\n" ends the text, it adds no line */
            break;
    }
    free(brks);
    return rc < 0 ? -1 : n;
}
