/* reload: hot reload of the playlists and the config. Watches the files a
 * lineup was read from (and SIGHUP, see watch.h); a short while after a
 * change it reads everything again, validated in full as `signage check`
 * does, and hands back the new lineup. Whoever plays decides when it takes
 * over (the loop: at the next item boundary). An invalid change is refused
 * in the log and nothing is handed back. Main thread. */
#ifndef SIGNAGE_RELOAD_H
#define SIGNAGE_RELOAD_H

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
};

/* Starts watching (it blocks SIGHUP: call before any thread starts). On
 * failure reloading is off, with a warning. */
void reload_init(struct reload *r, const char *config, const char *playlist,
                 bool playlist_from_config);

/* Watches the files of lineup l from now on. */
void reload_watch(struct reload *r, const struct lineup *l);

/* Looks for changes at now; when a change has settled, reads everything
 * again. Returns a valid new lineup (the caller owns it, and r watches its
 * files), or NULL. live names what keeps playing in the log. */
struct lineup *reload_poll(struct reload *r, const struct lineup *live, int64_t now);

void reload_free(struct reload *r);

#endif
