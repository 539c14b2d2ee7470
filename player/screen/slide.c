#include "screen/slide.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "screen/qr.h"
#include "screen/text.h"
#include "base/util.h"

#define MAX_LINES     96
#define MIN_PX        6
#define TITLE_SCALE   14 /* tenths of the body size */
#define GAP_TENTHS    8  /* tenths of the body size between title and body */
#define QR_DISTANCE_M 2

struct block {
    const char *text;
    struct text_style st;
    struct text_line lines[MAX_LINES];
    int n_lines;
    int line_h;
};

/* Where things go in a w x h slide. */
struct frame {
    SDL_Rect text; /* the text box, margins taken off */
    SDL_Rect qr;   /* w = 0: no QR code */
};

int slide_qr_px(const struct slide_text *s, int w, int h, const struct slide_opts *o)
{
    if (!s->qr || !s->qr[0])
        return 0;
    int short_side = w < h ? w : h;
    int want = short_side * 3 / 10;
    if (o && o->mm_per_px > 0)
        want = (int)(QR_DISTANCE_M * QR_MM_PER_M_DISTANCE / o->mm_per_px + 0.5);
    if (want < short_side / 5)
        want = short_side / 5;
    if (want > short_side / 2)
        want = short_side / 2;
    return want;
}

static void plan(const struct slide_text *s, int w, int h, const struct slide_opts *o,
                 struct frame *f)
{
    int mx = w / 14, my = h / 12;
    f->text = (SDL_Rect){mx, my, w - 2 * mx, h - 2 * my};
    f->qr = (SDL_Rect){0};
    int q = slide_qr_px(s, w, h, o);
    if (!q)
        return;
    if (w >= h) { /* landscape: a column at the right */
        f->text.w -= q + mx;
        f->qr = (SDL_Rect){w - mx - q, (h - q) / 2, q, q};
    } else { /* portrait: under the text */
        f->text.h -= q + my;
        f->qr = (SDL_Rect){(w - q) / 2, h - my - q, q, q};
    }
}

static int setup_blocks(struct fonts *fonts, const struct slide_text *s, const char *lang,
                        struct block *b)
{
    int nb = 0;
    if (s->title && s->title[0])
        b[nb++] = (struct block){.text = s->title, .st = {fonts, lang, true, 0}};
    if (s->body && s->body[0])
        b[nb++] = (struct block){.text = s->body, .st = {fonts, lang, false, 0}};
    for (int i = 0; i < nb; i++)
        if (!fonts_get(fonts, lang, b[i].st.bold))
            return -1;
    return nb;
}

/* Wraps the blocks at body size px; returns the total height or -1. */
static int layout(struct block *b, int nb, int px, int width)
{
    int total = 0;
    for (int i = 0; i < nb; i++) {
        b[i].st.px = i == 0 && nb == 2 ? px * TITLE_SCALE / 10 : px;
        b[i].n_lines = text_wrap(&b[i].st, b[i].text, width, b[i].lines, MAX_LINES);
        if (b[i].n_lines < 0 || b[i].n_lines > MAX_LINES)
            return -1;
        b[i].line_h = text_line_height(&b[i].st);
        total += b[i].n_lines * b[i].line_h;
    }
    return total + (nb - 1) * px * GAP_TENTHS / 10;
}

static int fit(struct block *b, int nb, const struct frame *f, const struct slide_opts *o)
{
    int lines = o && o->min_lines > 0 ? o->min_lines : 9;
    int lo = MIN_PX, hi = f->text.h / lines > MIN_PX + 1 ? f->text.h / lines : MIN_PX + 1,
        best = -1;
    if (o && o->max_px > 0 && o->max_px < hi)
        hi = o->max_px;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int need = layout(b, nb, mid, f->text.w);
        if (need >= 0 && need <= f->text.h) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return best;
}

int slide_fit_px(struct fonts *fonts, const struct slide_text *s, const char *lang, int w, int h,
                 const struct slide_opts *o)
{
    struct block *b = xcalloc(2, sizeof(*b));
    struct frame f;
    plan(s, w, h, o, &f);
    int px = -1;
    int nb = setup_blocks(fonts, s, lang, b);
    if (nb >= 0)
        px = fit(b, nb, &f, o);
    if (nb >= 0 && px < 0)
        log_error("slide [%s]: text does not fit a %dx%d box even at the smallest size", lang, w,
                  h);
    free(b);
    return px;
}

int slide_common_px(struct fonts *fonts, const struct item *it, int w, int h,
                    const struct slide_opts *o)
{
    struct slide_opts free_size = {.mm_per_px = o ? o->mm_per_px : 0};
    int best = 0;
    for (int v = 0; v < it->n_variants; v++) {
        const struct variant *var = &it->variants[v];
        if (!var->slide.title && !var->slide.body)
            continue;
        int px =
            slide_fit_px(fonts, &var->slide, var->lang[0] ? var->lang : "en", w, h, &free_size);
        if (px > 0 && (!best || px < best))
            best = px;
    }
    return best;
}

static SDL_Color rgb_color(uint32_t c)
{
    return (SDL_Color){(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff, 255};
}

static void draw_qr(SDL_Surface *surf, const struct slide_text *s, const SDL_Rect *box)
{
    SDL_Surface *q = qr_surface(s->qr, box->w);
    if (!q)
        return;
    SDL_Rect at = {box->x + (box->w - q->w) / 2, box->y + (box->h - q->h) / 2, q->w, q->h};
    SDL_BlitSurface(q, NULL, surf, &at);
    SDL_FreeSurface(q);
}

SDL_Surface *slide_draw(struct fonts *fonts, const struct slide_text *s, const char *lang, int w,
                        int h, const struct slide_opts *o)
{
    SDL_Surface *surf = NULL;
    struct block *b = xcalloc(2, sizeof(*b));
    struct frame f;
    plan(s, w, h, o, &f);
    int nb = setup_blocks(fonts, s, lang, b);
    if (nb < 0)
        goto out;
    int px = fit(b, nb, &f, o);
    if (px < 0) {
        log_error("slide [%s]: text does not fit a %dx%d box even at the smallest size", lang, w,
                  h);
        goto out;
    }
    int total = layout(b, nb, px, f.text.w);
    surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("slide: %s", SDL_GetError());
        goto out;
    }
    SDL_Color bg = rgb_color(s->background), fg = rgb_color(s->color);
    SDL_FillRect(surf, NULL, SDL_MapRGB(surf->format, bg.r, bg.g, bg.b));
    bool rtl = text_lang_is_rtl(lang);
    int y = f.text.y + (f.text.h - total) / 2;
    for (int i = 0; i < nb; i++) {
        for (int l = 0; l < b[i].n_lines; l++, y += b[i].line_h) {
            const struct text_line *ln = &b[i].lines[l];
            int x = rtl ? f.text.x + f.text.w - ln->width : f.text.x;
            text_draw(surf, &b[i].st, b[i].text + ln->start, ln->len, x, y, fg);
        }
        if (i == 0 && nb == 2) { /* a short rule under the title */
            int gap = px * GAP_TENTHS / 10, rule_w = f.text.w / 6;
            SDL_Rect rule = {rtl ? f.text.x + f.text.w - rule_w : f.text.x, y + gap / 3, rule_w,
                             gap / 5 > 2 ? gap / 5 : 2};
            SDL_FillRect(surf, &rule, SDL_MapRGB(surf->format, fg.r, fg.g, fg.b));
            y += gap;
        }
    }
    if (f.qr.w)
        draw_qr(surf, s, &f.qr);
out:
    free(b);
    return surf;
}

SDL_Texture *slide_render(SDL_Renderer *rr, struct fonts *fonts, const struct slide_text *s,
                          const char *lang, int w, int h, const struct slide_opts *o)
{
    SDL_Surface *surf = slide_draw(fonts, s, lang, w, h, o);
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(rr, surf);
    SDL_FreeSurface(surf);
    if (!tex)
        log_error("slide: %s", SDL_GetError());
    return tex;
}

int slide_line_px(struct fonts *fonts, const char *text, const char *lang, int w, int h)
{
    struct text_style st = {fonts, lang, true, h * 6 / 10};
    if (!fonts_get(fonts, lang, true))
        return -1;
    int len = (int)strlen(text), tw = 0, room = w - h; /* half a band height each side */
    while (st.px > MIN_PX && (tw = text_width(&st, text, len)) > room)
        st.px = st.px * room / tw < st.px ? st.px * room / tw : st.px - 1;
    return st.px < MIN_PX ? MIN_PX : st.px;
}

SDL_Surface *slide_draw_line_px(struct fonts *fonts, const char *text, const char *lang, int w,
                                int h, int px, uint32_t bg_rgb, uint32_t fg_rgb)
{
    struct text_style st = {fonts, lang, true, px};
    if (px <= 0 || !fonts_get(fonts, lang, true))
        return NULL;
    int len = (int)strlen(text), tw = text_width(&st, text, len);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("band: %s", SDL_GetError());
        return NULL;
    }
    SDL_Color bg = rgb_color(bg_rgb), fg = rgb_color(fg_rgb);
    SDL_FillRect(surf, NULL, SDL_MapRGB(surf->format, bg.r, bg.g, bg.b));
    text_draw(surf, &st, text, len, (w - tw) / 2, (h - text_line_height(&st)) / 2, fg);
    return surf;
}

SDL_Surface *slide_draw_line(struct fonts *fonts, const char *text, const char *lang, int w, int h,
                             uint32_t bg_rgb, uint32_t fg_rgb)
{
    return slide_draw_line_px(fonts, text, lang, w, h, slide_line_px(fonts, text, lang, w, h),
                              bg_rgb, fg_rgb);
}
