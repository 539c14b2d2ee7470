/* content: the play loop's side of content bundles (fleet/fetch.h). At
 * start-up: the bundle a screen plays (the store's current one, else the
 * config's playlist) and the fetcher; then, polled from the loop, each new
 * bundle read into a lineup that the loop puts in at the next item
 * boundary, as a reload (reload.h). Main thread. */
#ifndef SIGNAGE_CONTENT_H
#define SIGNAGE_CONTENT_H

#include "config/settings.h"
#include "fleet/fetch.h"
#include "lineup/lineup.h"
#include "loop/reload.h"

/* With s->content_url set: fills b with the bundle to start with
 * (b->playlist NULL when there is none yet: then fallback plays), makes
 * it r's main playlist, and starts the fetcher into *f (NULL, logged, when
 * it cannot start). Call after reload_init(). Returns -1 (logged) when the
 * config's content settings are unusable, else 0. */
int content_start(const struct settings *s, struct reload *r, const char *fallback,
                  struct fetch_bundle *b, struct fetch **f);

/* The lineup to start with: b's (stamped with its version), or fallback's
 * when there is no bundle or it does not load here. Problems are logged;
 * NULL when nothing loads. */
struct lineup *content_first_lineup(const struct settings *s, struct reload *r,
                                    const char *fallback, const struct fetch_bundle *b);

/* The lineup of a bundle the fetcher switched to since the last call, read
 * through r (the caller owns it), or NULL. Never waits on the network. */
struct lineup *content_poll(struct fetch *f, struct reload *r, const struct lineup *live);

/* l went on screen: logs its bundle, and tells the fetcher (so that the
 * bundle is not deleted while it plays). f may be NULL. */
void content_installed(struct fetch *f, const struct lineup *l);

#endif
