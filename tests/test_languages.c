/* Every language's sample slide (playlists/languages.cfg), rendered headless
 * at 1920x1080 and, for a few scripts, 1080x1920, scaled down by four and
 * compared with tests/golden/ with a tolerance for anti-aliasing; and no
 * glyph of any language drawn as .notdef.
 *
 *   test_languages OUTDIR            compare; full-size PNGs go to OUTDIR
 *   test_languages OUTDIR --update   rewrite the goldens (review them!) */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "screen/fonts.h"
#include "media/media.h"
#include "config/playlist.h"
#include "screen/slide.h"
#include "media/snapshot.h"
#include "testlib.h"
#include "screen/text.h"

#define SCALE 4
/* A golden matches when the mean difference per channel stays under
 * MAX_MEAN and under MAX_BAD_PERMILLE of the pixels differ by more than
 * BAD_DIFF in some channel: font hinting may move a few edges, a wrong
 * glyph, line or direction moves thousands. */
#define MAX_MEAN         2.0
#define BAD_DIFF         96
#define MAX_BAD_PERMILLE 8

static const char *const portrait_langs[] = {"en", "zh-Hant", "km", "ar"};

/* Box-filters the ARGB surface down by SCALE into packed RGB24. */
static uint8_t *shrink(SDL_Surface *s, int *w, int *h)
{
    *w = s->w / SCALE;
    *h = s->h / SCALE;
    uint8_t *out = calloc((size_t)*w * (size_t)*h, 3);
    for (int y = 0; y < *h; y++)
        for (int x = 0; x < *w; x++)
            for (int c = 0; c < 3; c++) {
                int sum = 0;
                for (int dy = 0; dy < SCALE; dy++)
                    for (int dx = 0; dx < SCALE; dx++) {
                        const uint8_t *p = (const uint8_t *)s->pixels +
                                           (y * SCALE + dy) * s->pitch + (x * SCALE + dx) * 4;
                        sum += p[2 - c]; /* ARGB8888 in memory: B, G, R, A */
                    }
                out[(y * *w + x) * 3 + c] = (uint8_t)(sum / (SCALE * SCALE));
            }
    return out;
}

static uint8_t *full_rgb(SDL_Surface *s)
{
    uint8_t *out = calloc((size_t)s->w * (size_t)s->h, 3);
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            for (int c = 0; c < 3; c++)
                out[(y * s->w + x) * 3 + c] =
                    ((const uint8_t *)s->pixels)[y * s->pitch + x * 4 + 2 - c];
    return out;
}

/* Reads a PNG as packed RGB24 (caller frees), or NULL. */
static uint8_t *read_png(const char *path, int *w, int *h)
{
    char err[256];
    struct media_opts o = {.still = true};
    struct media *m = media_open(path, &o, err, sizeof(err));
    AVFrame *f = NULL;
    uint8_t *out = NULL;
    if (m && media_next(m, &f, err, sizeof(err)) == 0 && f) {
        *w = f->width;
        *h = f->height;
        out = calloc((size_t)*w * (size_t)*h, 3);
        for (int y = 0; y < *h; y++)
            for (int x = 0; x < *w; x++)
                for (int c = 0; c < 3; c++)
                    out[(y * *w + x) * 3 + c] = f->data[0][y * f->linesize[0] + x * 4 + 2 - c];
    } else {
        fprintf(stderr, "%s: %s\n", path, err);
    }
    av_frame_free(&f);
    media_close(m);
    return out;
}

static void compare(const char *golden, const uint8_t *got, int w, int h)
{
    int gw = 0, gh = 0;
    uint8_t *want = read_png(golden, &gw, &gh);
    EXPECT(want != NULL);
    if (!want)
        return;
    EXPECT(gw == w && gh == h);
    if (gw == w && gh == h) {
        double sum = 0;
        long bad = 0;
        for (long i = 0; i < (long)w * h; i++) {
            int worst = 0;
            for (int c = 0; c < 3; c++) {
                int d = abs(got[i * 3 + c] - want[i * 3 + c]);
                sum += d;
                worst = d > worst ? d : worst;
            }
            bad += worst > BAD_DIFF;
        }
        double mean = sum / ((double)w * h * 3);
        long permille = bad * 1000 / ((long)w * h);
        if (mean > MAX_MEAN || permille > MAX_BAD_PERMILLE)
            fprintf(stderr, "%s: mean difference %.2f, %ld/1000 pixels differ\n", golden, mean,
                    permille);
        EXPECT(mean <= MAX_MEAN);
        EXPECT(permille <= MAX_BAD_PERMILLE);
    }
    free(want);
}

static int count_missing(struct fonts *fonts, const struct variant *v)
{
    int n = 0;
    const char *texts[2] = {v->slide.title, v->slide.body};
    for (int i = 0; i < 2; i++) {
        struct text_style st = {fonts, v->lang, i == 0, 40};
        if (texts[i])
            n += text_count_missing(&st, texts[i], (int)strlen(texts[i]));
    }
    return n;
}

static void render_one(struct fonts *fonts, const struct item *it, const struct variant *v, int w,
                       int h, const char *outdir, bool update)
{
    struct slide_opts o = {0};
    o.max_px = slide_common_px(fonts, it, w, h, &o);
    EXPECT(o.max_px > 0);
    SDL_Surface *s = slide_draw(fonts, &v->slide, v->lang, w, h, &o);
    EXPECT(s != NULL);
    if (!s)
        return;
    const char *shape = w >= h ? "" : "-portrait";
    char path[512];
    uint8_t *full = full_rgb(s);
    snprintf(path, sizeof(path), "%s/lang-%s%s.png", outdir, v->lang, shape);
    snapshot_write_png(path, full, s->w, s->h);
    free(full);
    int sw, sh;
    uint8_t *small = shrink(s, &sw, &sh);
    snprintf(path, sizeof(path), "tests/golden/lang-%s%s.png", v->lang, shape);
    if (update)
        EXPECT_INT(snapshot_write_png(path, small, sw, sh), 0);
    else
        compare(path, small, sw, sh);
    free(small);
    SDL_FreeSurface(s);
}

int main(int argc, char **argv)
{
    const char *outdir = argc > 1 ? argv[1] : ".";
    bool update = argc > 2 && strcmp(argv[2], "--update") == 0;
    EXPECT_INT(TTF_Init(), 0);
    struct fonts *fonts = fonts_create(NULL);
    struct diag d = {0};
    struct playlist *pl = playlist_load("playlists/languages.cfg", NULL, FIT_LETTERBOX, &d);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "%s\n", d.lines[i]);
    diag_free(&d);
    EXPECT(fonts && pl);
    if (!fonts || !pl)
        return test_result("test_languages");
    const struct item *it = &pl->items[0];
    EXPECT_INT(it->n_variants, 15);
    for (int i = 0; i < it->n_variants; i++) {
        const struct variant *v = &it->variants[i];
        int missing = count_missing(fonts, v);
        if (missing)
            fprintf(stderr, "%s: %d characters have no glyph\n", v->lang, missing);
        EXPECT_INT(missing, 0);
        render_one(fonts, it, v, 1920, 1080, outdir, update);
        for (size_t k = 0; k < sizeof(portrait_langs) / sizeof(portrait_langs[0]); k++)
            if (strcmp(v->lang, portrait_langs[k]) == 0)
                render_one(fonts, it, v, 1080, 1920, outdir, update);
    }
    EXPECT_INT(fonts_misses(fonts), 0);
    playlist_free(pl);
    fonts_destroy(fonts);
    TTF_Quit();
    return test_result("test_languages");
}
