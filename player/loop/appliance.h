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
#include "loop/plays.h"
#include "loop/slot.h"
#include "loop/stage.h"
#include "loop/zone.h"

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

/* The loop's plays, which the dark hours end and let start again. */
struct appliance_loop {
    struct slot *cur, *next;
    struct plays *plays;
    const struct lineup *live;
    struct zone *zone;
    struct stage *stage;
};

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

/* The screen hours are over: the play on screen (cur, when showing) ends,
 * both slots are emptied, the notice zone's play ends, the screen shows
 * black and the screensaver is let be (SDL would wake a panel that DPMS put
 * to sleep). Nothing is scheduled or recorded until appliance_go_light().
 * Returns the plays ended (0 or 1). */
int appliance_go_dark(struct appliance *ap, const struct appliance_loop *l, bool showing,
                      int64_t now_us);

/* The screen hours begin: the notice zone plays again (unless covered, by
 * a full-screen alert); the loop readies the next play as at start. */
void appliance_go_light(struct appliance *ap, const struct appliance_loop *l, bool covered,
                        int64_t now_us);

/* When a screenshot is due: reads back what sc draws (the renderer's own
 * picture) and hands it to the screenshot thread, named with play_id. */
void appliance_capture(struct appliance *ap, struct stage *st, const struct stage_scene *sc,
                       const char *play_id, int64_t now_us);

/* Tells systemd the player is stopping, writes the last status, stops the
 * threads; screenshots written meanwhile are recorded in ledger. */
void appliance_stop(struct appliance *ap, struct playlog *ledger);

#endif
