/* alert_filter: which CAP alerts are for this screen, now, and why the
 * others are not. Pure: the clock is passed in; no I/O; any thread.
 *
 * An alert is shown when all of these hold (the first that fails is its
 * reason): status Actual (Exercise and Test too with show_tests); msgType
 * Alert or Update; scope Public; no later Update or Cancel in the set
 * references it (sender and identifier); and at least one <info> is
 * effective, not expired (no <expires>: ALERT_DEFAULT_LIFE_MS after <sent>),
 * at or above both thresholds, and has an <area> covering the screen: one
 * of its geocodes is one of the screen's (a SAME code for a whole county,
 * 0SSCCC, also covers the screen's parts of it, PSSCCC), or the screen's
 * point lies inside one of its polygons or circles. */
#ifndef SIGNAGE_ALERT_FILTER_H
#define SIGNAGE_ALERT_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "alerts/cap.h"
#include "config/settings.h"

#define ALERT_DEFAULT_LIFE_MS (60 * 60 * 1000) /* an alert without <expires> */
#define ALERT_MAX_INFOS       64               /* infos of one alert that are judged */

/* What this screen accepts. */
struct alert_rules {
    char **geocodes; /* the screen's area, "SAME:006075"; NULL-ended, may be NULL */
    bool has_point;
    struct cap_point point; /* where the screen stands */
    enum cap_severity min_severity;
    enum cap_urgency min_urgency;
    bool show_tests; /* Exercise and Test messages too */
};

struct alert_verdict {
    bool shown;
    bool full_screen; /* an info passing is Extreme and Immediate */
    uint64_t infos;   /* bit i: info i passes */
    int64_t until_ms; /* shown until then (the latest expiry of the infos passing) */
    char why[320];    /* why not shown, "" when shown */
};

/* The rules of the config's alerts group; the geocodes are borrowed from s. */
void alert_filter_rules(const struct settings *s, struct alert_rules *r);

/* Judges the n alerts (a feed's set: Updates and Cancels apply across it)
 * at now_ms, one verdict per alert into out. */
void alert_filter_judge(const struct cap_alert *alerts, int n, const struct alert_rules *r,
                        int64_t now_ms, struct alert_verdict *out);

/* True when the screen's place is inside the area. */
bool alert_filter_covers(const struct cap_area *area, const struct alert_rules *r);

/* The infos of a (bits of mask) to show, in turn: for each of the n_langs
 * playlist languages in order, the first info in that language (its tag
 * equal to or a subtag of the playlist's, else the same primary language);
 * when the playlist names no language, every info of mask; when none
 * matches, the first info of mask. Fills up to max indexes into out and
 * returns how many; lang_out[k] (may be NULL) gets the playlist's tag that
 * matched, or the info's own. */
int alert_filter_infos(const struct cap_alert *a, uint64_t mask, char *const *langs, int n_langs,
                       int *out, const char **lang_out, int max);

/* The highest severity and urgency among the infos of a in mask (bit i:
 * info i; ~0 = all). */
void alert_filter_levels(const struct cap_alert *a, uint64_t mask, enum cap_severity *severity,
                         enum cap_urgency *urgency);

/* True when language tags x and y name the same language ("en" and
 * "en-US"; "zh-Hant" and "zh-Hant-TW"), case-insensitive. */
bool alert_filter_lang_match(const char *x, const char *y, bool primary_only);

#endif
