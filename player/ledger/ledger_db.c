#include "ledger/ledger_db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* The two tables as CREATE TABLE statements, for migrations that make them
 * (a CHECK cannot be changed in place in SQLite: the table is made anew).
 * name, kinds and more_columns (", name TYPE" added by later steps) are
 * string literals; the text is what shipped in step 0. */
#define PLAY_KEYS_TABLE(name, kinds)                                                               \
    "CREATE TABLE " name " ("                                                                      \
    " key_id INTEGER PRIMARY KEY,"                                                                 \
    " screen_id TEXT NOT NULL,"                                                                    \
    " campaign TEXT NOT NULL,"                                                                     \
    " item TEXT NOT NULL,"                                                                         \
    " language TEXT NOT NULL,"                                                                     \
    " kind TEXT NOT NULL CHECK (kind IN (" kinds ")),"                                             \
    " UNIQUE (screen_id, campaign, item, language, kind));"
#define PLAYS_TABLE(name, kinds, more_columns)                                                     \
    "CREATE TABLE " name " ("                                                                      \
    " play_id TEXT NOT NULL UNIQUE,"                                                               \
    " screen_id TEXT NOT NULL,"                                                                    \
    " campaign TEXT NOT NULL,"                                                                     \
    " item TEXT NOT NULL,"                                                                         \
    " language TEXT NOT NULL,"                                                                     \
    " media TEXT,"                                                                                 \
    " kind TEXT NOT NULL CHECK (kind IN (" kinds ")),"                                             \
    " started_utc_ms INTEGER NOT NULL,"                                                            \
    " ended_utc_ms INTEGER,"                                                                       \
    " scheduled_ms INTEGER,"                                                                       \
    " shown_ms INTEGER,"                                                                           \
    " status TEXT NOT NULL CHECK (status IN"                                                       \
    "  ('playing', 'complete', 'partial', 'error', 'interrupted')),"                               \
    " frames_shown INTEGER,"                                                                       \
    " frames_dropped INTEGER,"                                                                     \
    " impressions REAL,"                                                                           \
    " error TEXT,"                                                                                 \
    " key_id INTEGER NOT NULL REFERENCES play_keys (key_id)" more_columns ");"
/* Reports scan by time and read only these columns: a covering index. */
#define PLAYS_INDEXES                                                                              \
    "CREATE INDEX plays_report ON plays (started_utc_ms, key_id, status, shown_ms, impressions);"  \
    "CREATE INDEX plays_open ON plays (status) WHERE status = 'playing';"

/* Migrations, in order: migrations[v] takes a ledger from user_version v to
 * v + 1. Append; never edit a step that has shipped. */
// clang-format off
static const char *const migrations[] = {
    /* 0 -> 1: the plays, and what each play is as a small number (play_keys)
     * so that a report reads five numbers per play through one covering
     * index instead of decoding five strings. */
    PLAY_KEYS_TABLE("play_keys", "'ad', 'notice', 'filler'")
    PLAYS_TABLE("plays", "'ad', 'notice', 'filler'", "")
    PLAYS_INDEXES,
    /* 1 -> 2: the SHA-256 of the file shown, where the player knows it (the
     * notice's texts), so that an inspector can tell which wording was on
     * screen. */
    "ALTER TABLE plays ADD COLUMN media_sha256 TEXT;",
    /* 2 -> 3: plays of kind 'alert' (emergency alerts, alerts/): both tables
     * made anew with the new CHECK, the rows copied, the indexes made again. */
    PLAY_KEYS_TABLE("play_keys_v3", "'ad', 'notice', 'filler', 'alert'")
    "INSERT INTO play_keys_v3 SELECT * FROM play_keys;"
    PLAYS_TABLE("plays_v3", "'ad', 'notice', 'filler', 'alert'", ", media_sha256 TEXT")
    "INSERT INTO plays_v3 SELECT * FROM plays;"
    "DROP TABLE plays;"
    "DROP TABLE play_keys;"
    "ALTER TABLE play_keys_v3 RENAME TO play_keys;"
    "ALTER TABLE plays_v3 RENAME TO plays;"
    PLAYS_INDEXES,
    /* 3 -> 4 (the appliance): when the panel was dark by the screen hours,
     * and the screenshots that prove what a play showed. */
    "CREATE TABLE screen_events ("
    " event_id TEXT NOT NULL UNIQUE,"
    " screen_id TEXT NOT NULL,"
    " utc_ms INTEGER NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('off', 'on')),"
    " how TEXT,"
    " error TEXT);"
    "CREATE INDEX screen_events_time ON screen_events (utc_ms);"
    "CREATE TABLE screenshots ("
    " shot_id TEXT NOT NULL UNIQUE,"
    " screen_id TEXT NOT NULL,"
    " play_id TEXT,"
    " taken_utc_ms INTEGER NOT NULL,"
    " path TEXT NOT NULL);"
    "CREATE INDEX screenshots_play ON screenshots (play_id);",
    /* 4 -> 5: kind 'interaction', the kiosk's page views (one row per view,
     * its time the hour's start): the tables made anew as in 2 -> 3. */
    PLAY_KEYS_TABLE("play_keys_v5", "'ad', 'notice', 'filler', 'alert', 'interaction'")
    "INSERT INTO play_keys_v5 SELECT * FROM play_keys;"
    PLAYS_TABLE("plays_v5", "'ad', 'notice', 'filler', 'alert', 'interaction'",
                ", media_sha256 TEXT")
    "INSERT INTO plays_v5 SELECT * FROM plays;"
    "DROP TABLE plays;"
    "DROP TABLE play_keys;"
    "ALTER TABLE play_keys_v5 RENAME TO play_keys;"
    "ALTER TABLE plays_v5 RENAME TO plays;"
    PLAYS_INDEXES,
};
// clang-format on

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == PLAYLOG_SCHEMA_VERSION,
               "one migration per schema version");

/* "what: SQLite's reason (the system's reason)": SQLite says "disk I/O
 * error" where the system says "No space left on device". */
static int fail(sqlite3 *db, const char *what, char *err, size_t errlen)
{
    int sys = db ? sqlite3_system_errno(db) : 0;
    const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
    if (sys && !strstr(msg, strerror(sys)))
        snprintf(err, errlen, "%s: %s (%s)", what, msg, strerror(sys));
    else
        snprintf(err, errlen, "%s: %s", what, msg);
    return -1;
}

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, "cannot write", err, errlen);
    return 0;
}

static int pragma_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

static int migrate(sqlite3 *db, char *err, size_t errlen)
{
    int64_t version = 0;
    if (pragma_int(db, "PRAGMA user_version", &version) < 0)
        return fail(db, "cannot read", err, errlen);
    if (version > N_MIGRATIONS) {
        snprintf(err, errlen, "written by a newer signage (schema %lld, this one knows %d)",
                 (long long)version, N_MIGRATIONS);
        return -1;
    }
    if (version == N_MIGRATIONS)
        return 0;
    int64_t tables = 0;
    if (version == 0 && pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables) == 0 &&
        tables > 0) {
        snprintf(err, errlen, "a SQLite database of something else, not a ledger: left alone");
        return -1;
    }
    if (exec(db, "BEGIN IMMEDIATE", err, errlen) < 0)
        return -1;
    for (int v = (int)version; v < N_MIGRATIONS; v++) {
        if (exec(db, migrations[v], err, errlen) < 0)
            goto rollback;
    }
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", N_MIGRATIONS);
    if (exec(db, sql, err, errlen) < 0 || exec(db, "COMMIT", err, errlen) < 0)
        goto rollback;
    return 0;
rollback:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* The ledger's folder is made when missing, as a fresh install has none; if
 * that fails, opening the file reports the real problem. */
static void make_parent(const char *path)
{
    char *dir = path_dirname(path);
    (void)mkdir(dir, 0755);
    free(dir);
}

sqlite3 *ledger_db_open(const char *path, int *n_closed, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    char *mode = NULL;
    make_parent(path);
    /* SQLite reports a folder it cannot create the file in as the error of
     * its read-only retry ("No such file"): name the real reason first. */
    char *dir = path_dirname(path);
    bool creatable = path_is_file(path) || access(dir, W_OK) == 0;
    if (!creatable)
        snprintf(err, errlen, "cannot create it in %s: %s", dir, strerror(errno));
    free(dir);
    if (!creatable)
        goto fail;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        fail(db, "cannot open", err, errlen);
        goto fail;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    if (sqlite3_db_readonly(db, "main") == 1) {
        snprintf(err, errlen, "cannot write: the file is read-only");
        goto fail;
    }
    /* journal_mode answers with the mode it is in: "wal" unless it could not switch. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        mode = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!mode) {
        fail(db, "cannot open", err, errlen);
        goto fail;
    }
    if (strcmp(mode, "wal") != 0) {
        snprintf(err, errlen, "cannot use write-ahead logging (journal mode is %s)", mode);
        goto fail;
    }
    /* FULL: every commit is synced to the WAL, so a closed play survives power loss. */
    if (exec(db, "PRAGMA synchronous = FULL", err, errlen) < 0 || migrate(db, err, errlen) < 0)
        goto fail;
    if (n_closed) {
        if (exec(db, "UPDATE plays SET status = 'interrupted' WHERE status = 'playing'", err,
                 errlen) < 0)
            goto fail;
        *n_closed = sqlite3_changes(db);
    }
    free(mode);
    return db;
fail:
    free(mode);
    sqlite3_close(db);
    return NULL;
}

sqlite3 *ledger_db_open_read(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int64_t version = 0;
    if (!path_is_file(path)) {
        snprintf(err, errlen, "no such file");
        return NULL;
    }
    /* One thread uses a report's handle: no need for SQLite's mutexes, which
     * cost a lock per column read. */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        fail(db, "cannot open", err, errlen);
        goto fail;
    }
    sqlite3_busy_timeout(db, 5000);
    if (pragma_int(db, "PRAGMA user_version", &version) < 0) {
        fail(db, "cannot read", err, errlen);
        goto fail;
    }
    if (version < 1 || version > N_MIGRATIONS) {
        snprintf(err, errlen, "not a signage ledger (schema version %lld)", (long long)version);
        goto fail;
    }
    return db;
fail:
    sqlite3_close(db);
    return NULL;
}

void ledger_db_close(sqlite3 *db)
{
    sqlite3_close(db);
}

static const char key_sql[] = "INSERT INTO play_keys (screen_id, campaign, item, language, kind)"
                              " VALUES (?2, ?3, ?4, ?5, ?7) ON CONFLICT DO NOTHING";

static const char upsert_sql[] =
    "INSERT INTO plays (play_id, screen_id, campaign, item, language, media, kind,"
    " started_utc_ms, ended_utc_ms, scheduled_ms, shown_ms, status, frames_shown,"
    " frames_dropped, impressions, error, media_sha256, key_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
    " (SELECT key_id FROM play_keys WHERE screen_id = ?2 AND campaign = ?3 AND item = ?4"
    "  AND language = ?5 AND kind = ?7))"
    " ON CONFLICT (play_id) DO UPDATE SET ended_utc_ms = excluded.ended_utc_ms,"
    " scheduled_ms = excluded.scheduled_ms, shown_ms = excluded.shown_ms,"
    " status = excluded.status, frames_shown = excluded.frames_shown,"
    " frames_dropped = excluded.frames_dropped, impressions = excluded.impressions,"
    " error = excluded.error"
    " WHERE plays.status = 'playing'";

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_ms(sqlite3_stmt *st, int i, int64_t v, bool known)
{
    if (known)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bind_row(sqlite3_stmt *st, const struct ledger_row *r)
{
    bool closed = r->status != PLAY_PLAYING;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bind_text(st, 1, r->play_id);
    bind_text(st, 2, r->screen_id);
    bind_text(st, 3, r->campaign);
    bind_text(st, 4, r->item);
    bind_text(st, 5, r->language);
    bind_text(st, 6, r->media);
    bind_text(st, 7, play_kind_name(r->kind));
    sqlite3_bind_int64(st, 8, r->started_utc_ms);
    bind_ms(st, 9, r->ended_utc_ms, closed);
    bind_ms(st, 10, r->scheduled_ms, true);
    bind_ms(st, 11, r->shown_ms, closed);
    bind_text(st, 12, playlog_status_name(r->status));
    bind_ms(st, 13, r->frames_shown, closed);
    bind_ms(st, 14, r->frames_dropped, closed);
    if (closed && r->impressions >= 0)
        sqlite3_bind_double(st, 15, r->impressions);
    bind_text(st, 16, r->error);
    bind_text(st, 17, r->media_sha256);
}

/* The play's key first (once per screen, item and language), then the play. */
static int write_row(sqlite3_stmt *key, sqlite3_stmt *play, const struct ledger_row *r)
{
    bind_row(key, r);
    if (sqlite3_step(key) != SQLITE_DONE)
        return -1;
    bind_row(play, r);
    return sqlite3_step(play) == SQLITE_DONE ? 0 : -1;
}

static const char screen_sql[] =
    "INSERT INTO screen_events (event_id, screen_id, utc_ms, state, how, error)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
static const char shot_sql[] =
    "INSERT INTO screenshots (shot_id, screen_id, play_id, taken_utc_ms, path)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";

/* A note: a screen event or a screenshot. */
static int write_note(sqlite3_stmt *screen, sqlite3_stmt *shot, const struct ledger_row *r)
{
    sqlite3_stmt *st = r->row_kind == LEDGER_SCREEN ? screen : shot;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bind_text(st, 1, r->play_id);
    bind_text(st, 2, r->screen_id);
    if (r->row_kind == LEDGER_SCREEN) {
        sqlite3_bind_int64(st, 3, r->started_utc_ms);
        bind_text(st, 4, r->screen_on ? "on" : "off");
        bind_text(st, 5, r->media);
        bind_text(st, 6, r->error);
    } else {
        bind_text(st, 3, r->ref_play_id[0] ? r->ref_play_id : NULL);
        sqlite3_bind_int64(st, 4, r->started_utc_ms);
        bind_text(st, 5, r->media);
    }
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

int ledger_db_write(sqlite3 *db, struct ledger_row *const *rows, int n, char *err, size_t errlen)
{
    sqlite3_stmt *key = NULL, *play = NULL, *screen = NULL, *shot = NULL;
    int rc = -1;
    if (exec(db, "BEGIN IMMEDIATE", err, errlen) < 0)
        return -1;
    if (sqlite3_prepare_v2(db, key_sql, -1, &key, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, upsert_sql, -1, &play, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, screen_sql, -1, &screen, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, shot_sql, -1, &shot, NULL) != SQLITE_OK) {
        fail(db, "cannot write", err, errlen);
        goto out;
    }
    for (int i = 0; i < n; i++) {
        int w = rows[i]->row_kind == LEDGER_PLAY ? write_row(key, play, rows[i])
                                                 : write_note(screen, shot, rows[i]);
        if (w < 0) {
            fail(db, "cannot write", err, errlen);
            goto out;
        }
    }
    sqlite3_finalize(key);
    sqlite3_finalize(play);
    sqlite3_finalize(screen);
    sqlite3_finalize(shot);
    key = play = screen = shot = NULL;
    if (exec(db, "COMMIT", err, errlen) < 0)
        goto out;
    rc = 0;
out:
    sqlite3_finalize(key);
    sqlite3_finalize(play);
    sqlite3_finalize(screen);
    sqlite3_finalize(shot);
    if (rc < 0 && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
