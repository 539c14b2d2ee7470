/* lineup: everything a reload replaces at once - the playlists scheduled,
 * the time zone they are read in, and the schedule over them.
 *
 * The play loop holds one lineup; a reload builds a new one beside it and
 * swaps at an item boundary, and `signage schedule` builds one to dry-run.
 * Main thread (or any one thread). */
#ifndef SIGNAGE_LINEUP_H
#define SIGNAGE_LINEUP_H

#include <stdbool.h>

#include "config/notice_law.h"
#include "config/playlist.h"
#include "schedule/schedule.h"
#include "config/settings.h"
#include "base/tz.h"

struct lineup {
    struct playlist **pls; /* [0] = the main playlist, then s->playlists */
    int n;
    int n_items; /* over all playlists */
    struct tz *tz;
    struct schedule *sched;
    int64_t fallback_ms;    /* how long the built-in hotline slide shows */
    char **files;           /* the files it was read from (playlists, config), NULL-ended */
    struct item notice;     /* the config's notice in zone mode (n_variants 0 otherwise);
                               whoever shows it may take it over (then zero it) */
    struct notice_law law;  /* the notice's law (notice.law); name NULL when it did not load */
    int **slide_px;         /* [playlist][item]: the text size all variants of a slide
                               share, 0 = not measured yet (a cache for the player) */
    int64_t bundle_version; /* the content bundle its main playlist came from, 0 = none
                               (set by whoever loaded it from one) */
};

/* Loads main_playlist and every playlist in s->playlists, in the zone
 * s->timezone, with the legal notice the config asks for (its texts read;
 * in slot mode it joins the main playlist's rotation). With probe, also
 * opens every media file they name and decodes its first picture, as
 * `signage check` does. On any problem returns NULL and adds one
 * "file:line: ..." line per problem to d. A notice text that is missing
 * is not fatal: its line goes to notes (may be NULL) and that language
 * shows nothing; so are bad caption files (their videos play without
 * captions).
 * Caller frees with lineup_free(). */
struct lineup *lineup_load(const char *main_playlist, const struct settings *s, bool probe,
                           struct diag *d, struct diag *notes);

/* Opens every video whose length the schedule needs (no `duration`, or a
 * duration that may be longer than the file) and tells the schedule its
 * length. Adds a line to d for each one that cannot be read; those keep
 * SCHEDULE_ASSUMED_VIDEO_MS. */
void lineup_probe_lengths(struct lineup *l, struct diag *d);

/* lineup_free(NULL) is a no-op. */
void lineup_free(struct lineup *l);

#endif
