/* flow: the kiosk's help flow as data, and what each touch or key does.
 *
 * A `kiosk = { ... }` group (in the player config or a playlist, README
 * "The kiosk") -> an immutable struct kiosk_flow: the languages of the
 * chooser, the pages with their text per language and their links, the idle
 * time and the read-aloud settings. With no pages the flow is built in: the
 * language chooser, then a hotline page in the chosen language.
 *
 * The state machine is pure: it is given the buttons the layout drew
 * (layout.h) and an input (a tap at x,y, or a key), and says what changed.
 * No SDL, no clock of its own (now is passed in), no I/O but the loading. */
#ifndef SIGNAGE_FLOW_H
#define SIGNAGE_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"
#include "config/when.h"

#define KIOSK_MAX_LANGS      24
#define KIOSK_MAX_PAGES      32
#define KIOSK_MAX_LINKS      6
#define KIOSK_IDLE_DEFAULT_S 45
#define KIOSK_VOLUME_DEFAULT 80

/* A text given once, or per language ({ en = "..."; es = "..."; }). */
struct kiosk_text {
    char **lang; /* "" = the one text for every language */
    char **text;
    int n;
};

struct kiosk_link {
    char *to; /* page id as written */
    int page; /* its index in flow->pages */
    struct kiosk_text label;
    int line;
};

struct kiosk_page {
    char *id;
    struct kiosk_text title, body, qr;
    struct kiosk_link links[KIOSK_MAX_LINKS];
    int n_links;
    int line;
};

struct kiosk_flow {
    char *file; /* where it was written, NULL for the built-in default */
    int line;
    double idle_s;                /* without input this long, the rotation resumes */
    int volume;                   /* read aloud, 0..100 */
    bool speech;                  /* read aloud offered at all */
    struct when quiet;            /* read aloud is off inside this window (hours, days) */
    char *langs[KIOSK_MAX_LANGS]; /* the chooser's, in order; at least one */
    int n_langs;
    struct kiosk_page pages[KIOSK_MAX_PAGES]; /* the first is where a language leads */
    int n_pages;
    bool built_in; /* pages are the built-in hotline page */
};

/* Reads the root `kiosk` group of the libconfig file path. langs (n_langs,
 * may be 0) are the playlist's languages: the chooser's unless the group
 * names its own. Returns 1 and sets *out (caller frees) when the group is
 * there and valid, 0 when the file has none, or -1 after adding one
 * "file:line: kiosk: setting: message" line per problem to d. */
int kiosk_flow_load(const char *path, char *const *langs, int n_langs, struct kiosk_flow **out,
                    struct diag *d);

/* The kiosk of a screen: the playlist file's `kiosk` group when it has one,
 * else the config file's (config_path may be NULL). Both groups are
 * checked. Returns as kiosk_flow_load(). */
int kiosk_flow_find(const char *playlist_path, const char *config_path, char *const *langs,
                    int n_langs, struct kiosk_flow **out, struct diag *d);

/* The flow of `kiosk = { idle = idle_s; }`: the chooser over langs (English
 * when there are none), then the built-in hotline page. Never NULL. */
struct kiosk_flow *kiosk_flow_default(char *const *langs, int n_langs, double idle_s);

/* kiosk_flow_free(NULL) is a no-op. */
void kiosk_flow_free(struct kiosk_flow *f);

/* The text of t for lang: its own, else the one for every language, else
 * the first given; NULL when t is empty. */
const char *kiosk_text_get(const struct kiosk_text *t, const char *lang);

/* True when t has a text written for lang itself (or one for every language). */
bool kiosk_text_has(const struct kiosk_text *t, const char *lang);

/* The title and body of page p in lang, built-in words included; either may be NULL. */
const char *kiosk_page_title(const struct kiosk_flow *f, int p, const char *lang);
const char *kiosk_page_body(const struct kiosk_flow *f, int p, const char *lang);
const char *kiosk_page_qr(const struct kiosk_flow *f, int p, const char *lang);

/* ---- the state machine ---- */

enum kiosk_view { KIOSK_OFF, KIOSK_CHOOSER, KIOSK_PAGE };

enum kiosk_act {
    ACT_NONE,
    ACT_LANG,       /* arg: index in flow->langs */
    ACT_PAGE,       /* arg: index in flow->pages */
    ACT_CHOOSER,    /* back to the languages */
    ACT_READ_ALOUD, /* disabled when the language cannot be spoken */
    ACT_QUICK_EXIT,
};

struct kiosk_rect {
    int x, y, w, h;
};

struct kiosk_button {
    struct kiosk_rect r; /* in screen pixels */
    enum kiosk_act act;
    int arg;
    bool enabled;      /* a disabled button is drawn but does nothing */
    const char *label; /* borrowed from the flow or words.h */
    const char *lang;  /* the label's language */
};

struct kiosk_state {
    enum kiosk_view view;
    int lang;  /* index into flow->langs; valid on a page */
    int page;  /* index into flow->pages; valid on a page */
    int focus; /* the button the keys move and press, -1 = none yet */
    int64_t last_input_us;
};

enum kiosk_input_kind {
    IN_TAP,      /* x, y */
    IN_NEXT,     /* arrow right or down */
    IN_PREV,     /* arrow left or up */
    IN_PRESS,    /* Enter, Space: the focused button */
    IN_SPEAK,    /* the read-aloud key */
    IN_EXIT_KEY, /* Escape: quick exit */
};

struct kiosk_input {
    enum kiosk_input_kind kind;
    int x, y;
};

/* What an input or the clock did, for the caller to act on. */
enum kiosk_outcome {
    OUT_NONE,       /* nothing changed */
    OUT_FOCUS,      /* only the focus moved: redraw */
    OUT_OPENED,     /* the flow opened (the chooser or, with one language, the first page) */
    OUT_SHOW,       /* another page or the chooser: redraw, count a view */
    OUT_READ_ALOUD, /* read the page aloud */
    OUT_QUICK_EXIT, /* closed at once: show an ordinary ad */
    OUT_IDLE,       /* closed after idle_s without input */
};

/* Opens the flow when it is off: on the chooser, or on the first page when
 * the chooser has one language. Any input while off opens it and does
 * nothing else (a tap is not also a press). */
enum kiosk_outcome kiosk_open(const struct kiosk_flow *f, struct kiosk_state *st, int64_t now_us);

/* Applies one input, given the buttons on screen (n of them, in reading
 * order). Disabled buttons take the tap and do nothing. */
enum kiosk_outcome kiosk_handle(const struct kiosk_flow *f, struct kiosk_state *st,
                                const struct kiosk_button *b, int n, const struct kiosk_input *in,
                                int64_t now_us);

/* OUT_IDLE (and the state off) when the flow is open and has had no input
 * for idle_s; OUT_NONE otherwise. */
enum kiosk_outcome kiosk_tick(const struct kiosk_flow *f, struct kiosk_state *st, int64_t now_us);

/* The index of the button at (x, y), or -1. */
int kiosk_hit(const struct kiosk_button *b, int n, int x, int y);

/* The language on screen ("" on the chooser), and the page id ("chooser"). */
const char *kiosk_state_lang(const struct kiosk_flow *f, const struct kiosk_state *st);
const char *kiosk_state_page(const struct kiosk_flow *f, const struct kiosk_state *st);

#endif
