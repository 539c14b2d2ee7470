/* alerting: emergency alerts in the play loop. Owns the feed thread
 * (alert_feed.h), the turns of alerts and languages (alert_show.h) and the
 * card on screen; records each turn as a play of kind `alert` whose item is
 * the CAP identifier, campaign the sender, media the file or URL it came
 * from. It never cuts the rotation itself: it says when the mode changed
 * and the loop does the rest. Main thread (SDL); the feed's thread does the
 * network and the disk. */
#ifndef SIGNAGE_ALERTING_H
#define SIGNAGE_ALERTING_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "alerts/alert_feed.h"
#include "alerts/alert_show.h"
#include "config/settings.h"
#include "lineup/lineup.h"
#include "loop/plays.h"

#define ALERTING_POLL_MS 250 /* how often the feed's newest set and the clock are looked at */

struct alerting {
    struct alert_feed *feed; /* NULL: alerts are off */
    struct alert_show *show;
    struct alert_rules rules;
    char **langs; /* the playlist's languages, copied at start */
    int n_langs;
    SDL_Texture *card; /* the turn on screen, NULL = none */
    char play_id[PLAYLOG_ID_SIZE];
    int64_t next_poll_ms;
};

/* What one tick changed, for the loop. */
struct alerting_change {
    bool mode_changed; /* off, band, full screen: the screen must be planned again */
    bool redraw;       /* a new card is due: alerting_draw() */
};

/* Starts the feed thread when the config has alerts.feed; langs are pl's.
 * Zeroes al either way. */
void alerting_start(struct alerting *al, const struct settings *s, const struct playlist *pl);

/* A reload's playlist: its languages from the next turn on. */
void alerting_languages(struct alerting *al, const struct playlist *pl);

/* At most every ALERTING_POLL_MS: takes the feed's newest set, ends the
 * turn whose time is up (its play recorded) and starts the next one. */
void alerting_tick(struct alerting *al, struct plays *p, const struct lineup *l, int64_t wall_ms,
                   struct alerting_change *ch);

/* Draws the card of the turn on screen for a w x h box (tz: the "until"
 * time on it). */
void alerting_draw(struct alerting *al, SDL_Renderer *rr, struct fonts *fonts, const struct tz *tz,
                   int w, int h);

enum alert_mode alerting_mode(const struct alerting *al);

/* Ends the turn on screen (its play recorded as it stands), stops the
 * thread and frees everything. */
void alerting_end(struct alerting *al, struct plays *p, const struct lineup *l, int64_t wall_ms);

#endif
