/* layout: rectangles for the chooser and the pages. */
#include "kiosk/layout.h"

#include <math.h>
#include <string.h>

#include "kiosk/words.h"
#include "screen/text.h"

int kiosk_target_px(double mm_per_px)
{
    if (mm_per_px <= 0)
        mm_per_px = KIOSK_UNKNOWN_MM_PX;
    return (int)ceil(KIOSK_TARGET_MM / mm_per_px);
}

static struct kiosk_button *add(struct kiosk_layout *l, struct kiosk_rect r, enum kiosk_act act,
                                int arg, const char *label, const char *lang)
{
    struct kiosk_button *b = &l->buttons[l->n_buttons++];
    b->r = r;
    b->act = act;
    b->arg = arg;
    b->enabled = true;
    b->label = label;
    b->lang = lang;
    if (r.w < l->target_px || r.h < l->target_px)
        l->too_small = true;
    return b;
}

/* The button height: the target, a little more on a big screen. */
static int button_h(const struct kiosk_layout *l)
{
    int shortest = l->box.w < l->box.h ? l->box.w : l->box.h;
    int h = shortest / 9;
    return h > l->target_px ? h : l->target_px;
}

/* Quick exit at the top right, and the gap used around everything. Returns
 * the y where the rest starts. */
static int header(struct kiosk_layout *l, const char *lang, int gap)
{
    int h = button_h(l);
    int w = l->box.w / 4 > 4 * h ? l->box.w / 4 : 4 * h; /* room for "Salida rápida" */
    if (w > l->box.w - 2 * gap)
        w = l->box.w - 2 * gap;
    struct kiosk_rect r = {l->box.x + l->box.w - gap - w, l->box.y + gap, w, h};
    add(l, r, ACT_QUICK_EXIT, 0, kiosk_word(lang, WORD_QUICK_EXIT),
        kiosk_words_tag(lang) ? lang : "en");
    return r.y + h + gap;
}

static void chooser(const struct kiosk_flow *f, struct kiosk_layout *l,
                    const struct kiosk_avail *av, int gap)
{
    /* The heading and quick exit in the first language: the screen's own. */
    const char *first = f->langs[0];
    int top = header(l, first, gap);
    l->title = (struct kiosk_rect){l->box.x + gap, l->box.y + gap,
                                   l->buttons[0].r.x - l->box.x - 2 * gap, l->buttons[0].r.h};
    struct kiosk_rect area = {l->box.x + gap, top, l->box.w - 2 * gap,
                              l->box.y + l->box.h - gap - top};
    int n = f->n_langs, best_cols = 1;
    double best = -1;
    int max_h = 2 * button_h(l);
    for (int cols = 1; cols <= n; cols++) {
        int rows = (n + cols - 1) / cols;
        double cw = (double)(area.w - (cols - 1) * gap) / cols;
        double ch = (double)(area.h - (rows - 1) * gap) / rows;
        /* A name needs a button about three times as wide as it is tall. */
        double h = ch < max_h ? ch : max_h;
        double score = cw / 3 < h ? cw / 3 : h;
        if (score > best + 0.5) {
            best = score;
            best_cols = cols;
        }
    }
    int cols = best_cols, rows = (n + cols - 1) / cols;
    int cw = (area.w - (cols - 1) * gap) / cols;
    int ch = (area.h - (rows - 1) * gap) / rows;
    if (ch > max_h)
        ch = max_h;
    int y0 = area.y + (area.h - rows * ch - (rows - 1) * gap) / 2;
    for (int i = 0; i < n; i++) {
        int row = i / cols, col = i % cols;
        int in_row = row == rows - 1 ? n - row * cols : cols; /* the last row centred */
        int x0 = area.x + (area.w - in_row * cw - (in_row - 1) * gap) / 2;
        struct kiosk_rect r = {x0 + col * (cw + gap), y0 + row * (ch + gap), cw, ch};
        bool font = !av || !av->no_font[i];
        struct kiosk_button *b =
            add(l, r, ACT_LANG, i, font ? kiosk_word(f->langs[i], WORD_NAME) : f->langs[i],
                font ? f->langs[i] : "en");
        b->enabled = font;
    }
}

struct bar_button {
    enum kiosk_act act;
    int arg;
    const char *label, *lang;
};

/* Buttons go in reading order, so the arrow keys follow it: mirrored for a
 * right-to-left language. */
static void page(const struct kiosk_flow *f, const struct kiosk_state *st, struct kiosk_layout *l,
                 const struct kiosk_avail *av, int gap)
{
    const char *lang = f->langs[st->lang];
    const struct kiosk_page *p = &f->pages[st->page];
    int top = header(l, lang, gap);
    /* Words the table lacks fall back to English; so does their language tag. */
    const char *ui_lang = kiosk_words_tag(lang) ? lang : "en";
    struct bar_button bar[KIOSK_MAX_LINKS + 2];
    int n = 0;
    for (int k = 0; k < p->n_links; k++)
        bar[n++] = (struct bar_button){ACT_PAGE, p->links[k].page,
                                       kiosk_text_get(&p->links[k].label, lang), lang};
    bool speak = av && av->can_speak[st->lang];
    if (f->speech)
        bar[n++] = (struct bar_button){
            ACT_READ_ALOUD, 0, kiosk_word(lang, speak ? WORD_READ_ALOUD : WORD_NO_SPEECH), ui_lang};
    if (f->n_langs > 1)
        bar[n++] = (struct bar_button){ACT_CHOOSER, 0, kiosk_word(lang, WORD_LANGUAGES), ui_lang};

    int h = button_h(l);
    int avail = l->box.w - 2 * gap;
    int per_row = avail / (3 * h + gap);
    if (per_row < 1)
        per_row = 1;
    if (per_row > n)
        per_row = n;
    int rows = n ? (n + per_row - 1) / per_row : 0;
    int bar_h = rows * h + (rows ? (rows - 1) * gap : 0);
    int bar_y = l->box.y + l->box.h - gap - bar_h;
    l->title = (struct kiosk_rect){l->box.x, top, l->box.w, bar_y - gap - top};
    bool rtl = text_lang_is_rtl(lang);
    for (int i = 0; i < n; i++) {
        int row = i / per_row, col = i % per_row;
        int in_row = row == rows - 1 ? n - row * per_row : per_row;
        int w = (avail - (in_row - 1) * gap) / in_row;
        if (rtl)
            col = in_row - 1 - col;
        struct kiosk_rect r = {l->box.x + gap + col * (w + gap), bar_y + row * (h + gap), w, h};
        struct kiosk_button *b = add(l, r, bar[i].act, bar[i].arg, bar[i].label, bar[i].lang);
        if (bar[i].act == ACT_READ_ALOUD)
            b->enabled = speak;
    }
}

void kiosk_layout(const struct kiosk_flow *f, const struct kiosk_state *st, struct kiosk_rect box,
                  double mm_per_px, const struct kiosk_avail *av, struct kiosk_layout *out)
{
    memset(out, 0, sizeof(*out));
    out->box = box;
    out->target_px = kiosk_target_px(mm_per_px);
    int shortest = box.w < box.h ? box.w : box.h;
    int gap = shortest / 40 > 4 ? shortest / 40 : 4;
    if (st->view == KIOSK_CHOOSER)
        chooser(f, out, av, gap);
    else if (st->view == KIOSK_PAGE)
        page(f, st, out, av, gap);
}
