#include "slide.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

#define MAX_LINES 64

/* Decodes one UTF-8 code point at s, storing its length in *len. */
static uint32_t utf8_next(const char *s, int *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    int n = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 1;
    uint32_t c = u[0] & (0xff >> (n + 1));
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            *len = i;
            return 0xfffd;
        }
        c = (c << 6) | (u[i] & 0x3f);
    }
    *len = n;
    return c;
}

/* Ideographs, kana and full-width forms: a line may break before them. */
static bool is_cjk(uint32_t c)
{
    return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
           (c >= 0xff00 && c <= 0xffef) || (c >= 0x20000 && c <= 0x3ffff);
}

/* Closing punctuation never starts a line. */
static bool no_break_before(uint32_t c)
{
    static const uint32_t closers[] = {0x3001, 0x3002, 0xff0c, 0xff0e, 0xff01, 0xff1f, 0xff09,
                                       0x300d, 0x300f, 0x3011, 0x3009, 0x300b, 0xff1a, 0xff1b};
    for (size_t i = 0; i < sizeof(closers) / sizeof(closers[0]); i++)
        if (c == closers[i])
            return true;
    return c == ',' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ')';
}

static int measure(TTF_Font *font, const char *text, int start, int len)
{
    char buf[4096];
    if (len >= (int)sizeof(buf))
        len = (int)sizeof(buf) - 1;
    memcpy(buf, text + start, (size_t)len);
    buf[len] = '\0';
    int w = 0, h = 0;
    if (len > 0 && TTF_SizeUTF8(font, buf, &w, &h) != 0)
        return 1 << 20;
    return w;
}

/* The end of the chunk that starts at p: the next place a line may break. */
static int next_break(const char *text, int p, int end)
{
    int cl;
    uint32_t prev = utf8_next(text + p, &cl);
    int q = p + cl;
    while (q < end) {
        uint32_t c = utf8_next(text + q, &cl);
        if (prev == ' ' && c != ' ')
            return q;
        if ((is_cjk(c) || is_cjk(prev)) && c != ' ' && !no_break_before(c))
            return q;
        prev = c;
        q += cl;
    }
    return end;
}

static int trim_right(const char *text, int start, int end)
{
    while (end > start && text[end - 1] == ' ')
        end--;
    return end;
}

int slide_wrap(TTF_Font *font, const char *text, int max_width, struct slide_line *lines,
               int max_lines)
{
    int len = (int)strlen(text);
    int n = 0;
    for (int start = 0; start <= len;) {
        const char *nl = strchr(text + start, '\n');
        int para_end = nl ? (int)(nl - text) : len;
        int ls = start;
        do {
            int best = -1, best_w = 0;
            for (int p = ls; p < para_end;) {
                int e = next_break(text, p, para_end);
                int vis = trim_right(text, ls, e);
                int w = measure(font, text, ls, vis - ls);
                if (w > max_width)
                    break;
                best = e;
                best_w = w;
                p = e;
            }
            if (best < 0) {
                if (ls < para_end)
                    return -1; /* one piece is wider than the line */
                best = para_end;
            }
            if (n < max_lines)
                lines[n] = (struct slide_line){ls, trim_right(text, ls, best) - ls, best_w};
            n++;
            ls = best;
            while (ls < para_end && text[ls] == ' ')
                ls++;
        } while (ls < para_end);
        start = para_end + 1;
    }
    return n;
}

struct block {
    const char *text;
    TTF_Font *font;
    struct slide_line lines[MAX_LINES];
    int n_lines;
    int line_h;
};

/* Wraps both blocks at body size pt (the title 1.4x); returns the total height or -1. */
static int layout(struct block *b, int n_blocks, int pt, int width, int gap)
{
    int total = 0;
    for (int i = 0; i < n_blocks; i++) {
        int size = i == 0 && n_blocks == 2 ? pt * 14 / 10 : pt;
        TTF_SetFontSize(b[i].font, size);
        b[i].n_lines = slide_wrap(b[i].font, b[i].text, width, b[i].lines, MAX_LINES);
        if (b[i].n_lines < 0 || b[i].n_lines > MAX_LINES)
            return -1;
        b[i].line_h = TTF_FontLineSkip(b[i].font);
        total += b[i].n_lines * b[i].line_h;
    }
    return total + (n_blocks - 1) * gap * pt / 10;
}

SDL_Texture *slide_render(SDL_Renderer *rr, struct fonts *fonts, const struct slide_text *s,
                          const char *lang, int w, int h)
{
    struct block blocks[2];
    int nb = 0;
    if (s->title && s->title[0])
        blocks[nb++] = (struct block){.text = s->title, .font = fonts_get(fonts, lang, true)};
    if (s->body && s->body[0])
        blocks[nb++] = (struct block){.text = s->body, .font = fonts_get(fonts, lang, false)};
    for (int i = 0; i < nb; i++)
        if (!blocks[i].font)
            return NULL;

    int margin_x = w / 14, margin_y = h / 12;
    int box_w = w - 2 * margin_x, box_h = h - 2 * margin_y;
    const int gap = 8; /* tenths of the body size between title and body */

    /* Largest body size at which everything fits; not above a ninth of the box. */
    int lo = 6, hi = box_h / 9 > 7 ? box_h / 9 : 7, best = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int need = layout(blocks, nb, mid, box_w, gap);
        if (need >= 0 && need <= box_h) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best < 0) {
        log_error("slide: text does not fit a %dx%d screen even at the smallest size", w, h);
        return NULL;
    }
    int total = layout(blocks, nb, best, box_w, gap);

    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("slide: %s", SDL_GetError());
        return NULL;
    }
    uint32_t bg = s->background;
    SDL_FillRect(surf, NULL,
                 SDL_MapRGB(surf->format, (bg >> 16) & 0xff, (bg >> 8) & 0xff, bg & 0xff));
    SDL_Color fg = {(s->color >> 16) & 0xff, (s->color >> 8) & 0xff, s->color & 0xff, 255};

    int y = margin_y + (box_h - total) / 2;
    for (int i = 0; i < nb; i++) {
        struct block *b = &blocks[i];
        TTF_SetFontSize(b->font, i == 0 && nb == 2 ? best * 14 / 10 : best);
        for (int l = 0; l < b->n_lines; l++, y += b->line_h) {
            if (b->lines[l].len == 0)
                continue;
            char *line = xcalloc(1, (size_t)b->lines[l].len + 1);
            memcpy(line, b->text + b->lines[l].start, (size_t)b->lines[l].len);
            SDL_Surface *ls = TTF_RenderUTF8_Blended(b->font, line, fg);
            free(line);
            if (!ls)
                continue;
            SDL_Rect dst = {margin_x + (box_w - ls->w) / 2, y, ls->w, ls->h};
            SDL_BlitSurface(ls, NULL, surf, &dst);
            SDL_FreeSurface(ls);
        }
        y += best * gap / 10;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(rr, surf);
    SDL_FreeSurface(surf);
    if (!tex)
        log_error("slide: %s", SDL_GetError());
    return tex;
}
