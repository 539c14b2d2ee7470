/* flow: the kiosk group read into a struct kiosk_flow, and the state machine. */
#include "kiosk/flow.h"

#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "kiosk/words.h"

/* ---- texts ---- */

static void text_add(struct kiosk_text *t, const char *lang, const char *text)
{
    t->lang = xrealloc(t->lang, sizeof(char *) * (size_t)(t->n + 1));
    t->text = xrealloc(t->text, sizeof(char *) * (size_t)(t->n + 1));
    t->lang[t->n] = xstrdup(lang);
    t->text[t->n] = xstrdup(text);
    t->n++;
}

static void text_free(struct kiosk_text *t)
{
    for (int i = 0; i < t->n; i++) {
        free(t->lang[i]);
        free(t->text[i]);
    }
    free(t->lang);
    free(t->text);
    memset(t, 0, sizeof(*t));
}

const char *kiosk_text_get(const struct kiosk_text *t, const char *lang)
{
    const char *any = NULL;
    for (int i = 0; i < t->n; i++) {
        if (lang && strcmp(t->lang[i], lang) == 0)
            return t->text[i];
        if (!t->lang[i][0] && !any)
            any = t->text[i];
    }
    return any ? any : t->n ? t->text[0] : NULL;
}

bool kiosk_text_has(const struct kiosk_text *t, const char *lang)
{
    for (int i = 0; i < t->n; i++)
        if (!t->lang[i][0] || (lang && strcmp(t->lang[i], lang) == 0))
            return true;
    return false;
}

const char *kiosk_page_title(const struct kiosk_flow *f, int p, const char *lang)
{
    if (f->built_in)
        return kiosk_word_in(lang, WORD_HELP_TITLE) ? kiosk_word(lang, WORD_HELP_TITLE)
                                                    : kiosk_word("en", WORD_HELP_TITLE);
    return kiosk_text_get(&f->pages[p].title, lang);
}

const char *kiosk_page_body(const struct kiosk_flow *f, int p, const char *lang)
{
    if (f->built_in) /* title and body in one language, never a mix */
        return kiosk_word(kiosk_word_in(lang, WORD_HELP_TITLE) ? lang : "en", WORD_HELP_BODY);
    return kiosk_text_get(&f->pages[p].body, lang);
}

const char *kiosk_page_qr(const struct kiosk_flow *f, int p, const char *lang)
{
    return kiosk_text_get(&f->pages[p].qr, lang);
}

/* ---- loading ---- */

struct loader {
    const char *file;
    struct diag *d;
    int before;
};

static void problem(struct loader *x, config_setting_t *c, const char *what, const char *msg)
{
    diag_add(x->d, "%s:%d: kiosk: %s: %s", x->file, config_setting_source_line(c), what, msg);
}

/* A string, or a group of language -> string. */
static void load_text(struct loader *x, config_setting_t *c, const char *what, struct kiosk_text *t)
{
    if (config_setting_type(c) == CONFIG_TYPE_STRING) {
        text_add(t, "", config_setting_get_string(c));
        return;
    }
    if (!config_setting_is_group(c)) {
        problem(x, c, what, "must be a string or { en = \"...\"; es = \"...\"; }");
        return;
    }
    for (int i = 0; i < config_setting_length(c); i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *s = config_setting_get_string(e);
        if (!s) {
            char *w = xasprintf("%s.%s", what, config_setting_name(e));
            problem(x, e, w, "must be a string");
            free(w);
            continue;
        }
        text_add(t, config_setting_name(e), s);
    }
}

static void load_link(struct loader *x, config_setting_t *c, const char *page, struct kiosk_link *l)
{
    l->line = config_setting_source_line(c);
    l->page = -1;
    char *what = xasprintf("page \"%s\": links", page);
    if (!config_setting_is_group(c)) {
        problem(x, c, what, "each link must be { to = \"page id\"; label = ...; }");
        goto out;
    }
    for (int i = 0; i < config_setting_length(c); i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *name = config_setting_name(e);
        if (strcmp(name, "to") == 0 && config_setting_get_string(e))
            l->to = xstrdup(config_setting_get_string(e));
        else if (strcmp(name, "label") == 0)
            load_text(x, e, what, &l->label);
        else if (strcmp(name, "to") == 0)
            problem(x, e, what, "to: must be a page id");
        else
            problem(x, e, what, "unknown setting (expected to, label)");
    }
    if (!l->to)
        problem(x, c, what, "a link needs to = \"page id\"");
    else if (!l->label.n)
        problem(x, c, what, "a link needs a label");
out:
    free(what);
}

static void load_page(struct loader *x, config_setting_t *c, int index, struct kiosk_page *p)
{
    p->line = config_setting_source_line(c);
    if (!config_setting_is_group(c)) {
        problem(x, c, "pages", "each page must be { id = \"...\"; title = ...; body = ...; }");
        return;
    }
    const char *id = NULL;
    config_setting_lookup_string(c, "id", &id);
    p->id = id && id[0] ? xstrdup(id) : xasprintf("page-%d", index + 1);
    if (!id || !id[0])
        problem(x, c, "pages", "a page needs id = \"...\"");
    char *what = xasprintf("page \"%s\"", p->id);
    for (int i = 0; i < config_setting_length(c); i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *name = config_setting_name(e);
        if (strcmp(name, "id") == 0)
            continue;
        if (strcmp(name, "title") == 0)
            load_text(x, e, what, &p->title);
        else if (strcmp(name, "body") == 0)
            load_text(x, e, what, &p->body);
        else if (strcmp(name, "qr") == 0)
            load_text(x, e, what, &p->qr);
        else if (strcmp(name, "links") == 0 && config_setting_is_list(e)) {
            int n = config_setting_length(e);
            if (n > KIOSK_MAX_LINKS) {
                char msg[64];
                snprintf(msg, sizeof(msg), "links: at most %d on a page", KIOSK_MAX_LINKS);
                problem(x, e, what, msg);
                n = KIOSK_MAX_LINKS;
            }
            for (int k = 0; k < n; k++)
                load_link(x, config_setting_get_elem(e, (unsigned)k), p->id,
                          &p->links[p->n_links++]);
        } else if (strcmp(name, "links") == 0)
            problem(x, e, what, "links: must be a list ( { to = ...; label = ...; }, ... )");
        else
            problem(x, e, what, "unknown setting (expected id, title, body, qr, links)");
    }
    if (!p->title.n && !p->body.n)
        problem(x, c, what, "a page needs a title or a body");
    free(what);
}

static int page_index(const struct kiosk_flow *f, const char *id)
{
    for (int i = 0; i < f->n_pages; i++)
        if (strcmp(f->pages[i].id, id) == 0)
            return i;
    return -1;
}

static void load_langs(struct loader *x, config_setting_t *c, struct kiosk_flow *f)
{
    if (!config_setting_is_array(c) && !config_setting_is_list(c)) {
        problem(x, c, "languages", "must be a list of language tags [\"en\", \"es\"]");
        return;
    }
    for (int i = 0; i < config_setting_length(c) && f->n_langs < KIOSK_MAX_LANGS; i++) {
        const char *s = config_setting_get_string_elem(c, i);
        if (s && s[0])
            f->langs[f->n_langs++] = xstrdup(s);
        else
            problem(x, c, "languages", "each entry must be a language tag");
    }
}

static void load_quiet(struct loader *x, config_setting_t *c, struct kiosk_flow *f)
{
    if (!config_setting_is_array(c) && !config_setting_is_list(c)) {
        problem(x, c, "quiet_hours", "must be a list of ranges [\"22:00-07:00\"]");
        return;
    }
    for (int i = 0; i < config_setting_length(c); i++) {
        const char *s = config_setting_get_string_elem(c, i);
        struct when_hours h;
        if (!s || when_parse_hours(s, &h) < 0 || f->quiet.n_hours >= WHEN_MAX_HOURS) {
            char *msg = xasprintf("\"%s\" is not a range like \"22:00-07:00\" (at most %d)",
                                  s ? s : "?", WHEN_MAX_HOURS);
            problem(x, c, "quiet_hours", msg);
            free(msg);
            continue;
        }
        f->quiet.hours[f->quiet.n_hours++] = h;
        f->quiet.set = true;
    }
}

static void add_default_langs(struct kiosk_flow *f, char *const *langs, int n_langs)
{
    for (int i = 0; i < n_langs && f->n_langs < KIOSK_MAX_LANGS; i++)
        f->langs[f->n_langs++] = xstrdup(langs[i]);
    if (!f->n_langs)
        f->langs[f->n_langs++] = xstrdup("en");
}

static struct kiosk_flow *flow_new(void)
{
    struct kiosk_flow *f = xcalloc(1, sizeof(*f));
    f->idle_s = KIOSK_IDLE_DEFAULT_S;
    f->volume = KIOSK_VOLUME_DEFAULT;
    f->speech = true;
    f->quiet = when_always();
    f->quiet.set = false;
    return f;
}

static void use_built_in(struct kiosk_flow *f)
{
    f->built_in = true;
    f->n_pages = 1;
    f->pages[0].id = xstrdup("hotline");
    text_add(&f->pages[0].qr, "", "https://humantraffickinghotline.org");
}

struct kiosk_flow *kiosk_flow_default(char *const *langs, int n_langs, double idle_s)
{
    struct kiosk_flow *f = flow_new();
    f->idle_s = idle_s;
    add_default_langs(f, langs, n_langs);
    use_built_in(f);
    return f;
}

static void load_group(struct loader *x, config_setting_t *g, struct kiosk_flow *f)
{
    config_setting_t *pages = NULL;
    for (int i = 0; i < config_setting_length(g); i++) {
        config_setting_t *e = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(e);
        double v;
        if (strcmp(name, "idle") == 0) {
            if (!settings_number_of(e, &v) || !(v >= 5 && v <= 3600))
                problem(x, e, "idle", "must be a number of seconds, 5..3600");
            else
                f->idle_s = v;
        } else if (strcmp(name, "volume") == 0) {
            if (!settings_number_of(e, &v) || !(v >= 0 && v <= 100))
                problem(x, e, "volume", "must be a number, 0..100");
            else
                f->volume = (int)v;
        } else if (strcmp(name, "speech") == 0) {
            if (config_setting_type(e) != CONFIG_TYPE_BOOL)
                problem(x, e, "speech", "must be true or false");
            else
                f->speech = config_setting_get_bool(e);
        } else if (strcmp(name, "quiet_hours") == 0) {
            load_quiet(x, e, f);
        } else if (strcmp(name, "languages") == 0) {
            load_langs(x, e, f);
        } else if (strcmp(name, "pages") == 0 && config_setting_is_list(e)) {
            pages = e;
        } else if (strcmp(name, "pages") == 0) {
            problem(x, e, "pages", "must be a list ( { id = ...; }, ... )");
        } else {
            problem(x, e, name,
                    "unknown setting (expected idle, volume, speech, quiet_hours, languages, "
                    "pages)");
        }
    }
    if (!pages)
        return;
    int n = config_setting_length(pages);
    if (n > KIOSK_MAX_PAGES) {
        char msg[64];
        snprintf(msg, sizeof(msg), "at most %d pages", KIOSK_MAX_PAGES);
        problem(x, pages, "pages", msg);
        n = KIOSK_MAX_PAGES;
    }
    for (int i = 0; i < n; i++) {
        config_setting_t *c = config_setting_get_elem(pages, (unsigned)i);
        struct kiosk_page *p = &f->pages[f->n_pages];
        load_page(x, c, i, p);
        f->n_pages++;
        if (page_index(f, p->id) != f->n_pages - 1) {
            char *w = xasprintf("page \"%s\"", p->id);
            problem(x, c, w, "another page has this id");
            free(w);
        }
    }
    for (int i = 0; i < f->n_pages; i++) {
        struct kiosk_page *p = &f->pages[i];
        for (int k = 0; k < p->n_links; k++) {
            struct kiosk_link *l = &p->links[k];
            if (!l->to)
                continue;
            l->page = page_index(f, l->to);
            if (l->page < 0)
                diag_add(x->d, "%s:%d: kiosk: page \"%s\": links to \"%s\", which is not a page",
                         x->file, l->line, p->id, l->to);
        }
    }
}

int kiosk_flow_load(const char *path, char *const *langs, int n_langs, struct kiosk_flow **out,
                    struct diag *d)
{
    *out = NULL;
    config_t cfg;
    config_init(&cfg);
    int rc = -1;
    if (!config_read_file(&cfg, path)) {
        if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
            diag_add(d, "%s: cannot read", path);
        else
            diag_add(d, "%s:%d: %s", path, config_error_line(&cfg), config_error_text(&cfg));
        goto out;
    }
    config_setting_t *g = config_lookup(&cfg, "kiosk");
    if (!g) {
        rc = 0;
        goto out;
    }
    struct loader x = {.file = path, .d = d, .before = d->n_lines};
    if (!config_setting_is_group(g)) {
        problem(&x, g, "kiosk", "must be a group: kiosk = { idle = 45; };");
        goto out;
    }
    struct kiosk_flow *f = flow_new();
    f->file = xstrdup(path);
    f->line = config_setting_source_line(g);
    load_group(&x, g, f);
    if (!f->n_langs)
        add_default_langs(f, langs, n_langs);
    if (!f->n_pages)
        use_built_in(f);
    if (d->n_lines > x.before) {
        kiosk_flow_free(f);
        goto out;
    }
    *out = f;
    rc = 1;
out:
    config_destroy(&cfg);
    return rc;
}

int kiosk_flow_find(const char *playlist_path, const char *config_path, char *const *langs,
                    int n_langs, struct kiosk_flow **out, struct diag *d)
{
    struct kiosk_flow *from_playlist = NULL, *from_config = NULL;
    int rp = kiosk_flow_load(playlist_path, langs, n_langs, &from_playlist, d);
    int rc = config_path ? kiosk_flow_load(config_path, langs, n_langs, &from_config, d) : 0;
    *out = NULL;
    if (rp < 0 || rc < 0) {
        kiosk_flow_free(from_playlist);
        kiosk_flow_free(from_config);
        return -1;
    }
    if (from_playlist) {
        kiosk_flow_free(from_config);
        *out = from_playlist;
    } else {
        *out = from_config;
    }
    return *out ? 1 : 0;
}

void kiosk_flow_free(struct kiosk_flow *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n_langs; i++)
        free(f->langs[i]);
    for (int i = 0; i < f->n_pages; i++) {
        struct kiosk_page *p = &f->pages[i];
        free(p->id);
        text_free(&p->title);
        text_free(&p->body);
        text_free(&p->qr);
        for (int k = 0; k < p->n_links; k++) {
            free(p->links[k].to);
            text_free(&p->links[k].label);
        }
    }
    free(f->file);
    free(f);
}

/* ---- the state machine ---- */

int kiosk_hit(const struct kiosk_button *b, int n, int x, int y)
{
    for (int i = 0; i < n; i++)
        if (x >= b[i].r.x && x < b[i].r.x + b[i].r.w && y >= b[i].r.y && y < b[i].r.y + b[i].r.h)
            return i;
    return -1;
}

static enum kiosk_outcome show_page(struct kiosk_state *st, int lang, int page)
{
    st->view = KIOSK_PAGE;
    st->lang = lang;
    st->page = page;
    st->focus = -1;
    return OUT_SHOW;
}

enum kiosk_outcome kiosk_open(const struct kiosk_flow *f, struct kiosk_state *st, int64_t now_us)
{
    st->last_input_us = now_us;
    if (st->view != KIOSK_OFF)
        return OUT_NONE;
    if (f->n_langs == 1)
        show_page(st, 0, 0);
    else
        st->view = KIOSK_CHOOSER;
    st->focus = -1;
    return OUT_OPENED;
}

static enum kiosk_outcome press(const struct kiosk_flow *f, struct kiosk_state *st,
                                const struct kiosk_button *b)
{
    if (!b->enabled)
        return OUT_NONE;
    switch (b->act) {
    case ACT_NONE:
        return OUT_NONE;
    case ACT_LANG:
        if (b->arg < 0 || b->arg >= f->n_langs)
            return OUT_NONE;
        return show_page(st, b->arg, 0);
    case ACT_PAGE:
        if (b->arg < 0 || b->arg >= f->n_pages)
            return OUT_NONE;
        return show_page(st, st->lang, b->arg);
    case ACT_CHOOSER:
        if (f->n_langs == 1)
            return show_page(st, 0, 0);
        st->view = KIOSK_CHOOSER;
        st->focus = -1;
        return OUT_SHOW;
    case ACT_READ_ALOUD:
        return OUT_READ_ALOUD;
    case ACT_QUICK_EXIT:
        st->view = KIOSK_OFF;
        st->focus = -1;
        return OUT_QUICK_EXIT;
    }
    return OUT_NONE;
}

static int find_act(const struct kiosk_button *b, int n, enum kiosk_act act)
{
    for (int i = 0; i < n; i++)
        if (b[i].act == act)
            return i;
    return -1;
}

enum kiosk_outcome kiosk_handle(const struct kiosk_flow *f, struct kiosk_state *st,
                                const struct kiosk_button *b, int n, const struct kiosk_input *in,
                                int64_t now_us)
{
    if (st->view == KIOSK_OFF)
        return kiosk_open(f, st, now_us);
    st->last_input_us = now_us;
    int i;
    switch (in->kind) {
    case IN_TAP:
        i = kiosk_hit(b, n, in->x, in->y);
        return i < 0 ? OUT_NONE : press(f, st, &b[i]);
    case IN_NEXT:
    case IN_PREV:
        if (n <= 0)
            return OUT_NONE;
        if (st->focus < 0 || st->focus >= n)
            st->focus = in->kind == IN_NEXT ? 0 : n - 1;
        else
            st->focus = (st->focus + (in->kind == IN_NEXT ? 1 : n - 1)) % n;
        return OUT_FOCUS;
    case IN_PRESS:
        if (st->focus < 0 || st->focus >= n) { /* the first press shows where the focus is */
            st->focus = 0;
            return n > 0 ? OUT_FOCUS : OUT_NONE;
        }
        return press(f, st, &b[st->focus]);
    case IN_SPEAK:
        i = find_act(b, n, ACT_READ_ALOUD);
        return i < 0 ? OUT_NONE : press(f, st, &b[i]);
    case IN_EXIT_KEY:
        i = find_act(b, n, ACT_QUICK_EXIT);
        if (i >= 0)
            return press(f, st, &b[i]);
        st->view = KIOSK_OFF;
        return OUT_QUICK_EXIT;
    }
    return OUT_NONE;
}

enum kiosk_outcome kiosk_tick(const struct kiosk_flow *f, struct kiosk_state *st, int64_t now_us)
{
    if (st->view == KIOSK_OFF || now_us - st->last_input_us < (int64_t)(f->idle_s * 1e6))
        return OUT_NONE;
    st->view = KIOSK_OFF;
    st->focus = -1;
    return OUT_IDLE;
}

const char *kiosk_state_lang(const struct kiosk_flow *f, const struct kiosk_state *st)
{
    return st->view == KIOSK_PAGE ? f->langs[st->lang] : "";
}

const char *kiosk_state_page(const struct kiosk_flow *f, const struct kiosk_state *st)
{
    if (st->view == KIOSK_CHOOSER)
        return "chooser";
    return st->view == KIOSK_PAGE ? f->pages[st->page].id : "";
}
