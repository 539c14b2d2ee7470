#include "loop/reload.h"

#include <stddef.h>
#include <stdlib.h>

#include "base/log.h"
#include "base/util.h"

void reload_init(struct reload *r, const char *config, const char *playlist,
                 bool playlist_from_config)
{
    *r = (struct reload){
        .config = config, .playlist = playlist, .playlist_from_config = playlist_from_config};
    char err[256];
    r->watch = watch_create(err, sizeof(err));
    if (!r->watch)
        log_warn("reloading is off: %s", err);
}

void reload_watch(struct reload *r, const struct lineup *l)
{
    char err[256];
    if (r->watch && watch_files(r->watch, l->files, err, sizeof(err)) < 0)
        log_warn("%s", err);
}

/* Reads the config and the playlists again, bundle (when not NULL) as the
 * main playlist; with probe, every media file opened and every video's
 * length probed. NULL when any is invalid. On the reload thread (or the
 * main one): it touches nothing but r's immutable fields and what it makes. */
static struct lineup *load(const struct reload *r, const char *bundle, int64_t version, bool probe,
                           const char *live_name)
{
    struct settings s;
    struct diag d = {0}, notes = {0};
    struct lineup *l = NULL;
    settings_defaults(&s);
    if (r->config && settings_load(&s, r->config, &d) < 0)
        goto out;
    const char *main_playlist = bundle                    ? bundle
                                : r->playlist_from_config ? s.playlist
                                                          : r->playlist;
    l = lineup_load(main_playlist, &s, probe, &d, &notes);
    if (l && probe)
        lineup_probe_lengths(l, &notes); /* as `signage schedule` knows them */
    if (l)
        l->bundle_version = bundle ? version : 0;

out:
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    for (int i = 0; i < notes.n_lines; i++)
        log_warn("%s", notes.lines[i]);
    if (l)
        log_info("reload: %s is valid; it takes over at the next item boundary", l->files[0]);
    else
        log_error("reload refused: %s keeps playing", live_name);
    diag_free(&d);
    diag_free(&notes);
    settings_free(&s);
    return l;
}

static void *reload_thread(void *arg)
{
    struct reload *r = arg;
    r->result = load(r, r->job_playlist, r->job_version, true, r->live_name);
    atomic_store(&r->done, true);
    return NULL;
}

/* Joins a finished reading; returns its lineup, now watched. */
static struct lineup *finish(struct reload *r)
{
    pthread_join(r->thread, NULL);
    r->running = false;
    struct lineup *l = r->result;
    r->result = NULL;
    free(r->live_name);
    r->live_name = NULL;
    bool stale = r->job_version != r->bundle_version; /* a bundle came meanwhile */
    free(r->job_playlist);
    r->job_playlist = NULL;
    if (l && stale) {
        lineup_free(l);
        l = NULL;
        r->due_us = 1; /* read again, on the bundle now playing */
    }
    if (l)
        reload_watch(r, l);
    return l;
}

struct lineup *reload_poll(struct reload *r, const struct lineup *live, int64_t now)
{
    if (!r->watch)
        return NULL;
    int events = watch_poll(r->watch);
    if (events) {
        log_info("reload: %s",
                 events & WATCH_SIGHUP ? "SIGHUP" : "a playlist or the config changed");
        r->due_us = now + RELOAD_SETTLE_US;
    }
    if (r->running)
        return atomic_load(&r->done) ? finish(r) : NULL;
    if (!r->due_us || now < r->due_us)
        return NULL;
    r->due_us = 0;
    r->live_name = xstrdup(live->files[0]);
    r->job_playlist = xstrdup(r->bundle_playlist);
    r->job_version = r->bundle_version;
    atomic_store(&r->done, false);
    r->result = NULL;
    if (pthread_create(&r->thread, NULL, reload_thread, r) != 0) {
        log_warn("reload: no thread to read on; reading on the play loop");
        reload_thread(r);
        r->live_name = (free(r->live_name), NULL);
        r->job_playlist = (free(r->job_playlist), NULL);
        struct lineup *l = r->result;
        r->result = NULL;
        if (l)
            reload_watch(r, l);
        return l;
    }
    r->running = true;
    return NULL;
}

void reload_set_bundle(struct reload *r, const char *playlist, int64_t version)
{
    free(r->bundle_playlist);
    r->bundle_playlist = xstrdup(playlist);
    r->bundle_version = playlist ? version : 0;
}

struct lineup *reload_bundle(struct reload *r, const char *playlist, int64_t version,
                             const struct lineup *live)
{
    struct lineup *l = load(r, playlist, version, false, live->files[0]);
    if (l) {
        reload_set_bundle(r, playlist, version);
        reload_watch(r, l);
    }
    return l;
}

void reload_free(struct reload *r)
{
    if (r->running)
        lineup_free(finish(r));
    watch_free(r->watch);
    r->watch = NULL;
    free(r->bundle_playlist);
    r->bundle_playlist = NULL;
}
