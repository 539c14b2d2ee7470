/* help: the kiosk (kiosk/kiosk.h) in the play loop. A touch, click or key
 * cuts the play on screen (it is recorded `partial`) and holds the
 * rotation while the help flow is open; a quick exit or the idle time
 * lets the rotation go on with the play readied next. Page views go to the
 * ledger as `interaction` rows, one per view, stamped with the hour's start,
 * written when the hour turns and at the end. Main thread. */
#ifndef SIGNAGE_HELP_H
#define SIGNAGE_HELP_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/settings.h"
#include "kiosk/kiosk.h"
#include "lineup/lineup.h"
#include "loop/plays.h"
#include "loop/slot.h"

struct help {
    struct kiosk_flow *flow;      /* loaded, until help_start() hands it to the kiosk */
    struct kiosk *kiosk;          /* NULL: no kiosk on this screen */
    bool quick_exit;              /* a quick exit the loop has not acted on yet */
    struct schedule_pick last_ad; /* the last ad put on screen, for a quick exit */
    bool has_last_ad;
};

/* Reads the kiosk group of the playlist file or of the config (s->path).
 * Returns 0 (h->flow NULL when there is none), or -1 after adding the
 * group's problems, with file and line, to d. */
int help_load(struct help *h, const struct settings *s, const char *playlist_path,
              const struct lineup *l, struct diag *d);

/* Puts the kiosk on screen in box once the window and fonts exist. */
void help_start(struct help *h, struct render *r, struct fonts *fonts, const SDL_Rect *box,
                double mm_per_px);

/* True while the help flow is on screen. */
bool help_is_open(const struct help *h);

/* Gives ev to the kiosk. Returns true when it took it (the screen needs
 * drawing); cur, the play on screen, is cut when the flow opens. */
bool help_event(struct help *h, const SDL_Event *ev, struct slot *cur, const struct lineup *l);

/* The idle timeout and the hour's counts. Returns true when the flow
 * closed (the rotation goes on: draw again). */
bool help_tick(struct help *h, struct plays *p, const struct lineup *l);

/* sl went on screen: an ad is remembered for a quick exit. */
void help_played(struct help *h, const struct slot *sl);

/* A reload: the ad remembered was a pick of the old lineup. */
void help_forget(struct help *h);

/* Once after each quick exit (several in one turn count once): the ad to
 * ready instead of next when next is not an ad - the last ad that played,
 * from its start - so that an ordinary ad shows, not the help the viewer
 * just left. NULL otherwise (next is an ad, no ad has played, no exit). */
const struct schedule_pick *help_exit_ad(struct help *h, const struct slot *next);

/* Writes the counts still held and closes the kiosk. */
void help_end(struct help *h, struct plays *p, const struct lineup *l);

#endif
