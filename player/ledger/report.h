/* report: proof-of-play figures from one or more ledgers.
 *
 * report_build() reads the ledgers (read-only, never blocking a player that
 * writes them: WAL readers), merges them by play UUID so that the same play
 * counts once however many copies hold it, and groups the plays by the
 * fields asked for, in the time zone opts.tz (the screen's). report_write() renders the result as a
 * table, CSV, JSON or a self-contained HTML page with charts. */
#ifndef SIGNAGE_REPORT_H
#define SIGNAGE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/tz.h"

enum report_field {
    FIELD_DAY,      /* local date, YYYY-MM-DD */
    FIELD_HOUR,     /* local hour of the day, HH:00 */
    FIELD_SCREEN,   /* screen_id */
    FIELD_CAMPAIGN, /* campaign */
    FIELD_ITEM,     /* item id */
    FIELD_LANGUAGE, /* language tag */
    N_REPORT_FIELDS
};

enum report_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_HTML };

struct report_opts {
    const char *const *dbs; /* ledger files; the same play in several counts once */
    int n_dbs;
    int64_t from_utc_ms;                   /* plays that started at or after, 0 = no limit */
    int64_t to_utc_ms;                     /* plays that started before, 0 = no limit */
    const char *from_date;                 /* as given, for the heading, or NULL */
    const char *to_date;                   /* as given (inclusive), or NULL */
    enum report_field by[N_REPORT_FIELDS]; /* grouping, in this order */
    int n_by;
    const char *kind;     /* "ad", "notice", "filler", "interaction", or NULL for all plays
                             (every kind but interaction: kiosk page views are not plays) */
    const struct tz *tz;  /* the zone days and hours are in (not owned) */
    const char *timezone; /* its name, as stated in the report */
    bool charts;          /* also total by day and by campaign (for HTML) */
};

/* Figures of one group. Only complete plays count as plays for invoicing;
 * impressions are those of complete plays. */
struct report_row {
    char *fields[N_REPORT_FIELDS]; /* the group's values; NULL for fields not grouped by */
    int64_t plays; /* every closed play: complete + partial + errors + interrupted */
    int64_t complete, partial, errors, interrupted;
    int64_t shown_ms;      /* on screen, all plays */
    double impressions;    /* sum over complete plays */
    int64_t n_impressions; /* complete plays that had an impressions figure */
};

struct report_table {
    struct report_row *rows; /* sorted by the grouping fields */
    int n_rows, cap_rows;
    int *slots; /* hash index into rows, -1 = empty */
    int n_slots;
};

struct report {
    struct report_table groups;
    struct report_row total;
    struct report_table by_day, by_campaign; /* when opts.charts */
};

/* Reads and groups. Returns a report owned by the caller (report_free), or
 * NULL with one line in err naming the ledger and the reason. */
struct report *report_build(const struct report_opts *o, char *err, size_t errlen);

/* report_free(NULL) is a no-op. */
void report_free(struct report *r);

/* Writes r to fp in the format asked for. Returns 0, or -1 on a write error. */
int report_write(const struct report *r, const struct report_opts *o, enum report_format format,
                 FILE *fp);

/* Parses "day,campaign,item" into by/n_by. Returns 0, or -1 naming the bad
 * field in err. */
int report_fields_parse(const char *list, enum report_field *by, int *n_by, char *err,
                        size_t errlen);

/* "day", "hour", "screen", "campaign", "item", "language". */
const char *report_field_name(enum report_field f);

/* Parses "table", "csv", "json" or "html". Returns 0 or -1. */
int report_format_parse(const char *name, enum report_format *out);

/* Writes s to fp with HTML's special characters escaped. */
void report_html_text(FILE *fp, const char *s);

/* Local midnight in zone tz starting the date "YYYY-MM-DD", plus days, as
 * UTC milliseconds. Returns 0, or -1 when date is not a date. */
int report_date_parse(const struct tz *tz, const char *date, int days, int64_t *utc_ms);

#endif
