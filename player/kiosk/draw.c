/* draw: surfaces of the chooser and the pages. */
#include "kiosk/draw.h"

#include <string.h>

#include "base/log.h"
#include "kiosk/words.h"
#include "screen/slide.h"
#include "screen/text.h"

#define BUTTON_BG    0xffffff
#define BUTTON_FG    0x0b3d91
#define EXIT_BG      0xc62828
#define EXIT_FG      0xffffff
#define DISABLED_BG  0x5b6b86
#define DISABLED_FG  0xdde3ee
#define FOCUS_COLOUR 0xffd600

static void fill(SDL_Surface *surf, const SDL_Rect *r, uint32_t rgb)
{
    SDL_FillRect(surf, r, SDL_MapRGB(surf->format, rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
}

static SDL_Rect local(const struct kiosk_layout *l, struct kiosk_rect r)
{
    return (SDL_Rect){r.x - l->box.x, r.y - l->box.y, r.w, r.h};
}

static void draw_button(SDL_Surface *surf, struct fonts *fonts, const struct kiosk_layout *l,
                        const struct kiosk_button *b, int px, bool focused)
{
    uint32_t bg = BUTTON_BG, fg = BUTTON_FG;
    if (b->act == ACT_QUICK_EXIT)
        bg = EXIT_BG, fg = EXIT_FG;
    if (!b->enabled)
        bg = DISABLED_BG, fg = DISABLED_FG;
    SDL_Rect r = local(l, b->r);
    if (focused) { /* a frame outside the button, as thick as a tenth of it */
        int t = r.h / 10 > 3 ? r.h / 10 : 3;
        SDL_Rect fr = {r.x - t, r.y - t, r.w + 2 * t, r.h + 2 * t};
        fill(surf, &fr, FOCUS_COLOUR);
    }
    SDL_Surface *label =
        slide_draw_line_px(fonts, b->label ? b->label : "", b->lang, r.w, r.h, px, bg, fg);
    if (label) {
        SDL_BlitSurface(label, NULL, surf, &r);
        SDL_FreeSurface(label);
    } else {
        fill(surf, &r, bg);
    }
}

/* The chooser's heading, one line in the first language. */
static void draw_heading(SDL_Surface *surf, struct fonts *fonts, const struct kiosk_flow *f,
                         const struct kiosk_layout *l)
{
    SDL_Rect r = local(l, l->title);
    if (r.w <= 0 || r.h <= 0)
        return;
    const char *lang = kiosk_words_tag(f->langs[0]) ? f->langs[0] : "en";
    SDL_Surface *s = slide_draw_line(fonts, kiosk_word(lang, WORD_CHOOSE), lang, r.w, r.h,
                                     KIOSK_BACKGROUND, 0xffffff);
    if (s) {
        SDL_BlitSurface(s, NULL, surf, &r);
        SDL_FreeSurface(s);
    }
}

static void draw_page(SDL_Surface *surf, struct fonts *fonts, const struct kiosk_flow *f,
                      const struct kiosk_state *st, const struct kiosk_layout *l, double mm_per_px)
{
    SDL_Rect r = local(l, l->title);
    if (r.w <= 0 || r.h <= 0)
        return;
    const char *lang = f->langs[st->lang];
    struct slide_text text = {
        .title = (char *)kiosk_page_title(f, st->page, lang),
        .body = (char *)kiosk_page_body(f, st->page, lang),
        .qr = (char *)kiosk_page_qr(f, st->page, lang),
        .background = KIOSK_BACKGROUND,
        .color = 0xffffff,
    };
    struct slide_opts so = {.mm_per_px = mm_per_px};
    SDL_Surface *s = slide_draw(fonts, &text, lang, r.w, r.h, &so);
    if (!s) {
        log_warn("kiosk: page \"%s\" [%s] cannot be drawn in %dx%d", f->pages[st->page].id, lang,
                 r.w, r.h);
        return;
    }
    SDL_BlitSurface(s, NULL, surf, &r);
    SDL_FreeSurface(s);
}

SDL_Surface *kiosk_draw(struct fonts *fonts, const struct kiosk_flow *f,
                        const struct kiosk_state *st, const struct kiosk_layout *l,
                        double mm_per_px)
{
    SDL_Surface *surf =
        SDL_CreateRGBSurfaceWithFormat(0, l->box.w, l->box.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("kiosk: %s", SDL_GetError());
        return NULL;
    }
    fill(surf, NULL, KIOSK_BACKGROUND);
    if (st->view == KIOSK_CHOOSER)
        draw_heading(surf, fonts, f, l);
    else if (st->view == KIOSK_PAGE)
        draw_page(surf, fonts, f, st, l, mm_per_px);
    /* One label size for the view's buttons, as a page has one text size:
     * the largest at which every enabled label fits. A disabled one ("not
     * available") and quick exit, in its corner, may be smaller. */
    int px = 0, label_px[KIOSK_MAX_BUTTONS];
    for (int i = 0; i < l->n_buttons; i++) {
        const struct kiosk_button *b = &l->buttons[i];
        label_px[i] = slide_line_px(fonts, b->label ? b->label : "", b->lang, b->r.w, b->r.h);
        if (b->enabled && b->act != ACT_QUICK_EXIT && label_px[i] > 0 && (!px || label_px[i] < px))
            px = label_px[i];
    }
    for (int i = 0; i < l->n_buttons; i++) {
        bool own = l->buttons[i].act == ACT_QUICK_EXIT || !px || label_px[i] < px;
        draw_button(surf, fonts, l, &l->buttons[i], own ? label_px[i] : px, i == st->focus);
    }
    return surf;
}

static int missing(struct fonts *fonts, const char *lang, const char *s)
{
    if (!s)
        return 0;
    struct text_style st = {fonts, lang, false, 24};
    return text_count_missing(&st, s, (int)strlen(s));
}

void kiosk_check_fonts(struct fonts *fonts, const struct kiosk_flow *f, struct kiosk_avail *av)
{
    for (int i = 0; i < f->n_langs; i++) {
        const char *lang = f->langs[i];
        int miss = missing(fonts, lang, kiosk_word(lang, WORD_NAME));
        for (int p = 0; p < f->n_pages; p++)
            miss += missing(fonts, lang, kiosk_page_title(f, p, lang)) +
                    missing(fonts, lang, kiosk_page_body(f, p, lang));
        av->no_font[i] = miss > 0 || !fonts_get(fonts, lang, false);
        if (av->no_font[i])
            log_warn("%s:%d: kiosk: language \"%s\": no installed font draws %d of its "
                     "characters; its button is disabled (install a font for it, e.g. a "
                     "fonts-noto package)",
                     f->file ? f->file : "built-in", f->line, lang, miss);
    }
}
