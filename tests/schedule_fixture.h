/* schedule_fixture: a playlist of tests/schedule/ loaded for the scheduler's
 * tests, which cannot go on without it. */
#ifndef SIGNAGE_SCHEDULE_FIXTURE_H
#define SIGNAGE_SCHEDULE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "config/playlist.h"

/* Loads tests/schedule/NAME (run from tests/); prints its problems and
 * aborts when it is invalid. Caller frees with playlist_free(). */
static inline struct playlist *schedule_fixture(const char *name)
{
    char *path = xasprintf("schedule/%s", name);
    struct diag d = {0};
    struct playlist *pl = playlist_load(path, NULL, FIT_LETTERBOX, &d);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "%s\n", d.lines[i]);
    diag_free(&d);
    free(path);
    if (!pl)
        abort();
    return pl;
}

#endif
