/* power: the panel lit or dark by the screen hours (screen.on, screen.days
 * in the screen's time zone), through DPMS where the video driver allows it
 * (X11: the DPMS extension on a connection of the thread's own) and the
 * operator's commands (screen.off_command, screen.on_command) for anything
 * else: HDMI-CEC, a Raspberry Pi's firmware, a serial line to the panel.
 *
 * The play loop asks power_wanted() each second and calls power_set() when
 * the answer changes; a thread of its own does the slow part (commands are
 * killed after POWER_COMMAND_TIMEOUT_MS) and each result is polled back, so
 * a command that fails or hangs is logged and playback goes on. */
#ifndef SIGNAGE_POWER_H
#define SIGNAGE_POWER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/tz.h"
#include "config/when.h"

#define POWER_COMMAND_TIMEOUT_MS 10000
#define POWER_RETRIES            3 /* DPMS re-sent and re-checked this often */

/* Whether the panel should be lit at utc_ms: the window, read in tz. A
 * window that is not set is always open. Pure. */
bool power_wanted(const struct when *w, const struct tz *tz, int64_t utc_ms);

struct power_opts {
    const char *off_command; /* "" or NULL = none */
    const char *on_command;
    bool dpms;          /* use DPMS where the driver allows it */
    const char *driver; /* the SDL video driver in use ("x11", "kmsdrm", ...) */
};

/* What the thread did for one power_set(). */
struct power_result {
    bool on;         /* what was asked */
    bool ok;         /* every means tried worked */
    char how[64];    /* what was used: "DPMS, command", "nothing configured" */
    char error[256]; /* when !ok: why, for the log and the status */
    int64_t done_utc_ms;
};

struct power;

/* Starts the thread. Strings of o are copied. Returns NULL when the thread
 * cannot start (logged). Main thread. */
struct power *power_start(const struct power_opts *o);

/* Asks for the panel lit (on) or dark. Returns at once; a request not yet
 * begun is replaced by a newer one. Main thread. */
void power_set(struct power *p, bool on);

/* Takes the result of the last request the thread finished, if it is new:
 * true and *r filled, false when there is none. Main thread. */
bool power_poll(struct power *p, struct power_result *r);

/* Lets a command or DPMS change under way finish (at most the command's
 * timeout), stops the thread and frees it; the panel is left as it is (the
 * next start sets it again). power_stop(NULL) is a no-op. Main thread. */
void power_stop(struct power *p);

#endif
