#include "report.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger_db.h"
#include "util.h"

#define TZ_BUCKET_MS (15 * 60 * 1000) /* time zones change offset on quarter hours */
#define TZ_SLOTS     256

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

/* ---- reading: plays -> sums per (period, key) -> groups ----
 *
 * A report reads millions of rows, so the per-row work is kept to numbers:
 * the play's time becomes a "period" (its local day and/or hour, interned;
 * cached per quarter hour, as time zones change offset on quarter hours) and
 * what it is comes as key_id (screen, campaign, item, language, kind in
 * play_keys). Rows are summed per (period, key_id); the strings are looked
 * at only once per such pair, when the sums go into the groups. */

/* A map from 64-bit keys to indexes, open addressing. */
struct imap {
    uint64_t *keys; /* IMAP_EMPTY = free slot */
    int *vals;
    int cap, n;
};

#define IMAP_EMPTY UINT64_MAX

static void imap_free(struct imap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

static uint64_t imap_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static void imap_grow(struct imap *m)
{
    struct imap old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->keys = xcalloc((size_t)m->cap, sizeof(m->keys[0]));
    m->vals = xcalloc((size_t)m->cap, sizeof(m->vals[0]));
    for (int i = 0; i < m->cap; i++)
        m->keys[i] = IMAP_EMPTY;
    for (int i = 0; i < old.cap; i++) {
        if (old.keys[i] == IMAP_EMPTY)
            continue;
        int s = (int)(imap_hash(old.keys[i]) & (uint64_t)(m->cap - 1));
        while (m->keys[s] != IMAP_EMPTY)
            s = (s + 1) & (m->cap - 1);
        m->keys[s] = old.keys[i];
        m->vals[s] = old.vals[i];
    }
    free(old.keys);
    free(old.vals);
}

/* The index stored for key; when new, stores next (and *added = true). */
static int imap_get(struct imap *m, uint64_t key, int next, bool *added)
{
    if ((m->n + 1) * 2 > m->cap)
        imap_grow(m);
    int s = (int)(imap_hash(key) & (uint64_t)(m->cap - 1));
    for (; m->keys[s] != IMAP_EMPTY; s = (s + 1) & (m->cap - 1)) {
        if (m->keys[s] == key) {
            *added = false;
            return m->vals[s];
        }
    }
    m->keys[s] = key;
    m->vals[s] = next;
    m->n++;
    *added = true;
    return next;
}

struct period {
    char day[16]; /* "" when not grouped by day */
    char hour[8]; /* "" when not grouped by hour */
};

struct sums {
    int period, key_id;
    struct report_row fig; /* fields unused */
};

struct reader {
    bool by_day, by_hour; /* what a period tells apart */
    int64_t slot_bucket[TZ_SLOTS];
    int slot_period[TZ_SLOTS];
    struct imap period_ids; /* local yyyymmddhh code -> index into periods */
    struct period *periods;
    int n_periods;
    struct imap sum_ids; /* period << 32 | key_id -> index into sums */
    struct sums *sums;
    int n_sums;
    char **keys; /* key_id * 4 + 0..3: screen, campaign, item, language */
    int64_t n_keys;
    /* The sums of the period being read, by key_id: rows come in time order,
     * so most find their sums here without hashing. */
    int cur_period;
    unsigned stamp;     /* bumped when the period changes */
    unsigned *by_stamp; /* per key_id: stamp when by_index[] was set */
    int *by_index;      /* per key_id: index into sums */
};

static void reader_free(struct reader *rd)
{
    imap_free(&rd->period_ids);
    imap_free(&rd->sum_ids);
    free(rd->periods);
    free(rd->sums);
    for (int64_t i = 0; i < rd->n_keys * 4; i++)
        free(rd->keys[i]);
    free(rd->keys);
    free(rd->by_stamp);
    free(rd->by_index);
}

static int period_of(struct reader *rd, int64_t utc_ms)
{
    int64_t bucket =
        utc_ms >= 0 ? utc_ms / TZ_BUCKET_MS : (utc_ms - TZ_BUCKET_MS + 1) / TZ_BUCKET_MS;
    int s = (int)(bucket & (TZ_SLOTS - 1));
    if (rd->slot_bucket[s] == bucket)
        return rd->slot_period[s];
    time_t t = (time_t)(bucket * (TZ_BUCKET_MS / 1000));
    struct tm tm;
    localtime_r(&t, &tm);
    uint64_t code = 0;
    if (rd->by_day)
        code = (uint64_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday) * 100;
    if (rd->by_hour)
        code += (uint64_t)tm.tm_hour + 1;
    bool added;
    int p = imap_get(&rd->period_ids, code, rd->n_periods, &added);
    if (added) {
        rd->periods = xrealloc(rd->periods, (size_t)(rd->n_periods + 1) * sizeof(rd->periods[0]));
        struct period *pe = &rd->periods[rd->n_periods++];
        memset(pe, 0, sizeof(*pe));
        if (rd->by_day)
            strftime(pe->day, sizeof(pe->day), "%Y-%m-%d", &tm);
        if (rd->by_hour)
            strftime(pe->hour, sizeof(pe->hour), "%H:00", &tm);
    }
    rd->slot_bucket[s] = bucket;
    rd->slot_period[s] = p;
    return p;
}

static void fig_add(struct report_row *r, const struct report_row *f)
{
    r->plays += f->plays;
    r->complete += f->complete;
    r->partial += f->partial;
    r->errors += f->errors;
    r->interrupted += f->interrupted;
    r->shown_ms += f->shown_ms;
    r->impressions += f->impressions;
    r->n_impressions += f->n_impressions;
}

/* Loads play_keys (of the main database of db). */
static int load_keys(sqlite3 *db, struct reader *rd)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT key_id, screen_id, campaign, item, language FROM main.play_keys"
                           " WHERE key_id BETWEEN 0 AND 10000000 ORDER BY key_id DESC",
                           -1, &st, NULL) != SQLITE_OK)
        goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!rd->keys) { /* the first row has the largest id */
            rd->n_keys = id + 1;
            rd->keys = xcalloc((size_t)rd->n_keys * 4, sizeof(char *));
        }
        for (int f = 0; f < 4; f++)
            rd->keys[id * 4 + f] = xstrdup((const char *)sqlite3_column_text(st, 1 + f));
    }
    rc = rc == SQLITE_DONE ? 0 : -1;
out:
    sqlite3_finalize(st);
    return rc;
}

/* The index in rd->sums of (period, key_id), added when new. */
static int sums_of(struct reader *rd, int period, int key_id)
{
    bool cached = key_id >= 0 && key_id < rd->n_keys;
    if (period != rd->cur_period) {
        rd->cur_period = period;
        rd->stamp++;
    }
    if (cached && rd->by_stamp[key_id] == rd->stamp)
        return rd->by_index[key_id];
    bool added;
    int i = imap_get(&rd->sum_ids, (uint64_t)period << 32 | (uint32_t)key_id, rd->n_sums, &added);
    if (added) {
        if ((rd->n_sums & (rd->n_sums - 1)) == 0) /* at powers of two */
            rd->sums =
                xrealloc(rd->sums, (size_t)(rd->n_sums ? rd->n_sums * 2 : 1) * sizeof(rd->sums[0]));
        memset(&rd->sums[i], 0, sizeof(rd->sums[i]));
        rd->sums[i].period = period;
        rd->sums[i].key_id = key_id;
        rd->n_sums++;
    }
    if (cached) {
        rd->by_stamp[key_id] = rd->stamp;
        rd->by_index[key_id] = i;
    }
    return i;
}

/* Sums every row the statement returns: started_utc_ms, key_id, status,
 * shown_ms, impressions. */
static int scan(sqlite3 *db, sqlite3_stmt *st, struct reader *rd)
{
    int rc;
    if (!rd->by_stamp && rd->n_keys > 0) {
        rd->by_stamp = xcalloc((size_t)rd->n_keys, sizeof(rd->by_stamp[0]));
        rd->by_index = xcalloc((size_t)rd->n_keys, sizeof(rd->by_index[0]));
    }
    rd->cur_period = -1;
    rd->stamp = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int period = period_of(rd, sqlite3_column_int64(st, 0));
        int i = sums_of(rd, period, sqlite3_column_int(st, 1));
        struct report_row *f = &rd->sums[i].fig;
        const unsigned char *status = sqlite3_column_text(st, 2);
        f->plays++;
        f->shown_ms += sqlite3_column_int64(st, 3);
        switch (status ? status[0] : 0) {
        case 'c': /* complete */
            f->complete++;
            if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
                f->impressions += sqlite3_column_double(st, 4);
                f->n_impressions++;
            }
            break;
        case 'p': /* partial ("playing" rows are not read) */
            f->partial++;
            break;
        case 'e':
            f->errors++;
            break;
        default:
            f->interrupted++;
        }
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Puts the sums into the groups (and the chart tables). */
static void reader_fold(const struct reader *rd, const struct report_opts *o, struct report *r)
{
    bool use[N_REPORT_FIELDS] = {false};
    for (int i = 0; i < o->n_by; i++)
        use[o->by[i]] = true;
    for (int i = 0; i < rd->n_sums; i++) {
        const struct sums *sm = &rd->sums[i];
        const struct period *pe = &rd->periods[sm->period];
        char *const *key =
            sm->key_id >= 0 && sm->key_id < rd->n_keys ? &rd->keys[sm->key_id * 4] : NULL;
        const char *all[N_REPORT_FIELDS] = {pe->day, pe->hour};
        for (int f = FIELD_SCREEN; f < N_REPORT_FIELDS; f++)
            all[f] = key && key[f - FIELD_SCREEN] ? key[f - FIELD_SCREEN] : "";
        const char *v[N_REPORT_FIELDS];
        for (int f = 0; f < N_REPORT_FIELDS; f++)
            v[f] = use[f] ? all[f] : NULL;
        fig_add(table_row(&r->groups, v), &sm->fig);
        fig_add(&r->total, &sm->fig);
        if (o->charts) {
            const char *d[N_REPORT_FIELDS] = {[FIELD_DAY] = all[FIELD_DAY]};
            const char *c[N_REPORT_FIELDS] = {[FIELD_CAMPAIGN] = all[FIELD_CAMPAIGN]};
            fig_add(table_row(&r->by_day, d), &sm->fig);
            fig_add(table_row(&r->by_campaign, c), &sm->fig);
        }
    }
}

static void bind_filter(sqlite3_stmt *st, const struct report_opts *o)
{
    sqlite3_bind_int64(st, 1, o->from_utc_ms ? o->from_utc_ms : INT64_MIN);
    sqlite3_bind_int64(st, 2, o->to_utc_ms ? o->to_utc_ms : INT64_MAX);
    if (o->kind)
        sqlite3_bind_text(st, 3, o->kind, -1, SQLITE_STATIC);
}

static const char one_sql[] =
    "SELECT started_utc_ms, key_id, status, shown_ms, impressions"
    " FROM plays INDEXED BY plays_report"
    " WHERE started_utc_ms >= ?1 AND started_utc_ms < ?2 AND status != 'playing'"
    " AND (?3 IS NULL OR key_id IN (SELECT key_id FROM play_keys WHERE kind = ?3))";

/* One ledger: straight through the covering index, in time order. */
static int read_one(const char *path, const struct report_opts *o, struct reader *rd, char *err,
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
    if (load_keys(db, rd) < 0 || sqlite3_prepare_v2(db, one_sql, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    bind_filter(st, o);
    if (scan(db, st, rd) < 0)
        goto fail;
    rc = 0;
    goto out;
fail:
    snprintf(err, errlen, "%s: cannot read: %s", path, sqlite3_errmsg(db));
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

static const char scratch_sql[] =
    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
    "CREATE TABLE play_keys (key_id INTEGER PRIMARY KEY, screen_id TEXT, campaign TEXT,"
    " item TEXT, language TEXT, kind TEXT, UNIQUE (screen_id, campaign, item, language, kind));"
    "CREATE TABLE merged (play_id TEXT PRIMARY KEY, started_utc_ms INTEGER, key_id INTEGER,"
    " status TEXT, shown_ms INTEGER, impressions REAL) WITHOUT ROWID;";

/* A play already merged from an earlier ledger is kept: the UUID decides. */
static const char merge_sql[] =
    "INSERT INTO main.play_keys (screen_id, campaign, item, language, kind)"
    " SELECT screen_id, campaign, item, language, kind FROM src.play_keys WHERE true"
    " ON CONFLICT DO NOTHING;"
    "INSERT INTO main.merged SELECT p.play_id, p.started_utc_ms, k.key_id, p.status, p.shown_ms,"
    " p.impressions FROM src.plays p JOIN src.play_keys s ON s.key_id = p.key_id"
    " JOIN main.play_keys k ON k.screen_id = s.screen_id AND k.campaign = s.campaign"
    "  AND k.item = s.item AND k.language = s.language AND k.kind = s.kind"
    " WHERE p.started_utc_ms >= ?1 AND p.started_utc_ms < ?2 AND p.status != 'playing'"
    " AND (?3 IS NULL OR s.kind = ?3)"
    " ON CONFLICT (play_id) DO NOTHING;";

/* Runs the statements of sql in turn, with the filter bound where asked. */
static int exec_bound(sqlite3 *db, const char *sql, const struct report_opts *o)
{
    while (sql && *sql) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, &sql) != SQLITE_OK)
            return -1;
        if (!st)
            continue;
        if (sqlite3_bind_parameter_count(st) > 0)
            bind_filter(st, o);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return -1;
    }
    return 0;
}

/* Several ledgers: copied into a scratch database keyed by play UUID, where
 * a play seen in several ledgers is kept once. */
static int read_merged(const struct report_opts *o, struct reader *rd, char *err, size_t errlen)
{
    char why[400];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_open_v2("", &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_exec(db, scratch_sql, NULL, NULL, NULL) != SQLITE_OK) {
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
                  exec_bound(db, merge_sql, o) == 0 &&
                  sqlite3_exec(db, "COMMIT; DETACH src", NULL, NULL, NULL) == SQLITE_OK;
        sqlite3_free(attach);
        if (!ok) {
            snprintf(err, errlen, "%s: cannot read: %s", o->dbs[i], sqlite3_errmsg(db));
            goto out;
        }
    }
    if (load_keys(db, rd) < 0 ||
        sqlite3_prepare_v2(db,
                           "SELECT started_utc_ms, key_id, status, shown_ms, impressions"
                           " FROM merged ORDER BY started_utc_ms",
                           -1, &st, NULL) != SQLITE_OK ||
        scan(db, st, rd) < 0) {
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
    struct reader rd = {0};
    for (int i = 0; i < o->n_by; i++) {
        rd.by_day |= o->by[i] == FIELD_DAY;
        rd.by_hour |= o->by[i] == FIELD_HOUR;
    }
    rd.by_day |= o->charts;
    for (int i = 0; i < TZ_SLOTS; i++)
        rd.slot_bucket[i] = INT64_MIN;
    int rc =
        o->n_dbs == 1 ? read_one(o->dbs[0], o, &rd, err, errlen) : read_merged(o, &rd, err, errlen);
    if (rc == 0)
        reader_fold(&rd, o, r);
    reader_free(&rd);
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
