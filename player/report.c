#include "report.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger_db.h"
#include "util.h"

#define TZ_BUCKET_MS (15 * 60 * 1000) /* time zones change offset on quarter hours */
#define TZ_SLOTS     256

/* Local day and hour of UTC times, cached per quarter hour: reports read
 * millions of rows in time order and localtime_r() is slow. */
struct tz_cache {
    struct {
        int64_t bucket;
        char day[16];
        char hour[8];
    } slot[TZ_SLOTS];
};

static const char *const field_names[N_REPORT_FIELDS] = {"day",      "hour", "screen",
                                                         "campaign", "item", "language"};

const char *report_field_name(enum report_field f)
{
    return f >= 0 && f < N_REPORT_FIELDS ? field_names[f] : "?";
}

int report_fields_parse(const char *list, enum report_field *by, int *n_by, char *err,
                        size_t errlen)
{
    char *copy = xstrdup(list), *save = NULL;
    int n = 0, rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int f = 0;
        while (f < N_REPORT_FIELDS && strcmp(tok, field_names[f]) != 0)
            f++;
        bool repeated = false;
        for (int i = 0; i < n; i++)
            repeated |= by[i] == (enum report_field)f;
        if (f == N_REPORT_FIELDS || repeated) {
            snprintf(err, errlen, "\"%s\" is %s", tok,
                     repeated ? "given twice"
                              : "not one of day, hour, screen, campaign, item, language");
            rc = -1;
            goto out;
        }
        by[n++] = (enum report_field)f;
    }
    *n_by = n;
out:
    free(copy);
    return rc;
}

int report_format_parse(const char *name, enum report_format *out)
{
    static const char *const names[] = {"table", "csv", "json", "html"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum report_format)i;
            return 0;
        }
    }
    return -1;
}

int report_date_parse(const char *date, int days, int64_t *utc_ms)
{
    struct tm tm = {0};
    char tail;
    if (sscanf(date, "%4d-%2d-%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tail) != 3 ||
        tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_year < 1970 ||
        strlen(date) != 10)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_isdst = -1; /* mktime works out whether summer time applies */
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return -1;
    *utc_ms = (int64_t)t * 1000;
    return 0;
}

/* ---- groups: a hash table of rows keyed by their field values ---- */

static uint64_t hash_fields(const char *const *v)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (int f = 0; f < N_REPORT_FIELDS; f++) {
        for (const char *p = v[f] ? v[f] : ""; *p; p++)
            h = (h ^ (uint8_t)*p) * 1099511628211ULL;
        h = (h ^ 0x1f) * 1099511628211ULL;
    }
    return h;
}

static bool same_fields(char *const *a, const char *const *b)
{
    for (int f = 0; f < N_REPORT_FIELDS; f++) {
        if (!a[f] != !b[f] || (a[f] && strcmp(a[f], b[f]) != 0))
            return false;
    }
    return true;
}

static void table_grow(struct report_table *t)
{
    int n_slots = t->n_slots ? t->n_slots * 2 : 256;
    free(t->slots);
    t->slots = xcalloc((size_t)n_slots, sizeof(int));
    t->n_slots = n_slots;
    for (int i = 0; i < n_slots; i++)
        t->slots[i] = -1;
    for (int r = 0; r < t->n_rows; r++) {
        uint64_t h = hash_fields((const char *const *)t->rows[r].fields);
        int s = (int)(h & (uint64_t)(n_slots - 1));
        while (t->slots[s] >= 0)
            s = (s + 1) & (n_slots - 1);
        t->slots[s] = r;
    }
}

/* The row of these field values, added (zeroed) when new. */
static struct report_row *table_row(struct report_table *t, const char *const *v)
{
    if ((t->n_rows + 1) * 2 > t->n_slots)
        table_grow(t);
    uint64_t h = hash_fields(v);
    int s = (int)(h & (uint64_t)(t->n_slots - 1));
    for (; t->slots[s] >= 0; s = (s + 1) & (t->n_slots - 1)) {
        struct report_row *r = &t->rows[t->slots[s]];
        if (same_fields(r->fields, v))
            return r;
    }
    if (t->n_rows == t->cap_rows) {
        t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 64;
        t->rows = xrealloc(t->rows, (size_t)t->cap_rows * sizeof(t->rows[0]));
    }
    struct report_row *r = &t->rows[t->n_rows];
    memset(r, 0, sizeof(*r));
    for (int f = 0; f < N_REPORT_FIELDS; f++)
        r->fields[f] = xstrdup(v[f]);
    t->slots[s] = t->n_rows++;
    return r;
}

static void table_free(struct report_table *t)
{
    for (int r = 0; r < t->n_rows; r++)
        for (int f = 0; f < N_REPORT_FIELDS; f++)
            free(t->rows[r].fields[f]);
    free(t->rows);
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

/* Sorting: each row's values in the grouping order, so that the comparison
 * needs no context. */
struct sort_key {
    const char *v[N_REPORT_FIELDS]; /* in --by order; NULL past n_by */
    int row;
};

static int sort_key_cmp(const void *pa, const void *pb)
{
    const struct sort_key *a = pa, *b = pb;
    for (int i = 0; i < N_REPORT_FIELDS && a->v[i]; i++) {
        int c = strcmp(a->v[i], b->v[i]);
        if (c)
            return c;
    }
    return 0;
}

static void table_sort(struct report_table *t, const enum report_field *by, int n_by)
{
    struct sort_key *keys = xcalloc((size_t)t->n_rows, sizeof(keys[0]));
    for (int r = 0; r < t->n_rows; r++) {
        keys[r].row = r;
        for (int i = 0; i < n_by; i++)
            keys[r].v[i] = t->rows[r].fields[by[i]] ? t->rows[r].fields[by[i]] : "";
    }
    qsort(keys, (size_t)t->n_rows, sizeof(keys[0]), sort_key_cmp);
    struct report_row *sorted = xcalloc((size_t)t->n_rows, sizeof(sorted[0]));
    for (int r = 0; r < t->n_rows; r++)
        sorted[r] = t->rows[keys[r].row];
    free(t->rows);
    free(keys);
    t->rows = sorted;
    t->cap_rows = t->n_rows;
    free(t->slots); /* the hash index is stale now: the table is read-only */
    t->slots = NULL;
    t->n_slots = 0;
}

/* ---- reading ---- */

static void tz_lookup(struct tz_cache *c, int64_t utc_ms, const char **day, const char **hour)
{
    int64_t bucket =
        utc_ms >= 0 ? utc_ms / TZ_BUCKET_MS : (utc_ms - TZ_BUCKET_MS + 1) / TZ_BUCKET_MS;
    int s = (int)(bucket & (TZ_SLOTS - 1));
    if (c->slot[s].bucket != bucket) {
        time_t t = (time_t)(bucket * (TZ_BUCKET_MS / 1000));
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(c->slot[s].day, sizeof(c->slot[s].day), "%Y-%m-%d", &tm);
        strftime(c->slot[s].hour, sizeof(c->slot[s].hour), "%H:00", &tm);
        c->slot[s].bucket = bucket;
    }
    *day = c->slot[s].day;
    *hour = c->slot[s].hour;
}

static void row_add(struct report_row *r, const char *status, int64_t shown_ms, bool has_impr,
                    double impr)
{
    r->plays++;
    r->shown_ms += shown_ms;
    if (strcmp(status, "complete") == 0) {
        r->complete++;
        if (has_impr) {
            r->impressions += impr;
            r->n_impressions++;
        }
    } else if (strcmp(status, "partial") == 0) {
        r->partial++;
    } else if (strcmp(status, "error") == 0) {
        r->errors++;
    } else {
        r->interrupted++;
    }
}

/* The columns a query reads: always these four, then only the text columns
 * the grouping needs (decoding text is most of a report's time). */
#define FIXED_COLUMNS "started_utc_ms, status, shown_ms, impressions"
#define N_FIXED       4

static const char *const field_columns[N_REPORT_FIELDS] = {NULL,       NULL,   "screen_id",
                                                           "campaign", "item", "language"};

/* "SELECT <columns> FROM <from> <tail>", with the column of each field read
 * put in col[] (-1 when not read). Caller frees with sqlite3_free(). */
static char *select_sql(const struct report_opts *o, const char *from, const char *tail,
                        int col[N_REPORT_FIELDS])
{
    char *sql = sqlite3_mprintf("SELECT " FIXED_COLUMNS);
    int n = N_FIXED;
    for (int f = 0; f < N_REPORT_FIELDS; f++) {
        bool need = o->charts && f == FIELD_CAMPAIGN;
        for (int i = 0; i < o->n_by; i++)
            need |= o->by[i] == (enum report_field)f;
        col[f] = need && field_columns[f] ? n++ : -1;
        if (col[f] >= 0) {
            char *more = sqlite3_mprintf("%s, %s", sql, field_columns[f]);
            sqlite3_free(sql);
            sql = more;
        }
    }
    char *all = sqlite3_mprintf("%s FROM %s %s", sql, from, tail);
    sqlite3_free(sql);
    return all;
}

/* Groups every row that the statement made by select_sql() returns. */
static int scan(sqlite3 *db, sqlite3_stmt *st, const int col[N_REPORT_FIELDS],
                const struct report_opts *o, struct report *r, char *err, size_t errlen)
{
    struct tz_cache *tz = xcalloc(1, sizeof(*tz));
    for (int i = 0; i < TZ_SLOTS; i++)
        tz->slot[i].bucket = INT64_MIN;
    bool use[N_REPORT_FIELDS] = {false};
    for (int i = 0; i < o->n_by; i++)
        use[o->by[i]] = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *all[N_REPORT_FIELDS] = {NULL}, *v[N_REPORT_FIELDS];
        tz_lookup(tz, sqlite3_column_int64(st, 0), &all[FIELD_DAY], &all[FIELD_HOUR]);
        for (int f = FIELD_SCREEN; f < N_REPORT_FIELDS; f++) {
            if (col[f] >= 0)
                all[f] = (const char *)sqlite3_column_text(st, col[f]);
        }
        const char *status = (const char *)sqlite3_column_text(st, 1);
        int64_t shown_ms = sqlite3_column_int64(st, 2);
        bool has_impr = sqlite3_column_type(st, 3) != SQLITE_NULL;
        double impr = has_impr ? sqlite3_column_double(st, 3) : 0;
        if (!status)
            status = "";
        for (int f = 0; f < N_REPORT_FIELDS; f++)
            v[f] = use[f] ? (all[f] ? all[f] : "") : NULL;
        row_add(table_row(&r->groups, v), status, shown_ms, has_impr, impr);
        row_add(&r->total, status, shown_ms, has_impr, impr);
        if (o->charts) {
            const char *d[N_REPORT_FIELDS] = {[FIELD_DAY] = all[FIELD_DAY]};
            const char *c[N_REPORT_FIELDS] = {[FIELD_CAMPAIGN] =
                                                  all[FIELD_CAMPAIGN] ? all[FIELD_CAMPAIGN] : ""};
            row_add(table_row(&r->by_day, d), status, shown_ms, has_impr, impr);
            row_add(table_row(&r->by_campaign, c), status, shown_ms, has_impr, impr);
        }
    }
    free(tz);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "cannot read: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

/* The WHERE clause of every query: ?1 from, ?2 to, ?3 kind. */
#define FILTER                                                                                     \
    " WHERE started_utc_ms >= ?1 AND started_utc_ms < ?2 AND status != 'playing'"                  \
    " AND (?3 IS NULL OR kind = ?3)"

static void bind_filter(sqlite3_stmt *st, const struct report_opts *o)
{
    sqlite3_bind_int64(st, 1, o->from_utc_ms ? o->from_utc_ms : INT64_MIN);
    sqlite3_bind_int64(st, 2, o->to_utc_ms ? o->to_utc_ms : INT64_MAX);
    if (o->kind)
        sqlite3_bind_text(st, 3, o->kind, -1, SQLITE_STATIC);
}

/* One ledger: read straight through the covering index, in time order. */
static int read_one(const char *path, const struct report_opts *o, struct report *r, char *err,
                    size_t errlen)
{
    char why[400];
    sqlite3_stmt *st = NULL;
    int rc = -1;
    sqlite3 *db = ledger_db_open_read(path, why, sizeof(why));
    if (!db) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    int col[N_REPORT_FIELDS];
    char *sql = select_sql(o, "plays INDEXED BY plays_report", FILTER, col);
    int prepared = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (prepared != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        goto out;
    }
    bind_filter(st, o);
    if (scan(db, st, col, o, r, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", path, why);
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    ledger_db_close(db);
    return rc;
}

/* An ATTACH-able URI for path, read-only: "?" "#" "%" must be escaped. */
static char *uri_of(const char *path)
{
    char *u = xcalloc(1, strlen(path) * 3 + 16), *p = u;
    p += sprintf(p, "file:");
    for (const char *s = path; *s; s++) {
        if (*s == '?' || *s == '#' || *s == '%')
            p += sprintf(p, "%%%02X", (unsigned char)*s);
        else
            *p++ = *s;
    }
    strcpy(p, "?mode=ro");
    return u;
}

static const char merge_sql[] =
    "INSERT INTO merged SELECT play_id, started_utc_ms, screen_id, campaign, item, language,"
    " status, shown_ms, impressions, kind FROM src.plays" FILTER
    " ON CONFLICT (play_id) DO UPDATE SET status = excluded.status, shown_ms = excluded.shown_ms,"
    " impressions = excluded.impressions WHERE merged.status = 'playing'";

/* Several ledgers: copied into a scratch database keyed by play UUID, where
 * a play seen twice is kept once (a closed copy wins over one still playing). */
static int read_merged(const struct report_opts *o, struct report *r, char *err, size_t errlen)
{
    char why[400];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_open_v2("", &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                     "PRAGMA cache_size = -262144;"
                     "CREATE TABLE merged (play_id TEXT PRIMARY KEY, started_utc_ms INTEGER,"
                     " screen_id TEXT, campaign TEXT, item TEXT, language TEXT, status TEXT,"
                     " shown_ms INTEGER, impressions REAL, kind TEXT) WITHOUT ROWID",
                     NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot make a scratch database: %s",
                 db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    for (int i = 0; i < o->n_dbs; i++) {
        sqlite3 *check = ledger_db_open_read(o->dbs[i], why, sizeof(why));
        if (!check) {
            snprintf(err, errlen, "%s: %s", o->dbs[i], why);
            goto out;
        }
        ledger_db_close(check);
        char *uri = uri_of(o->dbs[i]);
        char *attach = sqlite3_mprintf("ATTACH %Q AS src", uri);
        free(uri);
        bool ok = sqlite3_exec(db, attach, NULL, NULL, NULL) == SQLITE_OK &&
                  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
                  sqlite3_prepare_v2(db, merge_sql, -1, &st, NULL) == SQLITE_OK;
        sqlite3_free(attach);
        if (ok) {
            bind_filter(st, o);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        if (!ok) {
            snprintf(err, errlen, "%s: cannot read: %s", o->dbs[i], sqlite3_errmsg(db));
            goto out;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (sqlite3_exec(db, "COMMIT; DETACH src", NULL, NULL, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "%s: cannot read: %s", o->dbs[i], sqlite3_errmsg(db));
            goto out;
        }
    }
    int col[N_REPORT_FIELDS];
    char *sql = select_sql(o, "merged", "ORDER BY started_utc_ms", col);
    int prepared = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (prepared != SQLITE_OK || scan(db, st, col, o, r, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "merging ledgers: %s", sqlite3_errmsg(db));
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

struct report *report_build(const struct report_opts *o, char *err, size_t errlen)
{
    struct report *r = xcalloc(1, sizeof(*r));
    int rc =
        o->n_dbs == 1 ? read_one(o->dbs[0], o, r, err, errlen) : read_merged(o, r, err, errlen);
    if (rc < 0) {
        report_free(r);
        return NULL;
    }
    table_sort(&r->groups, o->by, o->n_by);
    static const enum report_field day = FIELD_DAY, campaign = FIELD_CAMPAIGN;
    table_sort(&r->by_day, &day, 1);
    table_sort(&r->by_campaign, &campaign, 1);
    return r;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    table_free(&r->groups);
    table_free(&r->by_day);
    table_free(&r->by_campaign);
    free(r);
}
