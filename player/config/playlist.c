#include "config/playlist.h"

#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "config/playlist_parse.h"

/* ---- the playlist ---- */

static int languages_parse(struct pl_ctx *x, config_setting_t *c, struct playlist *pl)
{
    if (!config_setting_is_array(c) && !config_setting_is_list(c)) {
        pl_problem(x, c, NULL, "languages", "must be a list of language tags [\"en\", \"es\"]");
        return -1;
    }
    int n = config_setting_length(c);
    pl->languages = xcalloc((size_t)n, sizeof(char *));
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *tag = config_setting_get_string(e);
        if (!tag || !pl_valid_lang(tag)) {
            pl_problem(x, c, NULL, "languages", "entry %d is not a language tag", i + 1);
            continue;
        }
        if (pl_lang_rank(pl, tag) >= 0) {
            pl_problem(x, c, NULL, "languages", "\"%s\" is listed twice", tag);
            continue;
        }
        pl->languages[pl->n_languages++] = xstrdup(tag);
    }
    return 0;
}

static const char *const playlist_keys[] = {"name", "campaign", "languages", "fit",
                                            "when", "items",    "band"};

/* band = true; or band = { en = "..."; es = "..."; }; */
static void band_parse(struct pl_ctx *x, config_setting_t *c, struct playlist *pl)
{
    if (config_setting_type(c) == CONFIG_TYPE_BOOL) {
        if (config_setting_get_bool(c)) {
            pl->band = xcalloc(1, sizeof(*pl->band));
            pl->band[pl->n_band++] =
                (struct band_text){xstrdup(""), xstrdup(PLAYLIST_BAND_DEFAULT)};
        }
        return;
    }
    if (!config_setting_is_group(c)) {
        pl_problem(x, c, NULL, "band", "must be true, false or { en = \"...\"; es = \"...\"; }");
        return;
    }
    int n = config_setting_length(c);
    pl->band = xcalloc((size_t)(n ? n : 1), sizeof(*pl->band));
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *lang = config_setting_name(e), *text = config_setting_get_string(e);
        if (!pl_valid_lang(lang))
            pl_problem(x, e, NULL, "band", "\"%s\" is not a language tag", lang);
        else if (!text || !text[0])
            pl_problem(x, e, NULL, "band", "%s: must be a non-empty string", lang);
        else
            pl->band[pl->n_band++] = (struct band_text){xstrdup(lang), xstrdup(text)};
    }
}

struct playlist *playlist_load(const char *path, const char *media_root, enum fit_mode default_fit,
                               struct diag *d)
{
    config_t cfg;
    config_init(&cfg);
    struct playlist *pl = xcalloc(1, sizeof(*pl));
    pl->path = xstrdup(path);
    pl->fit = default_fit;
    char *dir = path_dirname(path);
    struct pl_ctx x = {.file = path, .dir = dir, .media_root = media_root, .d = d};

    if (!config_read_file(&cfg, path)) {
        if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
            diag_add(d, "%s: cannot read playlist file", path);
        else
            diag_add(d, "%s:%d: %s", path, config_error_line(&cfg), config_error_text(&cfg));
        x.errors++;
        goto out;
    }

    config_setting_t *root = config_root_setting(&cfg);
    for (int i = 0; i < config_setting_length(root); i++) {
        config_setting_t *c = config_setting_get_elem(root, (unsigned)i);
        /* kiosk = { ... } beside it is the kiosk's, which checks it (kiosk/flow.h). */
        if (strcmp(config_setting_name(c), "playlist") != 0 &&
            strcmp(config_setting_name(c), "kiosk") != 0)
            pl_problem(&x, c, NULL, config_setting_name(c),
                       "unknown setting (expected \"playlist = { ... };\")");
    }
    config_setting_t *top = config_lookup(&cfg, "playlist");
    if (!top || !config_setting_is_group(top)) {
        pl_problem(&x, top ? top : root, NULL, "playlist",
                   "missing: a playlist file holds \"playlist = { ... };\"");
        goto out;
    }
    for (int i = 0; i < config_setting_length(top); i++) {
        config_setting_t *c = config_setting_get_elem(top, (unsigned)i);
        bool known = false;
        for (size_t k = 0; k < sizeof(playlist_keys) / sizeof(playlist_keys[0]); k++)
            known |= strcmp(config_setting_name(c), playlist_keys[k]) == 0;
        if (!known)
            pl_problem(&x, c, NULL, config_setting_name(c), "unknown setting");
    }

    config_setting_t *c;
    const char *s;
    if ((c = config_setting_get_member(top, "name"))) {
        if ((s = config_setting_get_string(c)))
            pl->name = xstrdup(s);
        else
            pl_problem(&x, c, NULL, "name", "must be a string");
    }
    if ((c = config_setting_get_member(top, "campaign"))) {
        if ((s = config_setting_get_string(c)) && s[0])
            pl->campaign = xstrdup(s);
        else
            pl_problem(&x, c, NULL, "campaign", "must be a non-empty string");
    }
    if (!pl->campaign)
        pl->campaign = xstrdup("");
    if (!pl->name)
        pl->name = xstrdup(path);
    if ((c = config_setting_get_member(top, "fit"))) {
        s = config_setting_get_string(c);
        if (!s || fit_mode_parse(s, &pl->fit) < 0)
            pl_problem(&x, c, NULL, "fit", "must be one of \"letterbox|fill|stretch\"");
    }
    if ((c = config_setting_get_member(top, "languages")))
        languages_parse(&x, c, pl);
    pl->when = when_always();
    if ((c = config_setting_get_member(top, "when")))
        pl_when_parse(&x, c, NULL, &pl->when);
    if ((c = config_setting_get_member(top, "band")))
        band_parse(&x, c, pl);

    config_setting_t *items = config_setting_get_member(top, "items");
    if (!items) {
        pl_problem(&x, top, NULL, "items", "missing: the playlist has nothing to play");
        goto out;
    }
    if (!config_setting_is_list(items) && !config_setting_is_array(items)) {
        pl_problem(&x, items, NULL, "items", "must be a list ( { ... }, { ... } )");
        goto out;
    }
    int n = config_setting_length(items);
    if (n == 0) {
        pl_problem(&x, items, NULL, "items", "is empty: the playlist has nothing to play");
        goto out;
    }
    if (n > MAX_ITEMS) {
        pl_problem(&x, items, NULL, "items", "has %d items, more than %d", n, MAX_ITEMS);
        goto out;
    }
    pl->items = xcalloc((size_t)n, sizeof(struct item));
    for (int i = 0; i < n; i++) {
        struct item *it = &pl->items[pl->n_items++];
        pl_item_parse(&x, pl, config_setting_get_elem(items, (unsigned)i), i, it);
        for (int j = 0; j < i; j++)
            if (strcmp(pl->items[j].id, it->id) == 0 && it->id[0] != '#') {
                pl_problem(&x, config_setting_get_elem(items, (unsigned)i), it->id, "id",
                           "duplicate id (first used on line %d)", pl->items[j].line);
                break;
            }
    }

out:
    free(dir);
    config_destroy(&cfg);
    if (x.errors) {
        playlist_free(pl);
        return NULL;
    }
    return pl;
}

void playlist_free(struct playlist *pl)
{
    if (!pl)
        return;
    for (int i = 0; i < pl->n_items; i++)
        playlist_item_free(&pl->items[i]);
    free(pl->items);
    for (int i = 0; i < pl->n_band; i++) {
        free(pl->band[i].lang);
        free(pl->band[i].text);
    }
    free(pl->band);
    for (int i = 0; i < pl->n_languages; i++)
        free(pl->languages[i]);
    free(pl->languages);
    free(pl->name);
    free(pl->campaign);
    free(pl->path);
    free(pl);
}

void playlist_add_item(struct playlist *pl, struct item *it)
{
    pl->items = xrealloc(pl->items, sizeof(*pl->items) * (size_t)(pl->n_items + 1));
    pl->items[pl->n_items++] = *it;
    memset(it, 0, sizeof(*it));
}

int playlist_find(const struct playlist *pl, const char *id)
{
    for (int i = 0; i < pl->n_items; i++)
        if (strcmp(pl->items[i].id, id) == 0)
            return i;
    return -1;
}

const char *item_kind_name(enum item_kind kind)
{
    return kind == ITEM_VIDEO ? "video" : kind == ITEM_IMAGE ? "image" : "slide";
}

const char *play_kind_name(enum play_kind kind)
{
    static const char *const names[] = {"ad", "notice", "filler", "alert", "interaction"};
    return names[kind];
}
