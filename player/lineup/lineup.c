#include "lineup/lineup.h"

#include <stdlib.h>
#include <string.h>

#include "lineup/check.h"
#include "media/media.h"
#include "screen/notice.h"

static int count_paths(char *const *paths)
{
    int n = 0;
    while (paths && paths[n])
        n++;
    return n;
}

struct lineup *lineup_load(const char *main_playlist, const struct settings *s, bool probe,
                           struct diag *d, struct diag *notes)
{
    struct lineup *l = xcalloc(1, sizeof(*l));
    int before = d->n_lines;
    int n = 1 + count_paths(s->playlists);
    const char **paths = xcalloc((size_t)n, sizeof(char *));
    paths[0] = main_playlist;
    for (int i = 1; i < n; i++)
        paths[i] = s->playlists[i - 1];

    char err[512];
    l->tz = tz_load(s->timezone, err, sizeof(err));
    if (!l->tz)
        diag_add(d, "%s: timezone: %s", s->path ? s->path : "(built-in config)", err);
    if (probe) {
        struct check_opts co = {0};
        struct diag ignored = {0}; /* the notice's size on screen: `signage check` reports it */
        check_playlists(paths, n, s, &co, d, &ignored);
        diag_free(&ignored);
    }
    if (d->n_lines > before)
        goto out;

    enum fit_mode fit = FIT_LETTERBOX;
    fit_mode_parse(s->fit, &fit);
    l->pls = xcalloc((size_t)n, sizeof(struct playlist *));
    l->files = xcalloc((size_t)n + 2, sizeof(char *));
    for (int i = 0; i < n; i++) {
        l->pls[i] = playlist_load(paths[i], s->media_root, fit, d);
        if (!l->pls[i])
            goto out;
        l->n++;
        l->n_items += l->pls[i]->n_items;
        l->files[i] = xstrdup(paths[i]);
    }
    if (s->path)
        l->files[n] = xstrdup(s->path);
    struct diag missing = {0};
    if (notice_used(s, l->pls, l->n))
        notice_load_law(s, &l->law, &missing);
    notice_setup(l->pls[0], s, &l->law, &l->notice, &missing);
    for (int i = 1; i < n; i++)
        notice_fill_playlist(l->pls[i], s, &l->law, &missing);
    /* A bad caption file costs only its captions: said once per load. */
    for (int i = 0; !probe && strcmp(s->captions_show, "never") != 0 && i < n; i++)
        check_captions(l->pls[i], &missing);
    if (notes)
        diag_take(notes, &missing);
    diag_free(&missing);
    l->n_items = 0;
    for (int i = 0; i < n; i++)
        l->n_items += l->pls[i]->n_items; /* slot mode added the notice */
    l->slide_px = xcalloc((size_t)n, sizeof(int *));
    for (int i = 0; i < n; i++)
        l->slide_px[i] = xcalloc((size_t)l->pls[i]->n_items, sizeof(int));
    l->fallback_ms = (int64_t)(s->fallback_s * 1000.0);
    l->sched = schedule_create((const struct playlist *const *)l->pls, l->n, l->tz);

out:
    free(paths);
    if (d->n_lines > before) {
        lineup_free(l);
        return NULL;
    }
    return l;
}

void lineup_probe_lengths(struct lineup *l, struct diag *d)
{
    for (int p = 0; p < l->n; p++) {
        const struct playlist *pl = l->pls[p];
        for (int i = 0; i < pl->n_items; i++) {
            const struct item *it = &pl->items[i];
            if (it->kind != ITEM_VIDEO)
                continue;
            /* Variants may differ in length; the first stands for all. */
            char err[256] = "";
            struct media_opts o = {.max_w = 64, .max_h = 64};
            struct media *m = media_open(it->variants[0].media, &o, err, sizeof(err));
            int64_t us = m ? media_duration_us(m) : 0;
            media_close(m);
            if (us > 0)
                schedule_set_length(l->sched, p, i, us / 1000);
            else
                diag_add(d, "%s:%d: item \"%s\": length of %s unknown (%s); %d s assumed",
                         it->file ? it->file : pl->path, it->line, it->id,
                         it->variants[0].media_as_written, err[0] ? err : "not stated in the file",
                         SCHEDULE_ASSUMED_VIDEO_MS / 1000);
        }
    }
}

void lineup_free(struct lineup *l)
{
    if (!l)
        return;
    schedule_free(l->sched);
    for (int i = 0; l->slide_px && i < l->n; i++)
        free(l->slide_px[i]);
    free(l->slide_px);
    playlist_item_free(&l->notice);
    notice_law_free(&l->law);
    for (int i = 0; i < l->n; i++)
        playlist_free(l->pls[i]);
    free(l->pls);
    for (char **f = l->files; f && *f; f++)
        free(*f);
    free(l->files);
    tz_free(l->tz);
    free(l);
}
