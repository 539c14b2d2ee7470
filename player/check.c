#include "check.h"

#include <libavutil/frame.h>
#include <stdlib.h>

#include "media.h"
#include "playlist.h"

/* Opens one media file and decodes its first picture. */
static void probe(const struct playlist *pl, const struct item *it, const struct variant *v,
                  struct diag *d)
{
    const char *setting = item_kind_name(it->kind);
    char where[64] = "";
    if (v->lang[0])
        snprintf(where, sizeof(where), ".%s", v->lang);
    if (!path_is_file(v->media)) {
        diag_add(d, "%s:%d: item \"%s\": %s%s: no such file \"%s\"", pl->path, v->line, it->id,
                 setting, where, v->media_as_written);
        return;
    }
    char err[256] = "";
    struct media_opts o = {.still = it->kind == ITEM_IMAGE, .max_w = 64, .max_h = 64};
    struct media *m = media_open(v->media, &o, err, sizeof(err));
    AVFrame *f = NULL;
    if (m && media_next(m, &f, err, sizeof(err)) != 0 && !err[0])
        snprintf(err, sizeof(err), "no picture");
    if (!m || !f)
        diag_add(d, "%s:%d: item \"%s\": %s%s: %s: not a decodable %s (%s)", pl->path, v->line,
                 it->id, setting, where, v->media_as_written, setting, err);
    av_frame_free(&f);
    media_close(m);
}

int check_playlists(const char *const *paths, int n, const struct settings *s, struct diag *d)
{
    int before = d->n_lines;
    enum fit_mode fit = FIT_LETTERBOX;
    fit_mode_parse(s->fit, &fit);
    for (int i = 0; i < n; i++) {
        struct playlist *pl = playlist_load(paths[i], s->media_root, fit, d);
        if (!pl)
            continue;
        for (int k = 0; k < pl->n_items; k++) {
            const struct item *it = &pl->items[k];
            if (it->kind == ITEM_SLIDE)
                continue;
            for (int v = 0; v < it->n_variants; v++)
                probe(pl, it, &it->variants[v], d);
        }
        playlist_free(pl);
    }
    return d->n_lines > before ? -1 : 0;
}
