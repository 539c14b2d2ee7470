#include "ledger/report_dark.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/tz.h"
#include "base/util.h"
#include "ledger/ledger_db.h"

struct event {
    char *id, *screen;
    int64_t utc_ms;
    bool on;
};

struct dark_day {
    char *screen;
    int64_t day; /* local days since 1970-01-01 */
    int64_t ms;
};

struct dark {
    struct event *ev;
    int n_ev, cap_ev;
    struct dark_day *days;
    int n_days, cap_days;
};

static int read_events(struct dark *d, const char *path, char *err, size_t errlen)
{
    char why[256];
    sqlite3 *db = ledger_db_open_read(path, why, sizeof(why));
    if (!db) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    sqlite3_stmt *st = NULL;
    /* A ledger from before the screen hours has no such table: no events. */
    if (sqlite3_prepare_v2(db, "SELECT event_id, screen_id, utc_ms, state FROM screen_events", -1,
                           &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (d->n_ev == d->cap_ev)
                d->ev = xrealloc(d->ev, (size_t)(d->cap_ev = d->cap_ev ? d->cap_ev * 2 : 64) *
                                            sizeof(*d->ev));
            struct event *e = &d->ev[d->n_ev++];
            e->id = xstrdup((const char *)sqlite3_column_text(st, 0));
            e->screen = xstrdup((const char *)sqlite3_column_text(st, 1));
            e->utc_ms = sqlite3_column_int64(st, 2);
            e->on = strcmp((const char *)sqlite3_column_text(st, 3), "on") == 0;
        }
    }
    sqlite3_finalize(st);
    ledger_db_close(db);
    return 0;
}

static int cmp_event(const void *pa, const void *pb)
{
    const struct event *a = pa, *b = pb;
    int c = strcmp(a->screen, b->screen);
    if (c)
        return c;
    if (a->utc_ms != b->utc_ms)
        return a->utc_ms < b->utc_ms ? -1 : 1;
    return strcmp(a->id, b->id);
}

static void add_ms(struct dark *d, const char *screen, int64_t day, int64_t ms)
{
    for (int i = d->n_days - 1; i >= 0; i--) {
        if (d->days[i].day == day && strcmp(d->days[i].screen, screen) == 0) {
            d->days[i].ms += ms;
            return;
        }
    }
    if (d->n_days == d->cap_days)
        d->days = xrealloc(d->days, (size_t)(d->cap_days = d->cap_days ? d->cap_days * 2 : 32) *
                                        sizeof(*d->days));
    d->days[d->n_days++] = (struct dark_day){xstrdup(screen), day, ms};
}

/* A dark stretch [a, b), split at the zone's local midnights. */
static void add_stretch(struct dark *d, const struct tz *tz, const char *screen, int64_t a,
                        int64_t b)
{
    while (a < b) {
        int64_t day = tz_local_fields(tz, a / 1000).days;
        int64_t next = tz_to_utc(tz, (day + 1) * 86400, NULL) * 1000;
        int64_t end = next < b && next > a ? next : b;
        add_ms(d, screen, day, end - a);
        a = end;
    }
}

static int cmp_day(const void *pa, const void *pb)
{
    const struct dark_day *a = pa, *b = pb;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return strcmp(a->screen, b->screen);
}

int report_dark_write(const struct report_opts *o, enum report_format format, int64_t now_utc_ms,
                      FILE *fp, char *err, size_t errlen)
{
    struct dark d = {0};
    int rc = -1;
    if (format == FORMAT_HTML) {
        snprintf(err, errlen, "--dark: the format must be table, csv or json");
        return -1;
    }
    for (int i = 0; i < o->n_dbs; i++)
        if (read_events(&d, o->dbs[i], err, errlen) < 0)
            goto out;
    if (d.n_ev > 1)
        qsort(d.ev, (size_t)d.n_ev, sizeof(*d.ev), cmp_event);
    int64_t lo = o->from_utc_ms, hi = o->to_utc_ms ? o->to_utc_ms : now_utc_ms;
    for (int i = 0; i < d.n_ev; i++) {
        struct event *e = &d.ev[i];
        if (i > 0 && strcmp(e->id, d.ev[i - 1].id) == 0)
            continue; /* the same event from another copy of the ledger */
        if (e->on)
            continue;
        int j = i + 1;
        while (j < d.n_ev && strcmp(d.ev[j].id, e->id) == 0)
            j++;
        bool same = j < d.n_ev && strcmp(d.ev[j].screen, e->screen) == 0;
        int64_t a = e->utc_ms, b = same ? d.ev[j].utc_ms : now_utc_ms;
        if (a < lo)
            a = lo;
        if (b > hi)
            b = hi;
        if (a < b)
            add_stretch(&d, o->tz, e->screen, a, b);
    }
    if (d.n_days > 1)
        qsort(d.days, (size_t)d.n_days, sizeof(*d.days), cmp_day);
    if (format == FORMAT_JSON) {
        fputs("{\"timezone\": ", fp);
        json_put_string(fp, o->timezone);
        fputs(", \"dark\": [", fp);
    } else if (format == FORMAT_CSV) {
        fputs("day,screen,hours_dark\n", fp);
    } else {
        fprintf(fp, "Hours dark by the screen hours, per day (time zone %s)\n\n", o->timezone);
        fprintf(fp, "%-10s  %-24s  %10s\n", "day", "screen", "hours dark");
    }
    for (int i = 0; i < d.n_days; i++) {
        int y, m, dd;
        tz_civil_from_days(d.days[i].day, &y, &m, &dd);
        char day[16];
        snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, dd);
        double h = d.days[i].ms / 3.6e6;
        if (format == FORMAT_JSON) {
            fprintf(fp, "%s\n  {\"day\": \"%s\", \"screen\": ", i ? "," : "", day);
            json_put_string(fp, d.days[i].screen);
            fprintf(fp, ", \"hours_dark\": %.3f}", h);
        } else if (format == FORMAT_CSV) {
            fprintf(fp, "%s,%s,%.3f\n", day, d.days[i].screen, h);
        } else {
            fprintf(fp, "%-10s  %-24s  %10.2f\n", day, d.days[i].screen, h);
        }
    }
    if (format == FORMAT_JSON)
        fputs("]}\n", fp);
    else if (format == FORMAT_TABLE && d.n_days == 0)
        fputs("(no dark hours recorded)\n", fp);
    rc = ferror(fp) ? -1 : 0;
    if (rc < 0)
        snprintf(err, errlen, "cannot write the report");
out:
    for (int i = 0; i < d.n_ev; i++) {
        free(d.ev[i].id);
        free(d.ev[i].screen);
    }
    free(d.ev);
    for (int i = 0; i < d.n_days; i++)
        free(d.days[i].screen);
    free(d.days);
    return rc;
}
