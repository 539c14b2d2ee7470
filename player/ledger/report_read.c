/* report_read: the reading half of report: the plays of one or more
 * ledgers, summed per (local period, play key). See report_read.c. */
#include "ledger/report_read.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ledger/ledger_db.h"
#include "base/util.h"

#define TZ_BUCKET_MS (15 * 60 * 1000) /* time zones change offset on quarter hours */
#define TZ_SLOTS     256
#define MAX_PARTS    4 /* threads reading one ledger */

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
    const struct tz *tz;  /* local days and hours are in this zone */
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
    bool skip_views; /* leave out kiosk page views (kind interaction): no kind asked for */
    bool *skip;      /* per key_id: a key of a kind left out */
    /* The sums of the period being read, by key_id: rows come in time order,
     * so most find their sums here without hashing. */
    int cur_period;
    unsigned stamp;     /* bumped when the period changes */
    unsigned *by_stamp; /* per key_id: stamp when by_index[] was set */
    int *by_index;      /* per key_id: index into sums */
};

static void reader_init(struct reader *rd, const struct report_opts *o)
{
    memset(rd, 0, sizeof(*rd));
    rd->tz = o->tz;
    rd->skip_views = !o->kind; /* page views are counts of their own, never plays of a campaign */
    for (int i = 0; i < o->n_by; i++) {
        rd->by_day |= o->by[i] == FIELD_DAY;
        rd->by_hour |= o->by[i] == FIELD_HOUR;
    }
    rd->by_day |= o->charts;
    for (int i = 0; i < TZ_SLOTS; i++)
        rd->slot_bucket[i] = INT64_MIN;
}

static void reader_free(struct reader *rd)
{
    imap_free(&rd->period_ids);
    imap_free(&rd->sum_ids);
    free(rd->periods);
    free(rd->sums);
    for (int64_t i = 0; i < rd->n_keys * 4; i++)
        free(rd->keys[i]);
    free(rd->keys);
    free(rd->skip);
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
    struct tz_local tm = tz_local_fields(rd->tz, bucket * (TZ_BUCKET_MS / 1000));
    uint64_t code = 0;
    if (rd->by_day)
        code = (uint64_t)(tm.year * 10000 + tm.month * 100 + tm.day) * 100;
    if (rd->by_hour)
        code += (uint64_t)tm.hour + 1;
    bool added;
    int p = imap_get(&rd->period_ids, code, rd->n_periods, &added);
    if (added) {
        rd->periods = xrealloc(rd->periods, (size_t)(rd->n_periods + 1) * sizeof(rd->periods[0]));
        struct period *pe = &rd->periods[rd->n_periods++];
        memset(pe, 0, sizeof(*pe));
        if (rd->by_day)
            snprintf(pe->day, sizeof(pe->day), "%04d-%02d-%02d", tm.year, tm.month, tm.day);
        if (rd->by_hour)
            snprintf(pe->hour, sizeof(pe->hour), "%02d:00", tm.hour);
    }
    rd->slot_bucket[s] = bucket;
    rd->slot_period[s] = p;
    return p;
}

/* Loads play_keys (of the main database of db). */
static int load_keys(sqlite3 *db, struct reader *rd)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT key_id, screen_id, campaign, item, language, kind"
                           " FROM main.play_keys"
                           " WHERE key_id BETWEEN 0 AND 10000000 ORDER BY key_id DESC",
                           -1, &st, NULL) != SQLITE_OK)
        goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!rd->keys) { /* the first row has the largest id */
            rd->n_keys = id + 1;
            rd->keys = xcalloc((size_t)rd->n_keys * 4, sizeof(char *));
            rd->skip = xcalloc((size_t)rd->n_keys, sizeof(bool));
        }
        const char *kind = (const char *)sqlite3_column_text(st, 5);
        rd->skip[id] = rd->skip_views && kind && strcmp(kind, "interaction") == 0;
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
        int key_id = sqlite3_column_int(st, 1);
        if (key_id >= 0 && key_id < rd->n_keys && rd->skip[key_id])
            continue;
        int period = period_of(rd, sqlite3_column_int64(st, 0));
        int i = sums_of(rd, period, key_id);
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

/* Reads the plays of o->dbs[0] between o's times into rd, straight through
 * the covering index, in time order. Runs on any thread: its own handle. */
static int read_one(const struct report_opts *o, struct reader *rd, char *err, size_t errlen)
{
    char why[400];
    const char *path = o->dbs[0];
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

/* One part of a ledger read in parallel: a time range on a thread. */
struct part {
    struct report_opts o; /* with this part's times */
    struct reader rd;
    int rc;
    char err[512];
    pthread_t thread;
};

static void *part_thread(void *arg)
{
    struct part *p = arg;
    p->rc = read_one(&p->o, &p->rd, p->err, sizeof(p->err));
    return NULL;
}

/* The first or last start time of the plays in o's range, or -1 if none. */
static int64_t start_edge(sqlite3 *db, const struct report_opts *o, bool last)
{
    sqlite3_stmt *st = NULL;
    int64_t t = -1;
    const char *sql = last ? "SELECT started_utc_ms FROM plays INDEXED BY plays_report WHERE"
                             " started_utc_ms >= ?1 AND started_utc_ms < ?2"
                             " ORDER BY started_utc_ms DESC LIMIT 1"
                           : "SELECT started_utc_ms FROM plays INDEXED BY plays_report WHERE"
                             " started_utc_ms >= ?1 AND started_utc_ms < ?2"
                             " ORDER BY started_utc_ms LIMIT 1";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        bind_filter(st, o);
        if (sqlite3_step(st) == SQLITE_ROW)
            t = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return t;
}

/* How many parts to read a ledger in: one per core, at most MAX_PARTS,
 * one when the span is short. */
static int parts_for(sqlite3 *db, const struct report_opts *o, int64_t *first, int64_t *last)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    *first = start_edge(db, o, false);
    *last = start_edge(db, o, true);
    if (*first < 0 || *last - *first < 2 * MAX_PARTS)
        return 1;
    return cores < 1 ? 1 : cores > MAX_PARTS ? MAX_PARTS : (int)cores;
}

/* One ledger, read in parallel by time ranges, each on its own handle. */
static int read_parallel(const struct report_opts *o, struct part **parts_out, int *n_out,
                         char *err, size_t errlen)
{
    char why[400];
    sqlite3 *db = ledger_db_open_read(o->dbs[0], why, sizeof(why));
    if (!db) {
        snprintf(err, errlen, "%s: %s", o->dbs[0], why);
        return -1;
    }
    int64_t first, last;
    int n = parts_for(db, o, &first, &last);
    ledger_db_close(db);
    struct part *parts = xcalloc((size_t)n, sizeof(parts[0]));
    int64_t step = (last + 1 - first) / n + 1;
    for (int i = 0; i < n; i++) {
        parts[i].o = *o;
        if (n > 1) {
            parts[i].o.from_utc_ms = first + step * i;
            parts[i].o.to_utc_ms = i + 1 < n ? first + step * (i + 1) : last + 1;
        }
        reader_init(&parts[i].rd, o);
    }
    int started = 1;
    for (; started < n; started++) {
        if (pthread_create(&parts[started].thread, NULL, part_thread, &parts[started]) != 0)
            break;
    }
    part_thread(&parts[0]);
    for (int i = 1; i < started; i++)
        pthread_join(parts[i].thread, NULL);
    for (int i = started; i < n; i++) /* no thread for them: read here */
        part_thread(&parts[i]);
    *parts_out = parts;
    *n_out = n;
    for (int i = 0; i < n; i++) {
        if (parts[i].rc < 0) {
            snprintf(err, errlen, "%s", parts[i].err);
            return -1;
        }
    }
    return 0;
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

/* The screens a ledger holds plays of, as one "\x1fscreen\x1f...\x1f" string
 * for a substring test; NULL with err when it cannot be read. */
static char *screens_of(const char *path, char *err, size_t errlen)
{
    char why[400];
    sqlite3_stmt *st = NULL;
    sqlite3 *db = ledger_db_open_read(path, why, sizeof(why));
    if (!db) {
        snprintf(err, errlen, "%s: %s", path, why);
        return NULL;
    }
    char *list = xstrdup("\x1f");
    int rc = SQLITE_ERROR;
    if (sqlite3_prepare_v2(db, "SELECT DISTINCT screen_id FROM play_keys", -1, &st, NULL) ==
        SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            char *more = xasprintf("%s%s\x1f", list, (const char *)sqlite3_column_text(st, 0));
            free(list);
            list = more;
        }
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        free(list);
        list = NULL;
    }
    sqlite3_finalize(st);
    ledger_db_close(db);
    return list;
}

static bool share_a_screen(const char *a, const char *b)
{
    for (const char *p = a + 1; *p; p += strcspn(p, "\x1f") + 1) {
        size_t n = strcspn(p, "\x1f");
        char *one = xasprintf("\x1f%.*s\x1f", (int)n, p);
        bool shared = strstr(b, one) != NULL;
        free(one);
        if (shared)
            return true;
    }
    return false;
}

/* Ledgers that share no screen cannot share a play: group[i] is the first
 * ledger of the group that ledger i is linked to by shared screens. */
static int group_ledgers(const struct report_opts *o, int *group, char *err, size_t errlen)
{
    char **screens = xcalloc((size_t)o->n_dbs, sizeof(char *));
    int rc = 0;
    for (int i = 0; i < o->n_dbs && rc == 0; i++) {
        group[i] = i;
        if (!(screens[i] = screens_of(o->dbs[i], err, errlen)))
            rc = -1;
    }
    for (int i = 0; i < o->n_dbs && rc == 0; i++) {
        for (int j = i + 1; j < o->n_dbs; j++) {
            if (group[j] == group[i] || !share_a_screen(screens[i], screens[j]))
                continue;
            int from = group[j] > group[i] ? group[j] : group[i];
            int to = group[j] > group[i] ? group[i] : group[j];
            for (int k = 0; k < o->n_dbs; k++)
                group[k] = group[k] == from ? to : group[k];
        }
    }
    for (int i = 0; i < o->n_dbs; i++)
        free(screens[i]);
    free(screens);
    return rc;
}

/* Hands every sum of the parts to each() and frees the parts. */
static void emit(struct part *parts, int n, bool ok, report_read_fn each, void *ctx)
{
    for (int i = 0; i < n; i++) {
        const struct reader *rd = &parts[i].rd;
        for (int j = 0; ok && j < rd->n_sums; j++) {
            const struct sums *sm = &rd->sums[j];
            const struct period *pe = &rd->periods[sm->period];
            char *const *key =
                sm->key_id >= 0 && sm->key_id < rd->n_keys ? &rd->keys[sm->key_id * 4] : NULL;
            const char *fields[N_REPORT_FIELDS] = {pe->day, pe->hour};
            for (int f = FIELD_SCREEN; f < N_REPORT_FIELDS; f++)
                fields[f] = key && key[f - FIELD_SCREEN] ? key[f - FIELD_SCREEN] : "";
            each(ctx, fields, &sm->fig);
        }
        reader_free(&parts[i].rd);
    }
    free(parts);
}

int report_read(const struct report_opts *o, report_read_fn each, void *ctx, char *err,
                size_t errlen)
{
    int *group = xcalloc((size_t)o->n_dbs, sizeof(int));
    const char **dbs = xcalloc((size_t)o->n_dbs, sizeof(char *));
    int rc = o->n_dbs > 1 ? group_ledgers(o, group, err, errlen) : 0;
    for (int g = 0; g < o->n_dbs && rc == 0; g++) {
        struct report_opts sub = *o;
        sub.dbs = dbs;
        sub.n_dbs = 0;
        for (int i = 0; i < o->n_dbs; i++) {
            if (group[i] == g)
                dbs[sub.n_dbs++] = o->dbs[i];
        }
        if (sub.n_dbs == 0)
            continue;
        struct part *parts = NULL;
        int n = 0;
        if (sub.n_dbs == 1) { /* the ledgers of one screen (or set of screens): no overlap */
            rc = read_parallel(&sub, &parts, &n, err, errlen);
        } else {
            n = 1;
            parts = xcalloc(1, sizeof(parts[0]));
            reader_init(&parts[0].rd, &sub);
            rc = read_merged(&sub, &parts[0].rd, err, errlen);
        }
        emit(parts, n, rc == 0, each, ctx);
    }
    free(dbs);
    free(group);
    return rc;
}
