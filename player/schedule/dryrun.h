/* dryrun: `signage schedule` - what would play, without playing.
 *
 * Drives the same scheduler as the player: schedule_next() at each start,
 * schedule_played(), and schedule_interrupts() checked every second of a
 * play, as the play loop does. */
#ifndef SIGNAGE_DRYRUN_H
#define SIGNAGE_DRYRUN_H

#include <stdint.h>
#include <stdio.h>

#include "schedule/schedule.h"
#include "base/tz.h"

struct dryrun_opts {
    int64_t from_ms;     /* UTC ms of the first start */
    int64_t length_ms;   /* elapsed (real) time to cover */
    int64_t fallback_ms; /* how long the built-in hotline slide shows */
};

/* Called once per play with its start and how long it stayed on screen. */
typedef void dryrun_play_fn(void *ctx, const struct schedule *s, const struct schedule_pick *pick,
                            int64_t start_ms, int64_t shown_ms);

/* Runs s from o->from_ms for o->length_ms, calling on_play for each play in
 * order. Returns the number of plays. */
int dryrun_run(struct schedule *s, const struct dryrun_opts *o, dryrun_play_fn *on_play, void *ctx);

/* Runs s as dryrun_run() does and prints to out one CSV line per play,
 * "start,item,language,duration_s" under a header, then a blank line and a
 * summary per item: plays, share of plays, seconds, share of time, weight.
 * Returns the number of plays. */
int dryrun_print(FILE *out, struct schedule *s, const struct tz *tz, const struct dryrun_opts *o);

#endif
