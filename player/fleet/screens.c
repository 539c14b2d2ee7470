#include "fleet/screens.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "fleet/central_db.h"

int screens_duration_parse(const char *s, int64_t *seconds)
{
    char *end = NULL;
    if (!s || s[0] < '0' || s[0] > '9')
        return -1;
    long long v = strtoll(s, &end, 10);
    static const struct {
        const char *unit;
        int64_t s;
    } units[] = {{"", 1}, {"s", 1}, {"m", 60}, {"min", 60}, {"h", 3600}, {"d", 86400}};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcmp(end, units[i].unit) == 0 && v > 0 && v < INT64_MAX / units[i].s) {
            *seconds = v * units[i].s;
            return 0;
        }
    }
    return -1;
}

void screens_duration_format(int64_t s, char *buf, size_t n)
{
    if (s < 60)
        snprintf(buf, n, "%lld s", (long long)(s < 0 ? 0 : s));
    else if (s < 3600)
        snprintf(buf, n, "%lld min", (long long)(s / 60));
    else if (s < 86400)
        snprintf(buf, n, "%lld h %lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
    else
        snprintf(buf, n, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
}

#define N_COLS 9

static const char *const headings[N_COLS] = {"screen",  "last seen (UTC)", "ago",
                                             "state",   "backlog",         "player",
                                             "content", "on screen",       "last error"};

static const char list_sql[] =
    "SELECT screen_id, to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " greatest(0, extract(epoch FROM now() - last_seen))::bigint, backlog, player_version,"
    " content_version, on_screen, last_error FROM signage.screens ORDER BY screen_id";

/* One line: the table's columns padded (the last one not), or CSV. */
static void put_row(FILE *fp, enum screens_format format, char *const *v, const int *width)
{
    for (int c = 0; c < N_COLS; c++) {
        if (format == SCREENS_CSV)
            csv_field_write(fp, v[c], c + 1 == N_COLS);
        else if (c + 1 < N_COLS)
            fprintf(fp, "%-*s  ", width[c], v[c]);
        else
            fprintf(fp, "%s\n", v[c]);
    }
}

int screens_list(const char *url, int64_t stale_s, enum screens_format format, FILE *fp,
                 int *n_stale, char *err, size_t errlen)
{
    char why[512];
    char *shown = central_db_url_redacted(url);
    PGresult *r = NULL;
    char **cells = NULL;
    int rc = -1, n = 0;
    *n_stale = 0;
    PGconn *c = central_db_connect(url, -1, why, sizeof(why));
    if (!c || central_db_check(c, -1, why, sizeof(why)) < 0 ||
        !(r = central_db_exec(c, -1, list_sql, 0, NULL, why, sizeof(why)))) {
        snprintf(err, errlen, "%s: %s", shown, why);
        goto out;
    }
    n = PQntuples(r);
    cells = xcalloc((size_t)(n + 1) * N_COLS, sizeof(char *));
    int width[N_COLS] = {0};
    for (int col = 0; col < N_COLS; col++)
        cells[col] = xstrdup(headings[col]);
    for (int i = 0; i < n; i++) {
        char **v = &cells[(i + 1) * N_COLS];
        int64_t ago = strtoll(PQgetvalue(r, i, 2), NULL, 10);
        char ago_text[32];
        screens_duration_format(ago, ago_text, sizeof(ago_text));
        bool stale = ago > stale_s;
        *n_stale += stale;
        v[0] = xstrdup(PQgetvalue(r, i, 0));
        v[1] = xstrdup(PQgetvalue(r, i, 1));
        v[2] = xstrdup(ago_text);
        v[3] = xstrdup(stale ? "STALE" : "ok");
        for (int col = 4; col < N_COLS; col++)
            v[col] = xstrdup(PQgetisnull(r, i, col - 1) ? "" : PQgetvalue(r, i, col - 1));
    }
    for (int i = 0; i <= n; i++)
        for (int col = 0; col < N_COLS; col++) {
            int w = (int)strlen(cells[i * N_COLS + col]);
            width[col] = w > width[col] ? w : width[col];
        }
    for (int i = 0; i <= n; i++)
        put_row(fp, format, &cells[i * N_COLS], width);
    if (format == SCREENS_TABLE) {
        char limit[32];
        screens_duration_format(stale_s, limit, sizeof(limit));
        fprintf(fp, "%d screen%s, %d not seen for more than %s\n", n, n == 1 ? "" : "s", *n_stale,
                limit);
    }
    rc = ferror(fp) ? -1 : 0;
    if (rc < 0)
        snprintf(err, errlen, "cannot write the list");
out:
    for (int i = 0; cells && i < (n + 1) * N_COLS; i++)
        free(cells[i]);
    free(cells);
    PQclear(r);
    PQfinish(c);
    free(shown);
    return rc;
}
