/* alert_show: which alert is on screen, in which language, and when that
 * changes. Pure: the clock is passed in, no I/O, no SDL; the play loop
 * draws what it says and records each turn as a play of kind `alert`.
 *
 * The alerts shown (alert_filter.h) take turns of `cycle` each: every
 * alert in turn, and in each alert every <info> in the playlist's
 * languages in turn (alert_filter_infos()). While any of them is Extreme
 * and Immediate, only those take turns, full screen; otherwise the others
 * take turns in a band. Among themselves, the more severe first, then the
 * more urgent, then the latest sent. A turn ends early when its alert stops
 * being shown (it expired, was cancelled or superseded, left the feed). */
#ifndef SIGNAGE_ALERT_SHOW_H
#define SIGNAGE_ALERT_SHOW_H

#include <stdbool.h>
#include <stdint.h>

#include "alerts/alert_filter.h"
#include "alerts/cap.h"

#define ALERT_SHOW_MAX_TURNS 64

enum alert_mode { ALERT_OFF, ALERT_BAND, ALERT_FULL };

/* The turn on screen. Strings are owned by the alert_show and stay valid
 * until the turn ends (the next alert_show_tick() that reports it). */
struct alert_turn {
    char *identifier, *sender, *source;
    char *lang; /* the playlist's tag that matched, or the info's own */
    int info;   /* index of the <info> in the alert */
    int64_t started_ms;
    int64_t scheduled_ms; /* a cycle, or less when the alert expires sooner */
};

/* What one tick changed. */
struct alert_change {
    bool ended;   /* the turn in `last` left the screen */
    bool started; /* a new turn is on screen (alert_show_turn()) */
    enum alert_mode mode_was, mode;
    struct alert_turn last; /* the turn that ended: owned by the caller now */
};

struct alert_show;

/* Languages (n_langs tags, borrowed until destroy) in rotation order; each
 * turn lasts cycle_ms; rules borrowed too. */
struct alert_show *alert_show_create(const struct alert_rules *rules, char *const *langs,
                                     int n_langs, int64_t cycle_ms);

/* Takes other languages (borrowed, as at create) from the next turn on. */
void alert_show_languages(struct alert_show *sh, char *const *langs, int n_langs);

/* alert_show_destroy(NULL) is a no-op. */
void alert_show_destroy(struct alert_show *sh);

/* Replaces the set of alerts (taken: sh frees it). The turn on screen
 * stays if its alert is still in the set. */
void alert_show_set(struct alert_show *sh, struct cap_doc *set);

/* Moves on to what should be on screen at now_ms; ch says what changed
 * (free ch->last's strings with alert_turn_free() when ch->ended). */
void alert_show_tick(struct alert_show *sh, int64_t now_ms, struct alert_change *ch);

/* The mode now, and the turn on screen (NULL when ALERT_OFF) with its
 * alert and info, valid until the next alert_show_set() or tick. */
enum alert_mode alert_show_mode(const struct alert_show *sh);
const struct alert_turn *alert_show_turn(const struct alert_show *sh, const struct cap_alert **a,
                                         const struct cap_info **in);

/* Frees a turn's strings and zeroes it. */
void alert_turn_free(struct alert_turn *t);

#endif
