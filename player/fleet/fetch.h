/* fetch: the content fetcher. A thread of its own, the only owner of its
 * curl handle, polls a bundle's manifest on any web server (conditional
 * GET), fetches the files the screen lacks into the store (store.h),
 * resuming cut downloads, at a bounded rate, verifies the signature and
 * every hash, checks the playlist this screen plays as `signage check`
 * does, and switches the store's current bundle. The play loop only polls
 * fetch_poll() and puts the new playlist in at an item boundary: it never
 * waits on the network or the disk.
 *
 * Whatever goes wrong - no network, 404, 500, a timeout, a cut or
 * corrupted file, a manifest not signed by public_key, one older than the
 * bundle in place (a replay), a playlist that would not play - logs one
 * line (again only when the reason changes), leaves the current bundle as
 * it was, and is retried after a backoff with jitter, so that a network of
 * screens does not hit the server at once. */
#ifndef SIGNAGE_FETCH_H
#define SIGNAGE_FETCH_H

#include <stdbool.h>
#include <stdint.h>

#include "config/settings.h"
#include "fleet/bundle.h"

struct fetch;

/* A bundle ready to play. */
struct fetch_bundle {
    int64_t version;
    char *playlist; /* the playlist this screen plays, in the bundle's folder */
};

/* The content settings of s in the form the fetcher takes: returns 0 with
 * the public key decoded, or -1 with "file: content.public_key: ..." in err. */
int fetch_public_key(const struct settings *s, unsigned char key[BUNDLE_PUBLIC_KEY_LEN], char *err,
                     size_t errlen);

/* The bundle in s->content_dir the screen should play now (its current
 * one), verified against key. Returns 1 and fills out (caller frees
 * out->playlist), 0 when there is none yet, -1 with a reason in err when
 * it is unusable. Any thread; used at start-up before the fetcher runs. */
int fetch_current(const struct settings *s, const unsigned char key[BUNDLE_PUBLIC_KEY_LEN],
                  struct fetch_bundle *out, char *err, size_t errlen);

/* Starts the fetcher for s (content.url, .dir, .every, .max_kbps; screen_id
 * and content.group pick the playlist; the rest of s checks it). s is
 * borrowed until fetch_stop() and must not change. Returns NULL with a
 * reason in err when the store cannot be made or the thread not started.
 * Main thread. */
struct fetch *fetch_start(const struct settings *s, const unsigned char key[BUNDLE_PUBLIC_KEY_LEN],
                          char *err, size_t errlen);

/* Stops the thread (a transfer in flight is cancelled within about a
 * second) and frees everything. fetch_stop(NULL) is a no-op. Main thread. */
void fetch_stop(struct fetch *f);

/* Returns true and fills out (caller frees out->playlist) once after each
 * bundle the fetcher switched to. Never blocks. Main thread. */
bool fetch_poll(struct fetch *f, struct fetch_bundle *out);

/* Tells the fetcher which bundle version is on screen, so that it is not
 * deleted while it plays. Never blocks. Main thread. */
void fetch_playing(struct fetch *f, int64_t version);

/* Seconds to wait before the next poll: every_s, +-10% at random (r in
 * [0, 1)). After failures in a row (>= 1): 5 s doubling each time, capped
 * at every_s, and then anywhere from half of it to all of it. Pure. */
double fetch_wait_s(double every_s, int failures, double r);

#endif
