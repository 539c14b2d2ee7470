/* app: the play loop. Owns the window, the lineup (playlists, time zone,
 * schedule), the sources and the file watch; each turn pumps events, looks
 * for a reload and for an urgent item, readies the next item, advances the
 * item on screen, takes the frame that is due, draws, presents and waits. */
#ifndef SIGNAGE_APP_H
#define SIGNAGE_APP_H

#include <stdbool.h>

#include "config/settings.h"

struct app_opts {
    const struct settings *settings;
    const char *playlist;      /* playlist file to play */
    bool playlist_from_config; /* playlist is the config's: a reload reads it again */
    bool headless;
    int width, height;      /* headless screen size */
    double for_s;           /* stop after this long, 0 = run until signalled */
    int plays;              /* stop after this many plays ended, 0 = no limit */
    const char *screenshot; /* PNG of the last presented frame at exit, or NULL */
    const char *stats;      /* JSON figures for benchmarks at exit, or NULL */
    const char *db;         /* proof-of-play ledger, or NULL for the config's */
    bool untimed;           /* virtual clock: every picture shown, none waited for */
    const char *version;    /* the player's, for the central database, or NULL */
};

/* Plays until stopped. Returns the process exit code: 0 after a clean stop
 * (SIGINT, SIGTERM, --for, --plays), 1 when the display or the playlist
 * cannot be used, 2 for a bad playlist or time zone. A changed playlist or
 * config file, or SIGHUP, reloads while playing (see watch.h); SIGHUP is
 * blocked in the calling thread for the duration. Main thread. */
int app_run(const struct app_opts *o);

#endif
