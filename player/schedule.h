/* schedule: what plays next. Pure: (playlist, state, now) in, a pick out;
 * no I/O, the clock is passed in, so it can be run over a simulated day. */
#ifndef SIGNAGE_SCHEDULE_H
#define SIGNAGE_SCHEDULE_H

#include <stdint.h>

#include "playlist.h"

struct schedule {
    const struct playlist *pl; /* not owned */
    int next;                  /* next item in rotation */
    int *shown;                /* per item: showings so far, picks its language */
    int64_t loops;             /* completed passes through the playlist */
};

struct schedule_pick {
    int item;    /* index into pl->items */
    int variant; /* index into that item's variants */
};

/* Starts a rotation of pl at its first item. Caller frees with schedule_free(). */
struct schedule *schedule_create(const struct playlist *pl);

/* schedule_free(NULL) is a no-op. */
void schedule_free(struct schedule *s);

/* The item to show next at now_ms (UTC milliseconds), and the language
 * variant it shows: each showing of an item takes the next language it has,
 * in the playlist's language order. Always succeeds on a loaded playlist. */
struct schedule_pick schedule_next(struct schedule *s, int64_t now_ms);

#endif
