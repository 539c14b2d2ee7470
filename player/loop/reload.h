/* reload: hot reload of the playlists and the config. Watches the files a
 * lineup was read from (and SIGHUP, see watch.h); a short while after a
 * change it reads everything again on a thread of its own - validated in
 * full as `signage check` does, every media file opened and every video's
 * length probed - and hands back the new lineup when that thread is done.
 * Playback never waits for it: decoding 300 videos on the main thread
 * dropped frames of the one on screen. Whoever plays decides when it
 * takes over (the loop: at the next item boundary). An invalid change is
 * refused in the log and nothing is handed back. Functions: main thread. */
#ifndef SIGNAGE_RELOAD_H
#define SIGNAGE_RELOAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/watch.h"
#include "config/settings.h"
#include "lineup/lineup.h"

#define RELOAD_SETTLE_US 300000 /* a file being saved settles before it is read */

struct reload {
    struct watch *watch;       /* NULL when reloading is off */
    const char *config;        /* the config file read again, NULL = built-in defaults */
    const char *playlist;      /* the main playlist, when not the config's */
    bool playlist_from_config; /* the main playlist is whatever the config names */
    int64_t due_us;            /* read again then, 0 = nothing changed */
    /* the reading thread: started by reload_poll(), joined when done */
    pthread_t thread;
    bool running;          /* a thread was started and not joined yet */
    atomic_bool done;      /* set by the thread as its last act */
    struct lineup *result; /* what it read; NULL = refused (owned until handed back) */
    char *live_name;       /* the file that keeps playing, for the thread's log */
    char *job_playlist;    /* the bundle playlist the thread reads (a copy), NULL = none */
    int64_t job_version;
    /* content bundles (fleet/fetch.h), main thread only */
    char *bundle_playlist;  /* a content bundle's playlist: the main one when set; owned */
    int64_t bundle_version; /* its version, given to every lineup read from it */
};

/* Starts watching (it blocks SIGHUP: call before any thread starts). On
 * failure reloading is off, with a warning. */
void reload_init(struct reload *r, const char *config, const char *playlist,
                 bool playlist_from_config);

/* Watches the files of lineup l from now on. */
void reload_watch(struct reload *r, const struct lineup *l);

/* Looks for changes at now; when a change has settled, starts reading
 * everything again on the reload thread, and when that is done returns the
 * valid new lineup (the caller owns it, and r watches its files). Returns
 * NULL at once otherwise: it never waits for the thread. A change while a
 * reading runs is read again after it. live names what keeps playing in
 * the log. */
struct lineup *reload_poll(struct reload *r, const struct lineup *live, int64_t now);

/* The main playlist is a content bundle's (fleet/fetch.h) from now on:
 * playlist, of bundle version (NULL: the config's or the one given again).
 * For start-up, before the first lineup, and to fall back. */
void reload_set_bundle(struct reload *r, const char *playlist, int64_t version);

/* A new content bundle is ready: reads everything again at once with its
 * playlist as the main one, without opening the media again (the fetcher
 * checked them on its thread), and returns the new lineup (the caller owns
 * it) or NULL when it is invalid here; then the bundle before stays the
 * main playlist. A reading of the reload thread begun before is dropped
 * and made again on the new bundle. live names what keeps playing in the log. */
struct lineup *reload_bundle(struct reload *r, const char *playlist, int64_t version,
                             const struct lineup *live);

/* Waits for a reading still running, frees its result and stops watching. */
void reload_free(struct reload *r);

#endif
