/* The items of a playlist: their content (video, image, slide, per
 * language), when they play, the notice, and every scalar setting. */
#include "config/playlist_parse.h"

#include <stdlib.h>
#include <string.h>

/* ---- item content: video, image, slide ---- */

static const char *const slide_keys[] = {"title", "body", "background", "color", "qr"};

static bool is_slide_key(const char *name)
{
    for (size_t i = 0; i < sizeof(slide_keys) / sizeof(slide_keys[0]); i++)
        if (strcmp(name, slide_keys[i]) == 0)
            return true;
    return false;
}

char *pl_resolve_media(struct pl_ctx *x, const char *rel)
{
    char *p = path_join(x->dir, rel);
    if (rel[0] != '/' && !path_is_file(p) && x->media_root && x->media_root[0]) {
        char *q = path_join(x->media_root, rel);
        if (path_is_file(q)) {
            free(p);
            return q;
        }
        free(q);
    }
    return p;
}

static void color_setting(struct pl_ctx *x, config_setting_t *g, const char *id, const char *key,
                          uint32_t *out)
{
    config_setting_t *c = config_setting_get_member(g, key);
    if (!c)
        return;
    const char *v = config_setting_get_string(c);
    if (!v || color_parse(v, out) < 0)
        pl_problem(x, c, id, key, "must be a colour \"#rrggbb\"");
}

static int slide_parse(struct pl_ctx *x, config_setting_t *g, const char *id, struct slide_text *s)
{
    int before = x->errors;
    s->background = 0x0b3d91;
    s->color = 0xffffff;
    for (int i = 0; i < config_setting_length(g); i++) {
        config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
        if (!is_slide_key(config_setting_name(c)))
            pl_problem(x, c, id, config_setting_name(c), "unknown slide setting");
    }
    config_setting_t *c;
    const char *keys[3] = {"title", "body", "qr"};
    char **fields[3] = {&s->title, &s->body, &s->qr};
    for (int k = 0; k < 3; k++) {
        if ((c = config_setting_get_member(g, keys[k]))) {
            if (config_setting_type(c) != CONFIG_TYPE_STRING)
                pl_problem(x, c, id, keys[k], "must be a string");
            else if (strlen(config_setting_get_string(c)) > 4000)
                pl_problem(x, c, id, keys[k], "is longer than 4000 bytes");
            else if (k == 2 && strlen(config_setting_get_string(c)) > MAX_QR_BYTES)
                pl_problem(x, c, id, keys[k], "is longer than the %d bytes a QR code holds",
                           MAX_QR_BYTES);
            else
                *fields[k] = xstrdup(config_setting_get_string(c));
        }
    }
    color_setting(x, g, id, "background", &s->background);
    color_setting(x, g, id, "color", &s->color);
    if (!s->title && !s->body && x->errors == before)
        pl_problem(x, g, id, "slide", "needs a title or a body");
    return x->errors > before ? -1 : 0;
}

static void variant_free(struct variant *v)
{
    free(v->lang);
    free(v->media);
    free(v->media_as_written);
    free(v->sha256);
    free(v->slide.title);
    free(v->slide.body);
    free(v->slide.qr);
    free(v->captions);
    free(v->captions_as_written);
}

/* Parses one value of video/image/slide (a path, or a slide group). */
static int variant_parse(struct pl_ctx *x, config_setting_t *c, enum item_kind kind, const char *id,
                         const char *setting, const char *lang, struct variant *v)
{
    memset(v, 0, sizeof(*v));
    v->lang = xstrdup(lang);
    v->file = pl_where(x, c, &v->line);
    if (kind == ITEM_SLIDE) {
        if (!config_setting_is_group(c)) {
            pl_problem(x, c, id, setting, "must be a group { title = ...; body = ...; }");
            return -1;
        }
        return slide_parse(x, c, id, &v->slide);
    }
    if (config_setting_type(c) != CONFIG_TYPE_STRING || !config_setting_get_string(c)[0]) {
        pl_problem(x, c, id, setting, "must be a file name");
        return -1;
    }
    v->media_as_written = xstrdup(config_setting_get_string(c));
    v->media = pl_resolve_media(x, v->media_as_written);
    return 0;
}

/* A content setting is one value, or a group of values keyed by language.
 * A slide group is told apart by its keys (title, body, ...). */
static int content_parse(struct pl_ctx *x, const struct playlist *pl, config_setting_t *c,
                         enum item_kind kind, struct item *it)
{
    const char *setting = config_setting_name(c);
    /* A slide's own settings are scalars; its language variants are groups. */
    bool by_lang = config_setting_is_group(c) && config_setting_length(c) > 0;
    for (int i = 0; by_lang && kind == ITEM_SLIDE && i < config_setting_length(c); i++)
        by_lang = config_setting_is_group(config_setting_get_elem(c, (unsigned)i));

    if (!by_lang) {
        it->variants = xcalloc(1, sizeof(struct variant));
        it->n_variants = 1;
        return variant_parse(x, c, kind, it->id, setting, "", &it->variants[0]);
    }

    int n = config_setting_length(c);
    it->variants = xcalloc((size_t)n, sizeof(struct variant));
    int before = x->errors;
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *lang = config_setting_name(e);
        char *where = xasprintf("%s.%s", setting, lang);
        if (!pl_valid_lang(lang))
            pl_problem(x, e, it->id, where, "\"%s\" is not a language tag", lang);
        else if (pl->n_languages > 0 && pl_lang_rank(pl, lang) < 0)
            pl_problem(x, e, it->id, where, "language \"%s\" is not in the playlist's languages",
                       lang);
        else if (variant_parse(x, e, kind, it->id, where, lang, &it->variants[it->n_variants]) == 0)
            it->n_variants++;
        else
            variant_free(&it->variants[it->n_variants]);
        free(where);
    }
    /* Rotation follows the playlist's language order (insertion sort: n is tiny). */
    for (int i = 1; i < it->n_variants; i++) {
        struct variant v = it->variants[i];
        int j = i;
        while (j > 0 && pl_lang_rank(pl, it->variants[j - 1].lang) > pl_lang_rank(pl, v.lang)) {
            it->variants[j] = it->variants[j - 1];
            j--;
        }
        it->variants[j] = v;
    }
    return x->errors > before ? -1 : 0;
}

/* ---- when = { from; until; days; hours; } ---- */

static const char when_shape[] = "must be a group { from = \"2026-01-01\"; until = \"2026-03-31\"; "
                                 "days = [\"mon\", ...]; hours = [\"06:00-10:00\", ...]; }";

/* A list of strings, each handed to parse(); returns the count parsed or -1. */
static int when_list(struct pl_ctx *x, config_setting_t *c, const char *id, const char *setting,
                     const char *expected)
{
    if (!config_setting_is_array(c) && !config_setting_is_list(c)) {
        pl_problem(x, c, id, setting, "must be a list [\"...\", ...] of %s", expected);
        return -1;
    }
    if (config_setting_length(c) == 0) {
        pl_problem(x, c, id, setting, "is empty: the window would never open");
        return -1;
    }
    return config_setting_length(c);
}

static void when_date(struct pl_ctx *x, config_setting_t *c, const char *id, const char *setting,
                      int64_t *day)
{
    const char *v = config_setting_get_string(c);
    if (!v)
        pl_problem(x, c, id, setting, "must be a string \"YYYY-MM-DD\"");
    else if (when_parse_date(v, day) < 0)
        pl_problem(x, c, id, setting, "\"%s\" is not a date \"YYYY-MM-DD\"", v);
}

void pl_when_parse(struct pl_ctx *x, config_setting_t *g, const char *id, struct when *w)
{
    *w = when_always();
    w->set = true;
    if (!config_setting_is_group(g)) {
        pl_problem(x, g, id, "when", "%s", when_shape);
        return;
    }
    for (int i = 0; i < config_setting_length(g); i++) {
        config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(c);
        char *setting = xasprintf("when.%s", name);
        int n;
        if (strcmp(name, "from") == 0) {
            when_date(x, c, id, setting, &w->from_day);
        } else if (strcmp(name, "until") == 0) {
            when_date(x, c, id, setting, &w->until_day);
        } else if (strcmp(name, "days") == 0) {
            n = when_list(x, c, id, setting, "days \"mon\" .. \"sun\"");
            w->days = n > 0 ? 0 : WHEN_ALL_DAYS;
            for (int k = 0; k < n; k++) {
                const char *v = config_setting_get_string_elem(c, k);
                int wday;
                if (v && when_parse_day(v, &wday) == 0)
                    w->days |= (uint8_t)(1u << wday);
                else
                    pl_problem(x, c, id, setting,
                               "\"%s\" is not a day (mon, tue, wed, thu, fri, sat, sun)",
                               v ? v : "?");
            }
        } else if (strcmp(name, "hours") == 0) {
            n = when_list(x, c, id, setting, "ranges \"HH:MM-HH:MM\"");
            if (n > WHEN_MAX_HOURS) {
                pl_problem(x, c, id, setting, "has %d ranges, more than %d", n, WHEN_MAX_HOURS);
                n = 0;
            }
            for (int k = 0; k < n; k++) {
                const char *v = config_setting_get_string_elem(c, k);
                if (v && when_parse_hours(v, &w->hours[w->n_hours]) == 0)
                    w->n_hours++;
                else
                    pl_problem(x, c, id, setting,
                               "\"%s\" is not a range \"HH:MM-HH:MM\" of 00:00..24:00",
                               v ? v : "?");
            }
        } else {
            pl_problem(x, c, id, setting, "unknown setting (expected from, until, days, hours)");
        }
        free(setting);
    }
    if (w->from_day != INT64_MIN && w->until_day != INT64_MAX && w->until_day < w->from_day)
        pl_problem(x, config_setting_get_member(g, "until"), id, "when.until",
                   "is before when.from: the window would never open");
}

/* notice = ["en", "es"]: the legal notice in these languages, its texts
 * read later from the notice folder (notice.h). */
static int notice_parse(struct pl_ctx *x, const struct playlist *pl, config_setting_t *c,
                        struct item *it)
{
    int before = x->errors;
    int n = config_setting_length(c);
    it->notice = true;
    it->play_kind = PLAY_NOTICE;
    it->variants = xcalloc((size_t)(n ? n : 1), sizeof(struct variant));
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *lang = config_setting_get_string(e);
        if (!lang || !pl_valid_lang(lang)) {
            pl_problem(x, e, it->id, "notice", "entry %d is not a language tag", i + 1);
            continue;
        }
        bool twice = false;
        for (int k = 0; k < it->n_variants; k++)
            twice |= strcmp(it->variants[k].lang, lang) == 0;
        if (twice) {
            pl_problem(x, e, it->id, "notice", "\"%s\" is given twice", lang);
            continue;
        }
        struct variant *v = &it->variants[it->n_variants++];
        v->lang = xstrdup(lang);
        v->file = pl_where(x, e, &v->line);
        v->slide.background = 0xffffff;
        v->slide.color = 0x111111;
    }
    if (n == 0)
        pl_problem(x, c, it->id, "notice", "needs at least one language");
    (void)pl;
    return x->errors > before ? -1 : 0;
}

/* ---- the item table ---- */

enum item_field {
    F_ID,
    F_CAMPAIGN,
    F_VIDEO,
    F_IMAGE,
    F_SLIDE,
    F_DURATION,
    F_FIT,
    F_KIND,
    F_WEIGHT,
    F_EVERY,
    F_PRIORITY,
    F_INTERRUPT,
    F_WHEN,
    F_NOTICE,
    F_QR,
    F_CAPTIONS
};

enum field_type {
    T_STRING,
    T_CONTENT,
    T_SECONDS,
    T_NUMBER,
    T_INT,
    T_BOOL,
    T_CHOICE,
    T_WHEN,
    T_LANGS,
    T_CAPTIONS
};

struct item_def {
    const char *name;
    enum item_field field;
    enum field_type type;
    double min, max;
    const char *choices; /* T_CHOICE: names in enum order, '|'-separated */
};

static const struct item_def item_defs[] = {
    {"id", F_ID, T_STRING, 0, 0, NULL},
    {"campaign", F_CAMPAIGN, T_STRING, 0, 0, NULL},
    {"video", F_VIDEO, T_CONTENT, 0, 0, NULL},
    {"image", F_IMAGE, T_CONTENT, 0, 0, NULL},
    {"slide", F_SLIDE, T_CONTENT, 0, 0, NULL},
    {"duration", F_DURATION, T_SECONDS, 0.1, MAX_DURATION_S, NULL},
    {"fit", F_FIT, T_CHOICE, 0, 0, "letterbox|fill|stretch"},
    {"kind", F_KIND, T_CHOICE, 0, 0, "ad|notice|filler"},
    {"weight", F_WEIGHT, T_NUMBER, 0.001, 1000, NULL},
    {"every", F_EVERY, T_SECONDS, 1, MAX_DURATION_S, NULL},
    {"priority", F_PRIORITY, T_INT, 0, 100, NULL},
    {"interrupt", F_INTERRUPT, T_BOOL, 0, 0, NULL},
    {"when", F_WHEN, T_WHEN, 0, 0, NULL},
    {"notice", F_NOTICE, T_LANGS, 0, 0, NULL},
    {"qr", F_QR, T_STRING, 0, 0, NULL},
    {"captions", F_CAPTIONS, T_CAPTIONS, 0, 0, NULL},
};

#define N_ITEM_DEFS (sizeof(item_defs) / sizeof(item_defs[0]))

static int choice_index(const char *choices, const char *v)
{
    int idx = 0;
    size_t n = strlen(v);
    for (const char *p = choices; *p; idx++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, v, n) == 0)
            return idx;
        if (!bar)
            break;
        p = bar + 1;
    }
    return -1;
}

/* Checks the type and range of one scalar setting; returns 0 when valid. */
static int scalar_check(struct pl_ctx *x, config_setting_t *c, const struct item_def *def,
                        const char *id)
{
    switch (def->type) {
    case T_STRING:
        if (config_setting_type(c) == CONFIG_TYPE_STRING)
            return 0;
        pl_problem(x, c, id, def->name, "must be a string");
        return -1;
    case T_BOOL:
        if (config_setting_type(c) == CONFIG_TYPE_BOOL)
            return 0;
        pl_problem(x, c, id, def->name, "must be true or false");
        return -1;
    case T_CHOICE:
        if (config_setting_type(c) == CONFIG_TYPE_STRING &&
            choice_index(def->choices, config_setting_get_string(c)) >= 0)
            return 0;
        pl_problem(x, c, id, def->name, "must be one of \"%s\"", def->choices);
        return -1;
    case T_INT:
        if (config_setting_type(c) != CONFIG_TYPE_INT &&
            config_setting_type(c) != CONFIG_TYPE_INT64) {
            pl_problem(x, c, id, def->name, "must be an integer");
            return -1;
        }
        break;
    case T_SECONDS:
    case T_NUMBER:
        if (!pl_is_number(c)) {
            pl_problem(x, c, id, def->name, "must be a number%s",
                       def->type == T_SECONDS ? " of seconds" : "");
            return -1;
        }
        break;
    case T_CONTENT:
    case T_WHEN:     /* pl_when_parse() reports its own problems */
    case T_CAPTIONS: /* and pl_captions_parse() */
        return 0;
    case T_LANGS:
        if (config_setting_is_array(c) || config_setting_is_list(c))
            return 0;
        pl_problem(x, c, id, def->name, "must be a list of language tags [\"en\", \"es\"]");
        return -1;
    }
    double v = pl_number(c);
    if (!(v >= def->min && v <= def->max)) {
        pl_problem(x, c, id, def->name, "%g is out of range %g..%g", v, def->min, def->max);
        return -1;
    }
    return 0;
}

void playlist_item_free(struct item *it)
{
    for (int i = 0; i < it->n_variants; i++)
        variant_free(&it->variants[i]);
    free(it->variants);
    free(it->id);
    free(it->campaign);
    memset(it, 0, sizeof(*it));
}

int pl_item_parse(struct pl_ctx *x, const struct playlist *pl, config_setting_t *g, int index,
                  struct item *it)
{
    int before = x->errors;
    it->file = pl_where(x, g, &it->line);
    it->fit = pl->fit;
    it->weight = 1.0;
    it->play_kind = PLAY_AD;
    it->when = when_always();

    if (!config_setting_is_group(g)) {
        it->id = xasprintf("#%d", index + 1);
        pl_problem(x, g, NULL, "items", "item %d must be a group { id = ...; ... }", index + 1);
        return -1;
    }

    /* The id first, so that every later message can name the item. */
    config_setting_t *idc = config_setting_get_member(g, "id");
    const char *id = idc ? config_setting_get_string(idc) : NULL;
    if (id && pl_valid_id(id)) {
        it->id = xstrdup(id);
    } else {
        it->id = xasprintf("#%d", index + 1);
        if (!idc)
            pl_problem(x, g, it->id, "id", "is missing");
        else if (!id)
            pl_problem(x, idc, it->id, "id", "must be a string");
        else
            pl_problem(x, idc, it->id, "id", "\"%s\" must be 1-64 letters, digits, '.', '_' or '-'",
                       id);
    }

    config_setting_t *content = NULL, *captions = NULL;
    const char *qr = NULL;
    for (int i = 0; i < config_setting_length(g); i++) {
        config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(c);
        const struct item_def *def = NULL;
        for (size_t k = 0; k < N_ITEM_DEFS; k++)
            if (strcmp(item_defs[k].name, name) == 0)
                def = &item_defs[k];
        if (!def) {
            pl_problem(x, c, it->id, name, "unknown setting");
            continue;
        }
        if (def->field == F_ID || scalar_check(x, c, def, it->id) < 0)
            continue;
        switch (def->field) {
        case F_CAMPAIGN:
            if (strlen(config_setting_get_string(c)) > MAX_CAMPAIGN_LEN)
                pl_problem(x, c, it->id, name, "is longer than %d bytes", MAX_CAMPAIGN_LEN);
            else
                it->campaign = xstrdup(config_setting_get_string(c));
            break;
        case F_VIDEO:
        case F_IMAGE:
        case F_SLIDE:
        case F_NOTICE:
            if (content) {
                pl_problem(x, c, it->id, name,
                           "an item shows one of video, image, slide or notice (\"%s\" "
                           "is already given)",
                           config_setting_name(content));
                break;
            }
            content = c;
            it->kind = def->field == F_VIDEO   ? ITEM_VIDEO
                       : def->field == F_IMAGE ? ITEM_IMAGE
                                               : ITEM_SLIDE;
            if (def->field == F_NOTICE)
                notice_parse(x, pl, c, it);
            else
                content_parse(x, pl, c, it->kind, it);
            break;
        case F_QR:
            qr = config_setting_get_string(c);
            if (strlen(qr) > MAX_QR_BYTES) {
                pl_problem(x, c, it->id, name, "is longer than the %d bytes a QR code holds",
                           MAX_QR_BYTES);
                qr = NULL;
            }
            break;
        case F_CAPTIONS:
            captions = c;
            break;
        case F_DURATION:
            it->duration_ms = (int64_t)(pl_number(c) * 1000.0 + 0.5);
            break;
        case F_FIT:
            it->fit = (enum fit_mode)choice_index(def->choices, config_setting_get_string(c));
            break;
        case F_KIND:
            it->play_kind =
                (enum play_kind)choice_index(def->choices, config_setting_get_string(c));
            break;
        case F_WEIGHT:
            it->weight = pl_number(c);
            break;
        case F_EVERY:
            it->every_s = pl_number(c);
            break;
        case F_PRIORITY:
            it->priority = (int)config_setting_get_int64(c); /* range-checked: 0..100 */
            break;
        case F_INTERRUPT:
            it->interrupt = config_setting_get_bool(c);
            break;
        case F_WHEN:
            pl_when_parse(x, c, it->id, &it->when);
            break;
        case F_ID:
            break;
        }
    }

    if (qr && (!content || it->kind != ITEM_SLIDE))
        pl_problem(x, config_setting_get_member(g, "qr"), it->id, "qr",
                   "goes with a slide or a notice");
    for (int v = 0; qr && v < it->n_variants; v++)
        if (!it->variants[v].slide.qr)
            it->variants[v].slide.qr = xstrdup(qr);
    if (captions && content && it->kind != ITEM_VIDEO)
        pl_problem(x, captions, it->id, "captions", "goes with a video");
    else if (captions && content)
        pl_captions_parse(x, pl, captions, it);
    if (it->notice && it->duration_ms == 0)
        it->duration_ms = PLAYLIST_NOTICE_DURATION_MS;
    if (!content)
        pl_problem(x, g, it->id, NULL, "needs one of video, image, slide or notice");
    else if (it->kind != ITEM_VIDEO && it->duration_ms == 0 &&
             !config_setting_get_member(g, "duration"))
        pl_problem(x, g, it->id, "duration", "is required for %s items",
                   it->kind == ITEM_IMAGE ? "image" : "slide");
    if (it->interrupt && it->priority == 0)
        pl_problem(x, config_setting_get_member(g, "interrupt"), it->id, "interrupt",
                   "needs a priority above 0: it cuts in only over lower priorities");
    if (!it->campaign)
        it->campaign = xstrdup(pl->campaign);
    return x->errors > before ? -1 : 0;
}
