/* when: the time window of a playlist or an item ("when = { from; until;
 * days; hours; }"), read in the screen's local time.
 *
 * Dates are inclusive local dates: until = "2026-03-31" ends at local
 * midnight between the 31st and April 1st. Hour ranges are wall-clock
 * ranges, end excluded, and may cross midnight ("22:00-02:00"); the part
 * after midnight belongs to the day the range started, so days = ["fri"]
 * with "22:00-02:00" plays Friday 22:00 to Saturday 02:00. Because the test
 * is on the wall clock, a 01:00-03:00 range lasts one hour of real time on
 * a spring-forward night and three on a fall-back night. Pure functions. */
#ifndef SIGNAGE_WHEN_H
#define SIGNAGE_WHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/tz.h"

#define WHEN_MAX_HOURS 8
#define WHEN_ALL_DAYS  0x7f

struct when_hours {
    int from_min;  /* minutes after local midnight, 0..1439 */
    int until_min; /* 1..1440; less than from_min when the range crosses midnight */
};

struct when {
    bool set;          /* false: always (the other fields are then open) */
    int64_t from_day;  /* first local date, days since 1970-01-01; INT64_MIN = open */
    int64_t until_day; /* last local date, inclusive; INT64_MAX = open */
    uint8_t days;      /* bit 0 = Sunday .. bit 6 = Saturday */
    int n_hours;       /* 0 = all day */
    struct when_hours hours[WHEN_MAX_HOURS];
};

/* A window that is always open. */
struct when when_always(void);

/* "YYYY-MM-DD" -> days since 1970-01-01. Returns 0, or -1 if not a real date. */
int when_parse_date(const char *s, int64_t *days);

/* "mon".."sun" (or "monday".."sunday") -> 0 = Sunday .. 6. Returns 0 or -1. */
int when_parse_day(const char *s, int *wday);

/* "HH:MM-HH:MM" (24:00 allowed as an end) -> a range. Returns 0, or -1 if
 * malformed or empty. */
int when_parse_hours(const char *s, struct when_hours *h);

/* Whether the window is open at local time l. */
bool when_contains(const struct when *w, const struct tz_local *l);

/* Minutes per week the window is open, ignoring dates: smaller is more
 * specific. 10080 for an always-open window. */
int when_week_minutes(const struct when *w);

/* Writes the window as the playlist would ("from=2026-01-01 until=... days=mon,tue
 * hours=06:00-10:00"), "always" when not set. Returns buf. */
char *when_format(const struct when *w, char *buf, size_t size);

#endif
