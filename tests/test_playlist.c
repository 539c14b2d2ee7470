/* Golden tests for playlist_load(), in the manner of libconfig's own:
 * playlists/ok-NAME.cfg must parse to what ok-NAME.expect shows, and
 * playlists/bad-NAME.cfg must fail with exactly the lines of bad-NAME.expect.
 * `test_playlist --update` rewrites the .expect files (review the diff!). */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config/playlist.h"
#include "testlib.h"
#include "base/util.h"

static void append(char **buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(char **buf, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    char *old = *buf;
    *buf = xasprintf("%s%s", old ? old : "", line);
    free(old);
}

static char *dump(const struct playlist *pl)
{
    char *out = NULL;
    append(&out, "name: %s\ncampaign: %s\nfit: %s\nlanguages:", pl->name, pl->campaign,
           fit_mode_name(pl->fit));
    for (int i = 0; i < pl->n_languages; i++)
        append(&out, " %s", pl->languages[i]);
    char when[200];
    append(&out, "\nwhen: %s\n", when_format(&pl->when, when, sizeof(when)));
    for (int i = 0; i < pl->n_band; i++)
        append(&out, "band [%s]: %s\n", pl->band[i].lang, pl->band[i].text);
    for (int i = 0; i < pl->n_items; i++) {
        const struct item *it = &pl->items[i];
        append(&out,
               "item %s (line %d): %s kind=%s campaign=%s duration_ms=%lld fit=%s weight=%g "
               "every=%g priority=%d interrupt=%d\n",
               it->id, it->line, item_kind_name(it->kind), play_kind_name(it->play_kind),
               it->campaign, (long long)it->duration_ms, fit_mode_name(it->fit), it->weight,
               it->every_s, it->priority, it->interrupt);
        if (it->when.set)
            append(&out, "  when %s\n", when_format(&it->when, when, sizeof(when)));
        for (int v = 0; v < it->n_variants; v++) {
            const struct variant *va = &it->variants[v];
            if (va->media)
                append(&out, "  [%s] %s\n", va->lang, va->media);
            else
                append(&out, "  [%s] title=\"%s\" body=\"%s\" background=#%06x color=#%06x\n",
                       va->lang, va->slide.title ? va->slide.title : "",
                       va->slide.body ? va->slide.body : "", va->slide.background, va->slide.color);
            if (va->slide.qr)
                append(&out, "    qr=\"%s\"\n", va->slide.qr);
            if (va->captions)
                append(&out, "    captions=%s (line %d)\n", va->captions, va->captions_line);
        }
        if (it->notice)
            append(&out, "  notice: texts from the notice folder\n");
    }
    return out;
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = xcalloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    bool update = argc > 1 && strcmp(argv[1], "--update") == 0;
    struct dirent **names;
    int n = scandir("playlists", &names, NULL, by_name);
    EXPECT(n > 0);
    int ok_files = 0, bad_files = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t len = strlen(name);
        if (len < 5 || strcmp(name + len - 4, ".cfg") != 0) {
            free(names[i]);
            continue;
        }
        bool good = strncmp(name, "ok-", 3) == 0;
        char *path = xasprintf("playlists/%s", name);
        char *expect_path = xasprintf("playlists/%.*s.expect", (int)(len - 4), name);
        struct diag d = {0};
        struct playlist *pl = playlist_load(path, "playlists/media-root", FIT_LETTERBOX, &d);
        char *got = NULL;
        if (pl) {
            got = dump(pl);
        } else {
            for (int k = 0; k < d.n_lines; k++)
                append(&got, "%s\n", d.lines[k]);
        }
        if (good) {
            ok_files++;
            if (!pl)
                fprintf(stderr, "%s: expected to load, got:\n%s", path, got);
            EXPECT(pl != NULL);
        } else {
            bad_files++;
            if (pl)
                fprintf(stderr, "%s: expected errors, but it loaded\n", path);
            EXPECT(pl == NULL);
            EXPECT(d.n_lines > 0);
        }
        if (update) {
            write_file(expect_path, got);
        } else {
            char *want = read_file(expect_path);
            if (!want)
                fprintf(stderr, "%s: missing (run test_playlist --update)\n", expect_path);
            EXPECT_STR(got, want);
            free(want);
        }
        free(got);
        playlist_free(pl);
        diag_free(&d);
        free(path);
        free(expect_path);
        free(names[i]);
    }
    free(names);
    EXPECT(ok_files >= 2);
    EXPECT(bad_files >= 10);

    /* A file that does not exist. */
    struct diag d = {0};
    EXPECT(playlist_load("playlists/no-such.cfg", NULL, FIT_LETTERBOX, &d) == NULL);
    EXPECT_INT(d.n_lines, 1);
    EXPECT_STR(d.lines[0],
               "playlists/no-such.cfg: cannot read playlist file: No such file or directory");
    diag_free(&d);
    return test_result("test_playlist");
}
