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

/* The lineup to start with, into *live: with s->content_url set, the
 * store's current bundle (stamped with its version, and made r's main
 * playlist) when there is one and it loads here, else fallback's; and the
 * fetcher started into *f (NULL, logged, when it cannot start). Call after
 * reload_init(). Problems are logged; *live is NULL when nothing loads.
 * Returns -1 when the config's content settings are unusable, else 0. */
int content_open(const struct settings *s, struct reload *r, const char *fallback, struct fetch **f,
                 struct lineup **live);

/* The lineup of a bundle the fetcher switched to since the last call, read
 * through r (the caller owns it), or NULL. Never waits on the network. */
struct lineup *content_poll(struct fetch *f, struct reload *r, const struct lineup *live);

/* l went on screen: logs its bundle, and tells the fetcher (so that the
 * bundle is not deleted while it plays). f may be NULL. */
void content_installed(struct fetch *f, const struct lineup *l);

#endif
