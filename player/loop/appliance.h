/* appliance: the play loop's side of the device parts - it tells systemd
 * when the first picture is up and, while the loop is healthy, that it is
 * alive; posts the status file; darkens and lights the panel by the screen
 * hours; takes screenshots and records them, and the panel's off and on,
 * in the ledger. It only posts to and polls the device threads, never waits
 * on them. Main thread. */
#ifndef SIGNAGE_APPLIANCE_H
#define SIGNAGE_APPLIANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/notify.h"
#include "base/tz.h"
#include "config/settings.h"
#include "device/power.h"
#include "device/shots.h"
#include "device/status.h"
#include "device/supervise.h"
#include "ledger/playlog.h"
#include "loop/slot.h"

#define APPLIANCE_CHECK_US 1000000 /* screen hours and the status, looked at this often */

struct appliance {
    const struct settings *s;
    struct notify *notify; /* NULL: not under systemd */
    struct supervise sup;
    struct status_writer *status;
    struct status_info info;
    struct power *power; /* NULL: no screen hours */
    struct shots *shots; /* NULL: no screenshots */
    bool ready_sent;
    bool dark;                          /* the panel is dark by the screen hours */
    int64_t change_utc_ms;              /* when the last off or on was decided, for its event */
    int64_t next_check_us;              /* next look at the screen hours and the status */
    int64_t plays_seen;                 /* plays ended in this run, as last counted */
    int64_t today;                      /* the local day plays_today counts */
    char on_screen_id[PLAYLOG_ID_SIZE]; /* the play STATUS= last named */
};

/* What the loop shows the appliance each turn. */
struct appliance_view {
    const struct slot *cur; /* the rotation's play */
    bool showing;           /* cur is on screen (not over, waiting for the next) */
    int64_t picture_late_us;
    int64_t plays_ended; /* plays ended since start */
    const struct tz *tz; /* the screen's time zone */
    struct playlog *ledger;
};

enum appliance_event { APPLIANCE_NONE, APPLIANCE_DARK, APPLIANCE_LIGHT };

/* Reads the notify socket from the environment. Call before any thread starts. */
void appliance_init(struct appliance *ap, const struct settings *s);

/* Asks SDL for the video driver of display.driver (a list SDL tries in
 * turn), unless $SDL_VIDEODRIVER chooses, or headless (dummy). Before SDL_Init. */
void appliance_video_hint(const struct settings *s, bool headless);

/* After SDL_Init: starts the status file, the screen power and the
 * screenshots as configured. driver is SDL's video driver in use. */
void appliance_start(struct appliance *ap, const char *ledger_path, const char *driver,
                     int64_t now_us);

/* The first picture is on screen: READY=1. */
void appliance_first_picture(struct appliance *ap, const struct appliance_view *v);

/* One turn: watchdog ping, STATUS=, status file, screen hours, results of
 * the device threads into the ledger. Returns APPLIANCE_DARK when the panel
 * must go dark now, APPLIANCE_LIGHT when it must light again. */
enum appliance_event appliance_tick(struct appliance *ap, const struct appliance_view *v,
                                    int64_t now_us);

/* Whether a screenshot is due; appliance_shot() hands one over (rgb is taken). */
bool appliance_shot_due(const struct appliance *ap, int64_t now_us);
void appliance_shot(struct appliance *ap, uint8_t *rgb, int w, int h, const char *play_id,
                    int64_t now_us);

/* Tells systemd the player is stopping, writes the last status, stops the
 * threads; screenshots written meanwhile are recorded in ledger. */
void appliance_stop(struct appliance *ap, struct playlog *ledger);

#endif
