#include "lineup/check.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/frame.h>
#include <stdlib.h>
#include <string.h>

#include "screen/fonts.h"
#include "media/captions.h"
#include "media/media.h"
#include "screen/notice.h"
#include "config/playlist.h"

/* Opens one media file and decodes its first picture. */
static void probe(const struct playlist *pl, const struct item *it, const struct variant *v,
                  struct diag *d)
{
    const char *setting = item_kind_name(it->kind);
    char where[64] = "";
    if (v->lang[0])
        snprintf(where, sizeof(where), ".%s", v->lang);
    const char *file = v->file ? v->file : pl->path;
    char why[200];
    /* A directory, a FIFO, a device or a symlink loop is said as such (and
     * never opened: a FIFO would block the decoder). */
    if (file_check(v->media, SIZE_MAX, why, sizeof(why)) < 0) {
        if (access(v->media, F_OK) != 0 && strcmp(why, "is a symbolic link loop") != 0)
            diag_add(d, "%s:%d: item \"%s\": %s%s: no such file \"%s\"", file, v->line, it->id,
                     setting, where, v->media_as_written);
        else
            diag_add(d, "%s:%d: item \"%s\": %s%s: \"%s\" %s", file, v->line, it->id, setting,
                     where, v->media_as_written, why);
        return;
    }
    char err[256] = "";
    struct media_opts o = {.still = it->kind == ITEM_IMAGE, .max_w = 64, .max_h = 64};
    struct media *m = media_open(v->media, &o, err, sizeof(err));
    AVFrame *f = NULL;
    if (m && media_next(m, &f, err, sizeof(err)) != 0 && !err[0])
        snprintf(err, sizeof(err), "no picture");
    if (!m || !f)
        diag_add(d, "%s:%d: item \"%s\": %s%s: %s: not a decodable %s (%s)", file, v->line, it->id,
                 setting, where, v->media_as_written, setting, err);
    av_frame_free(&f);
    media_close(m);
}

/* Parses a video's caption file: each problem as one line naming the
 * playlist's line and the file's. */
static void check_variant_captions(const struct playlist *pl, const struct item *it, int index,
                                   struct diag *d)
{
    const struct variant *v = &it->variants[index];
    if (!v->captions)
        return;
    for (int k = 0; k < index; k++) /* one file for several languages: said once */
        if (it->variants[k].captions && strcmp(it->variants[k].captions, v->captions) == 0)
            return;
    char where[64] = "";
    if (v->lang[0])
        snprintf(where, sizeof(where), ".%s", v->lang);
    if (!path_is_file(v->captions)) {
        diag_add(d, "%s:%d: item \"%s\": captions%s: no such file \"%s\"", pl->path,
                 v->captions_line, it->id, where, v->captions_as_written);
        return;
    }
    struct diag problems = {0};
    struct captions c = {0};
    captions_load(v->captions, v->captions_as_written, &c, &problems);
    for (int i = 0; i < problems.n_lines; i++)
        diag_add(d, "%s:%d: item \"%s\": captions%s: %s", pl->path, v->captions_line, it->id, where,
                 problems.lines[i]);
    diag_free(&problems);
    captions_free(&c);
}

void check_captions(const struct playlist *pl, struct diag *d)
{
    for (int k = 0; k < pl->n_items; k++)
        for (int v = 0; pl->items[k].kind == ITEM_VIDEO && v < pl->items[k].n_variants; v++)
            check_variant_captions(pl, &pl->items[k], v, d);
}

/* Reads pl's notice texts (and the config's), and measures the notice on
 * the configured screen. */
static void check_notice(struct playlist *pl, const struct settings *s, const struct check_opts *co,
                         struct fonts **fonts, struct diag *d, struct diag *notes)
{
    enum notice_mode mode = notice_mode_of(s);
    if (!notice_used(s, &pl, 1))
        return; /* no notice: its law does not matter */
    struct notice_law law;
    notice_load_law(s, &law, d);
    notice_fill_playlist(pl, s, &law, d);
    struct item own = {0};
    const struct item *it = NULL;
    if (mode != NOTICE_OFF) {
        notice_build_item(s, &law, &own, d);
        it = &own;
    }
    for (int i = 0; !it && i < pl->n_items; i++)
        if (pl->items[i].notice)
            it = &pl->items[i];
    char where[1200];
    snprintf(where, sizeof(where), "%s: notice (%s mode, %dx%d screen)", pl->path,
             mode == NOTICE_ZONE ? "zone" : "slot", co->width, co->height);
    if (law.name)
        notice_check_languages(it, &law, where, notes);
    if (!law.name || co->width <= 0 || co->height <= 0)
        goto out; /* nothing to measure, or no screen to measure it on */
    /* TTF_Init() counts its callers: this one's TTF_Quit() leaves a player's fonts alone. */
    if (!*fonts && TTF_Init() == 0 && !(*fonts = fonts_create(s->font)))
        TTF_Quit();
    if (!*fonts)
        goto out;
    struct notice_size ns;
    if (notice_measure_panel(*fonts, s, it, co->width, co->height, pl->n_band > 0, &ns) != 0)
        goto out;
    diag_add(notes, "%s: %dx%d px, text %d px; on screen %.1f x %.1f in, type %.1f pt", where,
             ns.box_w, ns.box_h, ns.type_px, ns.w_in, ns.h_in, ns.type_pt);
    notice_check_size(&ns, &law, where, notes);
out:
    if (it == &own)
        playlist_item_free(&own);
    notice_law_free(&law);
}

int check_playlists(const char *const *paths, int n, const struct settings *s,
                    const struct check_opts *co, struct diag *d, struct diag *notes)
{
    int before = d->n_lines;
    struct fonts *fonts = NULL;
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
        check_captions(pl, d);
        check_notice(pl, s, co, &fonts, d, notes);
        playlist_free(pl);
    }
    if (fonts) {
        fonts_destroy(fonts);
        TTF_Quit();
    }
    return d->n_lines > before ? -1 : 0;
}
