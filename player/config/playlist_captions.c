/* An item's captions: `captions = "ads/labor.srt";` for every language, or
 * `captions = { en = "ads/labor.en.srt"; es = "ads/labor.es.srt"; };`.
 * The files are not read here: `signage check` parses them (check.c). */
#include "config/playlist_parse.h"

#include <stdlib.h>
#include <string.h>

static void set_captions(struct pl_ctx *x, struct variant *v, config_setting_t *c)
{
    free(v->captions);
    free(v->captions_as_written);
    v->captions_as_written = xstrdup(config_setting_get_string(c));
    v->captions = pl_resolve_media(x, v->captions_as_written);
    v->captions_line = config_setting_source_line(c);
}

static bool is_file_name(config_setting_t *c)
{
    return config_setting_type(c) == CONFIG_TYPE_STRING && config_setting_get_string(c)[0];
}

/* The one variant of a video given once, copied for each caption language,
 * in the playlist's language order. */
static void split_by_language(struct pl_ctx *x, const struct playlist *pl, config_setting_t *c,
                              struct item *it)
{
    struct variant one = it->variants[0];
    int n = config_setting_length(c);
    struct variant *vs = xcalloc((size_t)n, sizeof(*vs));
    int k = 0;
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *lang = config_setting_name(e);
        char *where = xasprintf("captions.%s", lang);
        if (!pl_valid_lang(lang))
            pl_problem(x, e, it->id, where, "\"%s\" is not a language tag", lang);
        else if (pl->n_languages > 0 && pl_lang_rank(pl, lang) < 0)
            pl_problem(x, e, it->id, where, "language \"%s\" is not in the playlist's languages",
                       lang);
        else if (!is_file_name(e))
            pl_problem(x, e, it->id, where, "must be a file name");
        else {
            struct variant *v = &vs[k++];
            v->lang = xstrdup(lang);
            v->media = xstrdup(one.media);
            v->media_as_written = xstrdup(one.media_as_written);
            v->line = one.line;
            set_captions(x, v, e);
        }
        free(where);
    }
    if (k == 0) {
        free(vs);
        return;
    }
    for (int i = 1; i < k; i++) { /* the rotation follows the playlist's language order */
        struct variant v = vs[i];
        int j = i;
        while (j > 0 && pl_lang_rank(pl, vs[j - 1].lang) > pl_lang_rank(pl, v.lang)) {
            vs[j] = vs[j - 1];
            j--;
        }
        vs[j] = v;
    }
    free(one.lang);
    free(one.media);
    free(one.media_as_written);
    free(one.captions);
    free(one.captions_as_written);
    free(it->variants);
    it->variants = vs;
    it->n_variants = k;
}

void pl_captions_parse(struct pl_ctx *x, const struct playlist *pl, config_setting_t *c,
                       struct item *it)
{
    if (it->n_variants == 0)
        return; /* its video was reported */
    if (is_file_name(c)) {
        for (int v = 0; v < it->n_variants; v++)
            set_captions(x, &it->variants[v], c);
        return;
    }
    if (!config_setting_is_group(c) || config_setting_length(c) == 0) {
        pl_problem(x, c, it->id, "captions",
                   "must be a file name, or a group of them by language { en = \"a.srt\"; }");
        return;
    }
    if (it->n_variants == 1 && !it->variants[0].lang[0]) {
        split_by_language(x, pl, c, it);
        return;
    }
    for (int i = 0; i < config_setting_length(c); i++) {
        config_setting_t *e = config_setting_get_elem(c, (unsigned)i);
        const char *lang = config_setting_name(e);
        char *where = xasprintf("captions.%s", lang);
        struct variant *v = NULL;
        for (int k = 0; k < it->n_variants && !v; k++)
            if (strcmp(it->variants[k].lang, lang) == 0)
                v = &it->variants[k];
        if (!v)
            pl_problem(x, e, it->id, where, "the item has no \"%s\" video", lang);
        else if (!is_file_name(e))
            pl_problem(x, e, it->id, where, "must be a file name");
        else
            set_captions(x, v, e);
        free(where);
    }
}
