/* kiosk: events in, the flow's views out. */
#include "kiosk/kiosk.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "kiosk/draw.h"
#include "kiosk/layout.h"
#include "kiosk/speak.h"

struct kiosk {
    struct kiosk_flow *flow;
    struct render *render;
    struct fonts *fonts;
    SDL_Rect box;
    double mm_per_px;
    struct speak *speak; /* NULL: read aloud is unavailable */
    struct kiosk_state st;
    struct kiosk_avail av;
    struct kiosk_layout layout;
    SDL_Texture *tex; /* the view as drawn, NULL = to draw */
    struct kiosk_tally tally;
    bool warned_small;
};

static const char *act_name(enum kiosk_act a)
{
    static const char *const names[] = {"none",    "language",   "page",
                                        "chooser", "read-aloud", "quick-exit"};
    return a >= 0 && a <= ACT_QUICK_EXIT ? names[a] : "?";
}

/* Lays the view out again in k->box with what k->av says; the buttons'
 * places go to the debug log, for tests that tap them. */
static void layout_now(struct kiosk *k)
{
    struct kiosk_rect box = {k->box.x, k->box.y, k->box.w, k->box.h};
    kiosk_layout(k->flow, &k->st, box, k->mm_per_px, &k->av, &k->layout);
    if (k->layout.too_small && !k->warned_small) {
        log_warn("kiosk: the screen is too small for %d mm buttons (%d px) for every choice",
                 KIOSK_TARGET_MM, k->layout.target_px);
        k->warned_small = true;
    }
    const char *page = kiosk_state_page(k->flow, &k->st);
    for (int i = 0; i < k->layout.n_buttons; i++) {
        const struct kiosk_button *b = &k->layout.buttons[i];
        log_debug("kiosk: %s button %d %s %s%s at %d,%d %dx%d", page, i, act_name(b->act),
                  b->act == ACT_LANG ? k->flow->langs[b->arg] : "", b->enabled ? "" : " (disabled)",
                  b->r.x, b->r.y, b->r.w, b->r.h);
    }
    if (k->tex)
        SDL_DestroyTexture(k->tex);
    k->tex = NULL;
}

/* Which languages can be read aloud now (quiet hours), then the layout. */
static void relayout(struct kiosk *k, int64_t wall_ms, const struct tz *tz)
{
    bool quiet = false;
    if (k->flow->quiet.set && tz) {
        struct tz_local l = tz_local_fields(tz, wall_ms / 1000);
        quiet = when_contains(&k->flow->quiet, &l);
    }
    for (int i = 0; i < k->flow->n_langs; i++)
        k->av.can_speak[i] = !quiet && speak_can(k->speak, k->flow->langs[i]);
    layout_now(k);
}

void kiosk_set_box(struct kiosk *k, const SDL_Rect *box)
{
    if (!k ||
        (box->x == k->box.x && box->y == k->box.y && box->w == k->box.w && box->h == k->box.h))
        return;
    k->box = *box;
    if (kiosk_is_open(k))
        layout_now(k);
}

struct kiosk *kiosk_create(struct kiosk_flow *f, struct render *r, struct fonts *fonts,
                           const SDL_Rect *box, double mm_per_px)
{
    struct kiosk *k = xcalloc(1, sizeof(*k));
    k->flow = f;
    k->render = r;
    k->fonts = fonts;
    k->box = *box;
    k->mm_per_px = mm_per_px;
    k->st.focus = -1;
    if (f->speech)
        k->speak = speak_create(f->volume);
    kiosk_check_fonts(fonts, f, &k->av);
    for (int i = 0; i < f->n_langs; i++)
        if (f->speech && !speak_can(k->speak, f->langs[i]))
            log_info("kiosk: read aloud is not available in \"%s\"%s", f->langs[i],
                     k->speak ? " (espeak-ng has no voice for it)" : "");
    log_info("kiosk: %d language%s, %d page%s%s, idle %.0f s, buttons at least %d px (%d mm)",
             f->n_langs, f->n_langs == 1 ? "" : "s", f->n_pages, f->n_pages == 1 ? "" : "s",
             f->built_in ? " (the built-in hotline page)" : "", f->idle_s,
             kiosk_target_px(mm_per_px), KIOSK_TARGET_MM);
    return k;
}

void kiosk_destroy(struct kiosk *k)
{
    if (!k)
        return;
    speak_destroy(k->speak);
    if (k->tex)
        SDL_DestroyTexture(k->tex);
    kiosk_flow_free(k->flow);
    free(k);
}

bool kiosk_is_open(const struct kiosk *k)
{
    return k && k->st.view != KIOSK_OFF;
}

/* What a key does, or -1 when it is not one of the kiosk's. */
static int key_input(SDL_Keycode key)
{
    switch (key) {
    case SDLK_RIGHT:
    case SDLK_DOWN:
    case SDLK_TAB:
    case SDLK_KP_6:
    case SDLK_KP_2:
        return IN_NEXT;
    case SDLK_LEFT:
    case SDLK_UP:
    case SDLK_KP_4:
    case SDLK_KP_8:
        return IN_PREV;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
    case SDLK_KP_5:
        return IN_PRESS;
    case SDLK_r:
    case SDLK_KP_MULTIPLY:
        return IN_SPEAK;
    case SDLK_ESCAPE:
        return IN_EXIT_KEY;
    default:
        return -1;
    }
}

bool kiosk_key(SDL_Keycode key)
{
    return key_input(key) >= 0;
}

/* Taps are read in the renderer's window: its size turns a finger's 0..1
 * position into pixels, and the render module undoes the rotation. */
static bool input_of(const SDL_Event *ev, struct render *r, struct kiosk_input *in)
{
    switch (ev->type) {
    case SDL_FINGERDOWN: {
        int ww = 0, wh = 0;
        SDL_Window *win = SDL_RenderGetWindow(render_sdl(r));
        if (win)
            SDL_GetWindowSize(win, &ww, &wh);
        in->kind = IN_TAP;
        render_window_to_logical(r, (int)(ev->tfinger.x * ww), (int)(ev->tfinger.y * wh), &in->x,
                                 &in->y);
        return true;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.which == SDL_TOUCH_MOUSEID)
            return false; /* the finger event came too */
        in->kind = IN_TAP;
        render_window_to_logical(r, ev->button.x, ev->button.y, &in->x, &in->y);
        return true;
    case SDL_KEYDOWN: {
        int kind = key_input(ev->key.keysym.sym);
        in->kind = (enum kiosk_input_kind)kind;
        return kind >= 0;
    }
    default:
        return false;
    }
}

/* The page's words as espeak-ng should read them: title, then body. */
static char *page_speech(const struct kiosk *k)
{
    const char *lang = k->flow->langs[k->st.lang];
    const char *t = kiosk_page_title(k->flow, k->st.page, lang);
    const char *b = kiosk_page_body(k->flow, k->st.page, lang);
    return xasprintf("%s.\n%s", t ? t : "", b ? b : "");
}

enum kiosk_outcome kiosk_feed(struct kiosk *k, const SDL_Event *ev, int64_t now_us, int64_t wall_ms,
                              const struct tz *tz)
{
    struct kiosk_input in = {0};
    if (!input_of(ev, k->render, &in))
        return OUT_NONE;
    const char *was = k->st.view == KIOSK_PAGE ? k->flow->langs[k->st.lang] : "";
    enum kiosk_outcome o =
        kiosk_handle(k->flow, &k->st, k->layout.buttons, k->layout.n_buttons, &in, now_us);
    const char *lang = k->st.view == KIOSK_PAGE ? k->flow->langs[k->st.lang] : "";
    switch (o) {
    case OUT_NONE:
        break;
    case OUT_FOCUS:
        if (k->tex)
            SDL_DestroyTexture(k->tex);
        k->tex = NULL;
        break;
    case OUT_OPENED:
    case OUT_SHOW:
        speak_stop(k->speak);
        relayout(k, wall_ms, tz);
        kiosk_tally_add(&k->tally, kiosk_state_page(k->flow, &k->st), lang, wall_ms);
        /* Debug only: a log kept for months must not hold anyone's visit. */
        log_debug("kiosk: %s%s%s", kiosk_state_page(k->flow, &k->st), lang[0] ? " " : "", lang);
        break;
    case OUT_READ_ALOUD: {
        char *text = page_speech(k);
        if (speak_say(k->speak, lang, text) == 0) {
            kiosk_tally_add(&k->tally, "read-aloud", lang, wall_ms);
            log_debug("kiosk: reading aloud in %s (%s)", lang, speak_voice(k->speak, lang));
        }
        free(text);
        break;
    }
    case OUT_QUICK_EXIT:
        speak_stop(k->speak);
        kiosk_tally_add(&k->tally, "quick-exit", was, wall_ms);
        log_debug("kiosk: quick exit");
        break;
    case OUT_IDLE:
        break;
    }
    return o;
}

enum kiosk_outcome kiosk_poll(struct kiosk *k, int64_t now_us)
{
    enum kiosk_outcome o = kiosk_tick(k->flow, &k->st, now_us);
    if (o == OUT_IDLE) {
        speak_stop(k->speak);
        log_debug("kiosk: idle for %.0f s, back to the rotation", k->flow->idle_s);
    }
    return o;
}

void kiosk_draw_screen(struct kiosk *k)
{
    if (!kiosk_is_open(k))
        return;
    if (!k->tex) {
        int64_t t0 = time_now_us();
        SDL_Surface *s = kiosk_draw(k->fonts, k->flow, &k->st, &k->layout, k->mm_per_px);
        log_debug("kiosk: view drawn in %.1f ms", (time_now_us() - t0) / 1000.0);
        if (s) {
            k->tex = SDL_CreateTextureFromSurface(render_sdl(k->render), s);
            SDL_FreeSurface(s);
        }
        if (!k->tex) {
            render_fill(k->render, &k->box, KIOSK_BACKGROUND);
            return;
        }
    }
    render_texture(k->render, k->tex, k->box.w, k->box.h, 0, FIT_STRETCH, &k->box);
}

struct kiosk_tally *kiosk_tally(struct kiosk *k)
{
    return &k->tally;
}
