/* clock: the two clocks the player reads, behind one seam tests can drive.
 *
 * The wall clock (CLOCK_REALTIME) says what time it is: dayparts, dates and
 * the UTC timestamps in the ledger follow it. It can step, backwards or
 * forwards, when NTP first syncs, an operator sets it or a board without a
 * battery boots in 1970. The monotonic clock (CLOCK_MONOTONIC) never steps:
 * every deadline (`every`), every length (how long a play was on screen)
 * and every wait (retries) is measured on it, so that a step of the wall
 * clock never stops a guarantee, nor records a negative or day-long play.
 *
 * A struct clock is a function pointer and its context: clock_system() reads
 * the system's clocks; a struct clock_fake, which tests step by hand, reads
 * its own. Any thread may read a clock; a fake must be driven by the thread
 * that reads it. */
#ifndef SIGNAGE_CLOCK_H
#define SIGNAGE_CLOCK_H

#include <stdint.h>

/* One reading of both clocks. */
struct clock_now {
    int64_t wall_ms; /* UTC ms since the Unix epoch; may step */
    int64_t mono_ms; /* ms from an arbitrary origin; never steps, never goes back */
};

struct clock {
    struct clock_now (*read)(void *ctx);
    void *ctx;
};

/* The system's clocks. */
struct clock clock_system(void);

/* Reads c; a NULL c or c->read reads the system's clocks. */
struct clock_now clock_read(const struct clock *c);

/* Milliseconds from a to b on the monotonic clock: a length that a step of
 * the wall clock cannot make negative or longer than it was. */
int64_t clock_elapsed_ms(struct clock_now a, struct clock_now b);

/* A clock for tests: reads what was last set. */
struct clock_fake {
    struct clock_now now;
};

/* A clock that reads f (not owned; it must outlive the clock). */
struct clock clock_of_fake(struct clock_fake *f);

/* Time passes: both clocks move on by ms (>= 0). */
void clock_fake_advance(struct clock_fake *f, int64_t ms);

/* The wall clock is set: it jumps by ms (either sign); the monotonic clock
 * does not move. */
void clock_fake_step_wall(struct clock_fake *f, int64_t ms);

#endif
