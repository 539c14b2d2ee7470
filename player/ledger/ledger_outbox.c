#include "ledger/ledger_outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int fail(sqlite3 *db, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
    return -1;
}

sqlite3 *ledger_outbox_open(const char *path, bool *not_yet, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    *not_yet = !path_is_file(path);
    if (*not_yet) {
        snprintf(err, errlen, "no ledger yet");
        return NULL;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fail(db, "cannot open", err, errlen);
        goto fail;
    }
    /* The ledger thread's commits are short; waiting for one never holds
     * up the screen, only this thread. */
    sqlite3_busy_timeout(db, 10000);
    int64_t version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (version < 0) {
        fail(db, "cannot read", err, errlen);
        goto fail;
    }
    *not_yet = version >= 0 && version < PLAYLOG_SCHEMA_VERSION;
    if (version != PLAYLOG_SCHEMA_VERSION) {
        snprintf(err, errlen, "ledger schema %lld, not %d (not migrated yet, or a newer signage)",
                 (long long)version, PLAYLOG_SCHEMA_VERSION);
        goto fail;
    }
    return db;
fail:
    sqlite3_close(db);
    return NULL;
}

static enum play_status status_parse(const char *s)
{
    for (int st = PLAY_PLAYING; st <= PLAY_INTERRUPTED; st++) {
        if (s && strcmp(s, playlog_status_name((enum play_status)st)) == 0)
            return (enum play_status)st;
    }
    return PLAY_INTERRUPTED; /* the CHECK constraint allows nothing else */
}

static enum play_kind kind_parse(const char *s)
{
    for (int k = PLAY_AD; k <= PLAY_INTERACTION; k++) {
        if (s && strcmp(s, play_kind_name((enum play_kind)k)) == 0)
            return (enum play_kind)k;
    }
    return PLAY_AD;
}

static char *column_text(sqlite3_stmt *st, int i)
{
    return xstrdup((const char *)sqlite3_column_text(st, i));
}

/* The same words as the index's WHERE, so that SQLite reads the index. */
static const char next_sql[] =
    "SELECT play_id, screen_id, campaign, item, language, media, kind, started_utc_ms,"
    " ended_utc_ms, scheduled_ms, shown_ms, status, frames_shown, frames_dropped, impressions,"
    " error, media_sha256 FROM plays INDEXED BY plays_outbox"
    " WHERE status != 'playing' AND central_status IS NOT status"
    " ORDER BY started_utc_ms LIMIT ?1";

int ledger_outbox_next(sqlite3 *db, int max, struct ledger_row ***rows_out, char *err,
                       size_t errlen)
{
    sqlite3_stmt *st = NULL;
    struct ledger_row **rows = xcalloc((size_t)(max > 0 ? max : 1), sizeof(rows[0]));
    int n = 0, rc;
    if (sqlite3_prepare_v2(db, next_sql, -1, &st, NULL) != SQLITE_OK) {
        fail(db, "cannot read", err, errlen);
        goto fail;
    }
    sqlite3_bind_int(st, 1, max);
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct ledger_row *r = xcalloc(1, sizeof(*r));
        rows[n++] = r;
        snprintf(r->play_id, sizeof(r->play_id), "%s", (const char *)sqlite3_column_text(st, 0));
        r->screen_id = column_text(st, 1);
        r->campaign = column_text(st, 2);
        r->item = column_text(st, 3);
        r->language = column_text(st, 4);
        r->media = column_text(st, 5);
        r->kind = kind_parse((const char *)sqlite3_column_text(st, 6));
        r->started_utc_ms = sqlite3_column_int64(st, 7);
        r->ended_utc_ms = sqlite3_column_int64(st, 8);
        r->scheduled_ms = sqlite3_column_int64(st, 9);
        r->shown_ms = sqlite3_column_int64(st, 10);
        r->status = status_parse((const char *)sqlite3_column_text(st, 11));
        r->frames_shown = sqlite3_column_int(st, 12);
        r->frames_dropped = sqlite3_column_int(st, 13);
        r->impressions =
            sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 14);
        r->error = column_text(st, 15);
        r->media_sha256 = column_text(st, 16);
        rc = SQLITE_DONE;
    }
    if (n < max && rc != SQLITE_DONE) {
        fail(db, "cannot read", err, errlen);
        goto fail;
    }
    sqlite3_finalize(st);
    *rows_out = rows;
    return n;
fail:
    sqlite3_finalize(st);
    for (int i = 0; i < n; i++)
        ledger_row_free(rows[i]);
    free(rows);
    *rows_out = NULL;
    return -1;
}

int ledger_outbox_ack(sqlite3 *db, struct ledger_row *const *rows, int n, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, "cannot write", err, errlen);
    if (sqlite3_prepare_v2(db, "UPDATE plays SET central_status = ?2 WHERE play_id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        goto fail;
    for (int i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, rows[i]->play_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, playlog_status_name(rows[i]->status), -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto fail;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    fail(db, "cannot write", err, errlen);
    sqlite3_finalize(st);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int64_t ledger_outbox_backlog(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM plays INDEXED BY plays_outbox"
                           " WHERE status != 'playing' AND central_status IS NOT status",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}
