#include "fleet/central_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "fleet/central_db.h"

#define BUCKET_MS       (15 * 60 * 1000LL)  /* time zones change offset on quarter hours */
#define STEP_MS         (6 * 3600 * 1000LL) /* offsets are looked at this often, then bisected */
#define REPORT_WORK_MEM "256MB" /* per sort or hash of the report's query, this session */

static int64_t offset_ms(const struct tz *tz, int64_t bucket)
{
    return (int64_t)tz_offset(tz, bucket * (BUCKET_MS / 1000)) * 1000;
}

/* As report_read(): a play takes the offset in force at the start of its
 * quarter hour. */
char *central_report_local_sql(const struct tz *tz, int64_t from_ms, int64_t to_ms)
{
    int64_t b = from_ms / BUCKET_MS, last = to_ms / BUCKET_MS + 1;
    int64_t off = offset_ms(tz, b);
    const char *bucket_start = "(started_utc_ms / 900000 * 900000)";
    char *sql = xasprintf("%s + CASE", bucket_start);
    int n = 0;
    while (b < last) {
        int64_t next = b + STEP_MS / BUCKET_MS;
        if (next > last)
            next = last;
        if (offset_ms(tz, next) == off) {
            b = next;
            continue;
        }
        /* The first bucket of [b + 1, next] with another offset. */
        int64_t lo = b, hi = next;
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            if (offset_ms(tz, mid) == off)
                lo = mid;
            else
                hi = mid;
        }
        char *more = xasprintf("%s WHEN started_utc_ms < %lld THEN %lld", sql,
                               (long long)(hi * BUCKET_MS), (long long)off);
        free(sql);
        sql = more;
        n++;
        off = offset_ms(tz, hi);
        b = hi;
    }
    char *out = n ? xasprintf("%s ELSE %lld END", sql, (long long)off)
                  : xasprintf("%s + %lld", bucket_start, (long long)off);
    free(sql);
    return out;
}

/* The first and last start of the plays in o's range: the span the zone's
 * offsets are needed for. Returns 1 when there are plays, 0 when none,
 * -1 on error. */
static int span(PGconn *c, const char *const *params, int64_t *lo, int64_t *hi, char *err,
                size_t errlen)
{
    PGresult *r = central_db_exec(c, -1,
                                  "SELECT min(started_utc_ms), max(started_utc_ms)"
                                  " FROM signage.plays"
                                  " WHERE started_utc_ms >= $1 AND started_utc_ms < $2",
                                  2, params, err, errlen);
    if (!r)
        return -1;
    int have = !PQgetisnull(r, 0, 0);
    if (have) {
        *lo = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        *hi = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    }
    PQclear(r);
    return have;
}

/* Which fields the server groups by. */
struct grouping {
    bool use[N_REPORT_FIELDS];
};

/* Two steps: plays summed per (local day or hour, play key), numbers
 * only, which is what a scan of millions of plays can do fast; then those
 * sums joined to their keys and summed per group. The first step's groups
 * (days x keys: tens of thousands a month) want more than PostgreSQL's
 * default 4 MB of work_mem not to spill to disk: the report's session asks
 * for REPORT_WORK_MEM. */
static char *report_sql(const struct report_opts *o, const struct grouping *g, const char *local)
{
    bool hours = g->use[FIELD_HOUR];
    char *cols = xstrdup(""), *group = xstrdup("");
    int n = 0;
    for (int f = 0; f < N_REPORT_FIELDS; f++) {
        if (!g->use[f])
            continue;
        const char *col = f == FIELD_DAY        ? (hours ? "s.period / 24" : "s.period")
                          : f == FIELD_HOUR     ? "s.period % 24"
                          : f == FIELD_SCREEN   ? "k.screen_id"
                          : f == FIELD_CAMPAIGN ? "k.campaign"
                          : f == FIELD_ITEM     ? "k.item"
                                                : "k.language";
        char *more = xasprintf("%s%s, ", cols, col);
        free(cols);
        cols = more;
        more = xasprintf("%s%s%d", group, n ? ", " : " GROUP BY ", n + 1);
        free(group);
        group = more;
        n++;
    }
    char *period = hours               ? xasprintf("(%s) / 3600000", local)
                   : g->use[FIELD_DAY] ? xasprintf("(%s) / 86400000", local)
                                       : xstrdup("0");
    char *sql = xasprintf(
        "SELECT %s sum(s.plays), sum(s.complete), sum(s.partial), sum(s.errors),"
        " sum(s.interrupted), sum(s.shown), sum(s.impressions), sum(s.n_impressions)"
        " FROM (SELECT %s AS period, key_id, count(*) AS plays,"
        "  count(*) FILTER (WHERE status = 'complete') AS complete,"
        "  count(*) FILTER (WHERE status = 'partial') AS partial,"
        "  count(*) FILTER (WHERE status = 'error') AS errors,"
        "  count(*) FILTER (WHERE status NOT IN ('complete', 'partial', 'error')) AS interrupted,"
        "  coalesce(sum(shown_ms), 0) AS shown,"
        "  coalesce(sum(impressions) FILTER (WHERE status = 'complete'), 0) AS impressions,"
        "  count(impressions) FILTER (WHERE status = 'complete') AS n_impressions"
        "  FROM signage.plays"
        "  WHERE started_utc_ms >= $1 AND started_utc_ms < $2 AND status <> 'playing'%s"
        "  GROUP BY 1, 2) AS s"
        " JOIN signage.play_keys k USING (key_id)%s",
        cols, period,
        o->kind ? " AND key_id IN (SELECT key_id FROM signage.play_keys WHERE kind = $3)" : "",
        group);
    free(cols);
    free(group);
    free(period);
    return sql;
}

/* Hands each group of r to each(). */
static void emit(PGresult *r, const struct grouping *g, report_read_fn each, void *ctx)
{
    int n_cols = 0;
    for (int f = 0; f < N_REPORT_FIELDS; f++)
        n_cols += g->use[f];
    for (int i = 0; i < PQntuples(r); i++) {
        char day[16] = "", hour[8] = "";
        const char *fields[N_REPORT_FIELDS];
        int col = 0;
        for (int f = 0; f < N_REPORT_FIELDS; f++) {
            fields[f] = "";
            if (!g->use[f])
                continue;
            const char *v = PQgetvalue(r, i, col++);
            if (f == FIELD_DAY) {
                int y, m, d;
                tz_civil_from_days(strtoll(v, NULL, 10), &y, &m, &d);
                snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, d);
                fields[f] = day;
            } else if (f == FIELD_HOUR) {
                snprintf(hour, sizeof(hour), "%02d:00", atoi(v));
                fields[f] = hour;
            } else {
                fields[f] = v;
            }
        }
        struct report_row fig = {0};
        int64_t *counts[] = {&fig.plays,  &fig.complete,    &fig.partial,
                             &fig.errors, &fig.interrupted, &fig.shown_ms};
        for (int k = 0; k < 6; k++)
            *counts[k] = strtoll(PQgetvalue(r, i, n_cols + k), NULL, 10);
        fig.impressions = strtod(PQgetvalue(r, i, n_cols + 6), NULL);
        fig.n_impressions = strtoll(PQgetvalue(r, i, n_cols + 7), NULL, 10);
        if (fig.plays > 0) /* the one row of sums over nothing */
            each(ctx, fields, &fig);
    }
}

int central_report_read(const struct report_opts *o, report_read_fn each, void *ctx, char *err,
                        size_t errlen)
{
    char why[512], from[32], to[32];
    char *shown = central_db_url_redacted(o->dbs[0]), *local = NULL, *sql = NULL;
    PGresult *r = NULL;
    int rc = -1;
    PGconn *c = central_db_connect(o->dbs[0], -1, why, sizeof(why));
    if (!c || central_db_check(c, -1, why, sizeof(why)) < 0)
        goto fail;
    snprintf(from, sizeof(from), "%lld", (long long)(o->from_utc_ms ? o->from_utc_ms : INT64_MIN));
    snprintf(to, sizeof(to), "%lld", (long long)(o->to_utc_ms ? o->to_utc_ms : INT64_MAX));
    const char *params[] = {from, to, o->kind};
    int64_t lo = 0, hi = 0;
    int have = span(c, params, &lo, &hi, why, sizeof(why));
    if (have < 0)
        goto fail;
    if (have == 0) {
        rc = 0;
        goto out;
    }
    struct grouping g = {{false}};
    for (int i = 0; i < o->n_by; i++)
        g.use[o->by[i]] = true;
    if (o->charts)
        g.use[FIELD_DAY] = g.use[FIELD_CAMPAIGN] = true;
    PQclear(
        central_db_exec(c, -1, "SET work_mem = '" REPORT_WORK_MEM "'", 0, NULL, why, sizeof(why)));
    local = central_report_local_sql(o->tz, lo, hi);
    sql = report_sql(o, &g, local);
    r = central_db_exec(c, -1, sql, o->kind ? 3 : 2, params, why, sizeof(why));
    if (!r)
        goto fail;
    emit(r, &g, each, ctx);
    rc = 0;
    goto out;
fail:
    snprintf(err, errlen, "%s: %s", shown, why);
out:
    PQclear(r);
    PQfinish(c);
    free(sql);
    free(local);
    free(shown);
    return rc;
}
