#include "device/supervise.h"

#include <stdio.h>

void supervise_init(struct supervise *s, int64_t watchdog_us, int64_t now_us)
{
    *s = (struct supervise){.interval_us = watchdog_us / 2, .next_ping_us = now_us};
}

const char *supervise_check(const struct supervise_health *h, char *why, size_t size)
{
    why[0] = '\0';
    if (h->picture_late_us >= SUPERVISE_PICTURE_LATE_US)
        snprintf(why, size, "the video on screen has had no new picture for %.1f s",
                 h->picture_late_us / 1e6);
    else if (h->ledger_stuck_us >= SUPERVISE_LEDGER_STUCK_US)
        snprintf(why, size, "the ledger thread has been stuck in one write for %.0f s",
                 h->ledger_stuck_us / 1e6);
    return why;
}

enum supervise_action supervise_tick(struct supervise *s, const struct supervise_health *h,
                                     int64_t now_us)
{
    if (s->interval_us <= 0 || now_us < s->next_ping_us)
        return SUPERVISE_NOTHING;
    char why[sizeof(s->why)];
    if (supervise_check(h, why, sizeof(why))[0]) {
        bool first = !s->held;
        s->held = true;
        snprintf(s->why, sizeof(s->why), "%s", why);
        s->next_ping_us = now_us + s->interval_us / 4; /* look again soon */
        return first ? SUPERVISE_HOLD : SUPERVISE_NOTHING;
    }
    s->next_ping_us = now_us + s->interval_us;
    if (s->held) {
        s->held = false;
        s->why[0] = '\0';
        return SUPERVISE_RESUME;
    }
    return SUPERVISE_PING;
}
