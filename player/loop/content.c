#include "loop/content.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* The bundle to start with into b (b->playlist NULL when none), and the
 * fetcher. Returns -1 when the content settings are unusable. */
static int content_start(const struct settings *s, struct reload *r, const char *fallback,
                         struct fetch_bundle *b, struct fetch **f)
{
    unsigned char key[BUNDLE_PUBLIC_KEY_LEN];
    char err[BUNDLE_ERR_SIZE + 128];
    memset(b, 0, sizeof(*b));
    *f = NULL;
    if (fetch_public_key(s, key, err, sizeof(err)) < 0) {
        log_error("%s", err);
        return -1;
    }
    int rc = fetch_current(s, key, b, err, sizeof(err));
    if (rc < 0)
        log_error("content: %s: %s plays until a good bundle comes", err, fallback);
    else if (rc == 0)
        log_info("content: no bundle in %s yet: %s plays until one comes", s->content_dir,
                 fallback);
    else
        reload_set_bundle(r, b->playlist, b->version);
    *f = fetch_start(s, key, err, sizeof(err));
    if (!*f)
        log_error("%s: no bundles are fetched", err);
    else
        log_info("content: looking for bundles at %s every %.0f s", s->content_url,
                 s->content_every_s);
    return 0;
}

static struct lineup *first_lineup(const struct settings *s, struct reload *r, const char *fallback,
                                   const struct fetch_bundle *b)
{
    struct diag d = {0}, notes = {0};
    struct lineup *l = NULL;
    if (b->playlist) {
        l = lineup_load(b->playlist, s, false, &d, &notes);
        if (l) {
            l->bundle_version = b->version;
            log_info("content: playing bundle %lld", (long long)b->version);
        } else {
            log_error("content: bundle %lld does not load here: %s plays", (long long)b->version,
                      fallback);
            reload_set_bundle(r, NULL, 0);
        }
    }
    if (!l)
        l = lineup_load(fallback, s, false, &d, &notes);
    diag_take(&d, &notes);
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    diag_free(&d);
    return l;
}

int content_open(const struct settings *s, struct reload *r, const char *fallback, struct fetch **f,
                 struct lineup **live)
{
    struct fetch_bundle b = {0};
    *f = NULL;
    *live = NULL;
    if (s->content_url[0] && content_start(s, r, fallback, &b, f) < 0)
        return -1;
    *live = first_lineup(s, r, fallback, &b);
    free(b.playlist);
    return 0;
}

void content_installed(struct fetch *f, const struct lineup *l)
{
    if (l->bundle_version)
        log_info("content: bundle %lld on screen", (long long)l->bundle_version);
    fetch_playing(f, l->bundle_version);
}

struct lineup *content_poll(struct fetch *f, struct reload *r, const struct lineup *live)
{
    struct fetch_bundle b;
    if (!fetch_poll(f, &b))
        return NULL;
    struct lineup *l = reload_bundle(r, b.playlist, b.version, live);
    free(b.playlist);
    return l;
}
