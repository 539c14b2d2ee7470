#include "fleet/fetch.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/http.h"
#include "base/log.h"
#include "base/util.h"
#include "fleet/bundle_cfg.h"
#include "fleet/store.h"
#include "lineup/check.h"

#define FIRST_RETRY_S    5.0
#define FIRST_POLL_MAX_S 10.0 /* at start, a screen waits up to this (at random) */
#define USER_AGENT       "signage-content/1"
#define FULL_POLL_EVERY  12 /* every so many polls the manifest is asked for unconditionally */

struct fetch {
    const struct settings *s;
    unsigned char key[BUNDLE_PUBLIC_KEY_LEN];
    char *base;       /* content.url ending in '/' */
    char *dir;        /* content.dir */
    int64_t max_rate; /* bytes per second, 0 = none */
    pthread_t thread;
    bool started;
    atomic_bool stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* -- fields below: protected by lock */
    bool has_ready;
    struct fetch_bundle ready;
    int64_t playing;
    /* -- fields below: the fetcher's thread only */
    struct http *http;
    int64_t current;           /* version of the store's current bundle, 0 = none */
    char etag[HTTP_ETAG_SIZE]; /* of the last manifest dealt with */
    int64_t last_modified;
    int64_t settled_at;    /* when that manifest came (Unix seconds, our clock) */
    int conditional_polls; /* in a row, since the last unconditional one */
    char last_problem[BUNDLE_ERR_SIZE + 256]; /* the last logged, without its numbers */
};

double fetch_wait_s(double every_s, int failures, double r)
{
    if (failures <= 0)
        return every_s * (0.9 + 0.2 * r);
    double wait = FIRST_RETRY_S;
    for (int i = 1; i < failures && wait < every_s; i++)
        wait *= 2;
    if (wait > every_s)
        wait = every_s;
    return wait * (0.5 + 0.5 * r);
}

int fetch_public_key(const struct settings *s, unsigned char key[BUNDLE_PUBLIC_KEY_LEN], char *err,
                     size_t errlen)
{
    if (bundle_crypto_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start");
        return -1;
    }
    if (bundle_unbase64(s->content_public_key, key, BUNDLE_PUBLIC_KEY_LEN) < 0) {
        snprintf(err, errlen,
                 "%s: content.public_key: %s (put the one line of the KEYFILE.pub that "
                 "`signage bundle keygen` wrote)",
                 s->path ? s->path : "config",
                 s->content_public_key[0] ? "not a public key" : "missing");
        return -1;
    }
    return 0;
}

int fetch_current(const struct settings *s, const unsigned char key[BUNDLE_PUBLIC_KEY_LEN],
                  struct fetch_bundle *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    struct bundle_manifest m;
    char *folder = NULL;
    int rc = store_current(s->content_dir, key, &m, &folder, err, errlen);
    if (rc == 1) {
        struct diag d = {0};
        out->playlist = bundle_cfg_playlist(folder, s->screen_id, s->content_group, &d);
        out->version = m.version;
        if (!out->playlist) {
            snprintf(err, errlen, "%s", d.n_lines ? d.lines[0] : "no playlist");
            rc = -1;
        }
        diag_free(&d);
    }
    bundle_manifest_free(&m);
    free(folder);
    return rc;
}

/* A problem without its numbers: "transfer closed with 300 bytes
 * remaining" is the same problem on every try of a resumed download. */
static void problem_key(const char *line, char *key, size_t keylen)
{
    size_t k = 0;
    for (const char *p = line; *p && k + 1 < keylen; p++)
        if (*p < '0' || *p > '9')
            key[k++] = *p;
    key[k] = '\0';
}

/* Logs a problem once: again only when it changes (but for its numbers). */
static void problem(struct fetch *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct fetch *f, const char *fmt, ...)
{
    if (atomic_load(&f->stop))
        return; /* a transfer cut short by fetch_stop() is no problem */
    char line[sizeof(f->last_problem)], key[sizeof(f->last_problem)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    problem_key(line, key, sizeof(key));
    if (strcmp(key, f->last_problem) == 0) {
        log_debug("content: %s (again)", line);
        return;
    }
    snprintf(f->last_problem, sizeof(f->last_problem), "%s", key);
    log_error("content: %s", line);
}

static char *keeping(const struct fetch *f)
{
    return f->current ? xasprintf("bundle %" PRId64 " keeps playing", f->current)
                      : xstrdup("the built-in playlist keeps playing");
}

/* Whether the validators of the last manifest may be sent. Web servers
 * date files to the second (and nginx's ETag is that time and the size): a
 * manifest made again in the second the last one was fetched would look
 * unchanged. So a manifest that was less than 2 s old when it came is asked
 * for again in full, and so is every FULL_POLL_EVERY-th one whatever its
 * validators say (a clock off between screen and server, a validator that
 * lies). */
static bool validators_usable(struct fetch *f)
{
    if (!f->etag[0] && !f->last_modified)
        return false;
    if (++f->conditional_polls >= FULL_POLL_EVERY) {
        f->conditional_polls = 0;
        return false;
    }
    return f->last_modified == 0 || f->last_modified + 2 <= f->settled_at;
}

static int get(struct fetch *f, const char *name, const char *path, bool conditional, bool resume,
               int64_t max_bytes, struct http_result *res)
{
    char *url = xasprintf("%s%s", f->base, name);
    conditional = conditional && validators_usable(f);
    struct http_get req = {
        .url = url,
        .path = path,
        .etag = conditional ? f->etag : NULL,
        .if_modified_since = conditional && !f->etag[0] ? f->last_modified : 0,
        .resume = resume,
        .max_bytes = max_bytes,
        .max_bytes_per_s = f->max_rate,
        .cancel = &f->stop,
    };
    int rc = http_get_file(f->http, &req, res);
    free(url);
    return rc;
}

/* Fetches every file of m the store lacks. Returns 0, or -1 (logged). */
static int fetch_files(struct fetch *f, const struct bundle_manifest *m, int *n_got,
                       int64_t *bytes_got)
{
    for (int i = 0; i < m->n_files && !atomic_load(&f->stop); i++) {
        const struct bundle_file *bf = &m->files[i];
        if (store_has(f->dir, bf))
            continue;
        char *part = store_staging_path(f->dir, bf);
        char *name = xasprintf("files/%s", bf->sha256);
        struct stat st;
        bool complete = stat(part, &st) == 0 && st.st_size >= bf->size;
        struct http_result res = {0};
        int rc = complete ? 0 : get(f, name, part, false, true, bf->size, &res);
        char err[BUNDLE_ERR_SIZE];
        char *keep = keeping(f);
        if (rc < 0)
            problem(f, "%s (for %s; %d of %d files fetched, the rest resumes later): %s", res.error,
                    bf->path, i, m->n_files, keep);
        else if ((rc = store_accept(f->dir, bf, err, sizeof(err))) < 0)
            problem(f, "%s%s: %s: refused, %s", f->base, name, err, keep);
        else {
            (*n_got)++;
            *bytes_got += res.received;
        }
        free(keep);
        free(name);
        free(part);
        if (rc < 0)
            return -1;
    }
    return atomic_load(&f->stop) ? -1 : 0;
}

/* The playlist this screen plays from the bundle in folder, checked as
 * `signage check` does (no screen to measure the notice on: no SDL).
 * Returns it (caller frees), or NULL with the problems in d. */
static char *validate(struct fetch *f, const char *folder, struct diag *d)
{
    char *pl = bundle_cfg_playlist(folder, f->s->screen_id, f->s->content_group, d);
    if (!pl)
        return NULL;
    struct diag notes = {0};
    struct check_opts co = {0};
    const char *paths[] = {pl};
    if (check_playlists(paths, 1, f->s, &co, d, &notes) < 0) {
        free(pl);
        pl = NULL;
    }
    diag_free(&notes);
    return pl;
}

/* A manifest that will not change into a good one by asking again: its
 * ETag is kept so that it is not fetched (and logged) again until it changes. */
static void settled(struct fetch *f, const struct http_result *res)
{
    snprintf(f->etag, sizeof(f->etag), "%s", res->etag);
    f->last_modified = res->last_modified;
    f->settled_at = (int64_t)time(NULL);
}

/* One look at the server. Returns 0 when nothing is wrong (a new bundle
 * switched to, or none), -1 on a problem (logged once). */
static int cycle(struct fetch *f)
{
    char *mpath = xasprintf("%s/staging/manifest", f->dir);
    char *murl = xasprintf("%smanifest", f->base);
    char *keep = keeping(f), *text = NULL, *folder = NULL, *playlist = NULL;
    struct bundle_manifest m = {0};
    struct diag d = {0};
    struct http_result res;
    char err[BUNDLE_ERR_SIZE];
    size_t len = 0;
    int rc = -1;
    if (get(f, "manifest", mpath, true, false, BUNDLE_MANIFEST_MAX, &res) < 0) {
        problem(f, "%s: %s", res.error, keep);
        goto out;
    }
    if (res.not_modified) {
        rc = 0;
        goto out;
    }
    if (!(text = bundle_read(mpath, &len))) {
        problem(f, "%s: cannot read: %s", mpath, strerror(errno));
        goto out;
    }
    if (bundle_verify(text, len, f->key, &m, err, sizeof(err)) < 0) {
        problem(f, "%s: %s: refused, %s", murl, err, keep);
        settled(f, &res);
        goto out;
    }
    if (m.version < f->current) {
        problem(f,
                "%s: version %" PRId64 " is older than bundle %" PRId64 " (a replay?): refused, %s",
                murl, m.version, f->current, keep);
        settled(f, &res);
        goto out;
    }
    if (m.version == f->current) {
        settled(f, &res);
        f->last_problem[0] = '\0';
        rc = 0;
        goto out;
    }
    int n_got = 0;
    int64_t bytes_got = 0;
    if (fetch_files(f, &m, &n_got, &bytes_got) < 0)
        goto out;
    if (store_assemble(f->dir, &m, text, len, &folder, err, sizeof(err)) < 0) {
        problem(f, "bundle %" PRId64 ": %s: %s", m.version, err, keep);
        goto out;
    }
    if (!(playlist = validate(f, folder, &d))) {
        problem(f, "bundle %" PRId64 " refused, it would not play: %s%s: %s", m.version,
                d.n_lines ? d.lines[0] : "?", d.n_lines > 1 ? " (and more)" : "", keep);
        store_discard(f->dir, m.version);
        settled(f, &res);
        goto out;
    }
    if (store_switch(f->dir, m.version, err, sizeof(err)) < 0) {
        problem(f, "bundle %" PRId64 ": %s: %s", m.version, err, keep);
        store_discard(f->dir, m.version);
        goto out;
    }
    log_info("content: bundle %" PRId64 " ready (%d files, %d fetched, %" PRId64
             " bytes); it plays from the next item",
             m.version, m.n_files, n_got, bytes_got);
    f->current = m.version;
    f->last_problem[0] = '\0';
    settled(f, &res);
    pthread_mutex_lock(&f->lock);
    free(f->ready.playlist);
    f->ready = (struct fetch_bundle){.version = m.version, .playlist = playlist};
    f->has_ready = true;
    int64_t playing = f->playing;
    pthread_mutex_unlock(&f->lock);
    playlist = NULL;
    store_prune(f->dir, playing, &m);
    rc = 0;
out:
    bundle_manifest_free(&m);
    diag_free(&d);
    free(playlist);
    free(folder);
    free(text);
    free(keep);
    free(murl);
    free(mpath);
    return rc;
}

static double random01(void)
{
    return randombytes_uniform(1000000) / 1e6;
}

/* Waits seconds, or less when stopped. */
static void nap(struct fetch *f, double seconds)
{
    struct timespec until;
    cond_deadline_in((int64_t)(seconds * 1e6), &until);
    pthread_mutex_lock(&f->lock);
    while (!atomic_load(&f->stop) &&
           pthread_cond_timedwait(&f->wake, &f->lock, &until) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&f->lock);
}

static void *run(void *arg)
{
    struct fetch *f = arg;
    if (!(f->http = http_create(USER_AGENT))) { /* the handle is this thread's */
        log_error("content: libcurl cannot start: no bundles are fetched");
        return NULL;
    }
    double first = f->s->content_every_s / 10;
    nap(f, (first < FIRST_POLL_MAX_S ? first : FIRST_POLL_MAX_S) * random01());
    int failures = 0;
    while (!atomic_load(&f->stop)) {
        failures = cycle(f) == 0 ? 0 : failures + 1;
        nap(f, fetch_wait_s(f->s->content_every_s, failures, random01()));
    }
    return NULL;
}

static void fetch_free(struct fetch *f)
{
    http_destroy(f->http);
    pthread_cond_destroy(&f->wake);
    pthread_mutex_destroy(&f->lock);
    free(f->ready.playlist);
    free(f->base);
    free(f->dir);
    free(f);
}

struct fetch *fetch_start(const struct settings *s, const unsigned char key[BUNDLE_PUBLIC_KEY_LEN],
                          char *err, size_t errlen)
{
    if (store_init(s->content_dir, err, errlen) < 0)
        return NULL;
    struct fetch *f = xcalloc(1, sizeof(*f));
    f->s = s;
    memcpy(f->key, key, BUNDLE_PUBLIC_KEY_LEN);
    size_t n = strlen(s->content_url);
    f->base = xasprintf("%s%s", s->content_url, n && s->content_url[n - 1] == '/' ? "" : "/");
    f->dir = xstrdup(s->content_dir);
    f->max_rate = (int64_t)s->content_max_kbps * 1000 / 8;
    pthread_mutex_init(&f->lock, NULL);
    cond_init_monotonic(&f->wake);
    struct bundle_manifest m;
    char *folder = NULL;
    if (store_current(f->dir, key, &m, &folder, err, errlen) == 1)
        f->current = m.version;
    f->playing = f->current;
    bundle_manifest_free(&m);
    free(folder);
    if (pthread_create(&f->thread, NULL, run, f) != 0) {
        snprintf(err, errlen, "content: cannot start the fetcher thread");
        fetch_free(f);
        return NULL;
    }
    f->started = true;
    return f;
}

void fetch_stop(struct fetch *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    atomic_store(&f->stop, true);
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->lock);
    if (f->started)
        pthread_join(f->thread, NULL);
    fetch_free(f);
}

bool fetch_poll(struct fetch *f, struct fetch_bundle *out)
{
    if (!f)
        return false;
    pthread_mutex_lock(&f->lock);
    bool got = f->has_ready;
    if (got) {
        *out = f->ready;
        f->ready = (struct fetch_bundle){0};
        f->has_ready = false;
    }
    pthread_mutex_unlock(&f->lock);
    return got;
}

void fetch_playing(struct fetch *f, int64_t version)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    f->playing = version;
    pthread_mutex_unlock(&f->lock);
}
