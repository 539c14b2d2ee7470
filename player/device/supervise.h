/* supervise: when the player tells systemd it is alive (the watchdog of
 * Type=notify units), decided from what the play loop measured. Pure: no
 * clock, no socket; the loop passes the time and sends what it is told to.
 *
 * A ping is due every half watchdog interval, and is sent only while the
 * loop is healthy: its turns come (a loop stuck in a present or a wait sends
 * nothing at all), the picture on screen is not waiting for a decoder that
 * has given nothing for SUPERVISE_PICTURE_LATE_US, and the ledger thread is
 * not stuck in one write for SUPERVISE_LEDGER_STUCK_US. systemd restarts a
 * player that stops pinging for WatchdogSec. */
#ifndef SIGNAGE_SUPERVISE_H
#define SIGNAGE_SUPERVISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SUPERVISE_PICTURE_LATE_US 5000000LL  /* a frozen video: its next picture this late */
#define SUPERVISE_LEDGER_STUCK_US 30000000LL /* one ledger write this long: the thread is dead */

/* What one turn of the loop saw. */
struct supervise_health {
    int64_t
        picture_late_us; /* the video on screen has awaited its next picture this long, 0 = none */
    int64_t ledger_stuck_us; /* the ledger thread has been in one write this long, 0 = idle */
};

struct supervise {
    int64_t interval_us;  /* between pings: half the watchdog's, 0 = no watchdog */
    int64_t next_ping_us; /* when the next ping is due */
    bool held;            /* pings held back: the loop is not healthy */
    char why[160];        /* when held: why, for the log and STATUS= */
};

/* Starts with no ping sent; watchdog_us is systemd's interval (0 = none). */
void supervise_init(struct supervise *s, int64_t watchdog_us, int64_t now_us);

/* "" when h is healthy, else writes why into why (size bytes) and returns it. */
const char *supervise_check(const struct supervise_health *h, char *why, size_t size);

enum supervise_action {
    SUPERVISE_NOTHING, /* no ping due, or no watchdog */
    SUPERVISE_PING,    /* send WATCHDOG=1 */
    SUPERVISE_HOLD,    /* a ping is due but the loop is unhealthy: s->why says why (log it once) */
    SUPERVISE_RESUME,  /* healthy again: send WATCHDOG=1 and log that pings resume */
};

/* What to do at now_us, given the turn's health. */
enum supervise_action supervise_tick(struct supervise *s, const struct supervise_health *h,
                                     int64_t now_us);

#endif
