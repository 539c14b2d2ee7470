/* audience: impressions per play from the screen's audience figures.
 * Pure functions: no I/O, no clock; the caller passes the hour and the
 * durations, so the formulas can be tested and frozen into a play's row. */
#ifndef SIGNAGE_AUDIENCE_H
#define SIGNAGE_AUDIENCE_H

#include <stdbool.h>

enum audience_method {
    AUDIENCE_PRORATED, /* per_hour / 3600 x seconds on screen */
    AUDIENCE_DWELL,    /* per_hour / plays of the loop per hour */
};

struct audience {
    int n_per_hour;      /* 0 = no audience configured, 1 = all day, 24 = by hour */
    double per_hour[24]; /* people who see the screen per hour; [0] when all day */
    enum audience_method method;
};

/* Parses "prorated" or "dwell". Returns 0, or -1 when unknown. */
int audience_method_parse(const char *name, enum audience_method *out);

/* Impressions of one play that started at local_hour (0..23) and was on
 * screen for shown_s seconds, in a loop that takes loop_s seconds to play
 * through once. Returns a value >= 0, or -1 when there is no audience
 * (n_per_hour == 0) or the method's input is unknown (dwell with loop_s <= 0);
 * the ledger then leaves the play's impressions empty. */
double audience_impressions(const struct audience *au, int local_hour, double shown_s,
                            double loop_s);

#endif
