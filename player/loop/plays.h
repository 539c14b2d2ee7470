/* plays: what the ledger records of the loop's slots - a play's start, its
 * end with its status and impressions, a play that failed before it reached
 * the screen - and the "play start" log line. Files that keep failing are
 * logged once, not once per loop for months (the ledger has every one).
 * Main thread; the ledger's own thread does the writing. */
#ifndef SIGNAGE_PLAYS_H
#define SIGNAGE_PLAYS_H

#include <stdint.h>

#include "config/audience.h"
#include "ledger/playlog.h"
#include "lineup/lineup.h"
#include "loop/slot.h"

#define MAX_REPORTED_FAILURES 64 /* files whose failure is logged once, not every loop */

struct plays {
    struct playlog *ledger;                    /* NULL: no ledger (ids are still given) */
    struct audience audience;                  /* for impressions, frozen into each play's row */
    char *failed_files[MAX_REPORTED_FAILURES]; /* failures logged, not again until they play */
    int n_failed_files;
    /* figures for --stats */
    int64_t failed, frames_dropped;
};

/* sl went on screen: opens its row in the ledger and logs "play start". */
void plays_started(struct plays *p, const struct lineup *l, struct slot *sl);

/* sl left the screen at now (the loop's clock); the ledger's thread logs
 * "play end" once the play is committed. */
void plays_ended(struct plays *p, const struct lineup *l, struct slot *sl, int64_t now);

/* sl could not be opened or decoded: logs why (once per file) and records
 * an error play. */
void plays_failed(struct plays *p, const struct lineup *l, struct slot *sl);

/* Frees the list of failed files (not the ledger). */
void plays_free(struct plays *p);

#endif
