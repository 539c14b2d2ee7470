/* playlog: the status rule, play UUIDs, the ledger's schema and writes, and
 * the ledger thread with a file that fails and then works again. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/ledger_db.h"
#include "base/log.h"
#include "ledger/playlog.h"
#include "testlib.h"
#include "ledger_query.h"

static char dir[64];

static char *path_in(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
}

static void test_status(void)
{
    static const struct {
        const char *error;
        int64_t scheduled_ms, shown_ms;
        enum play_status want;
    } cases[] = {
        {NULL, 10000, 10000, PLAY_COMPLETE},
        {NULL, 10000, 9500, PLAY_COMPLETE},  /* 500 ms short: the trade's slack */
        {NULL, 10000, 9499, PLAY_PARTIAL},   /* 501 ms short */
        {NULL, 10000, 12000, PLAY_COMPLETE}, /* held longer while the next item readied */
        {NULL, 10000, 0, PLAY_PARTIAL},
        {NULL, 0, 4000, PLAY_COMPLETE}, /* a video of unknown length, played to its end */
        {"", 10000, 10000, PLAY_COMPLETE},
        {"decoder error", 10000, 10000, PLAY_ERROR},
        {"decoder error", 10000, 0, PLAY_ERROR},
        {NULL, 400, 0, PLAY_COMPLETE}, /* shorter than the slack itself */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        EXPECT_STR(playlog_status_name(
                       playlog_status(cases[i].error, cases[i].scheduled_ms, cases[i].shown_ms)),
                   playlog_status_name(cases[i].want));
}

static void test_ids(void)
{
    char a[PLAYLOG_ID_SIZE], b[PLAYLOG_ID_SIZE];
    EXPECT_INT(playlog_new_id(a), 0);
    EXPECT_INT(playlog_new_id(b), 0);
    EXPECT_INT(strlen(a), 36);
    EXPECT(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    EXPECT(a[14] == '4');                                                 /* version 4 */
    EXPECT(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b'); /* variant */
    EXPECT(strcmp(a, b) != 0);
}

static struct ledger_row row_of(const char *id, enum play_status st)
{
    struct ledger_row r = {
        .screen_id = "s1",
        .campaign = "c",
        .item = "ad-1",
        .language = "en",
        .kind = PLAY_AD,
        .started_utc_ms = 1000,
        .ended_utc_ms = st == PLAY_PLAYING ? 0 : 11000,
        .scheduled_ms = 10000,
        .shown_ms = st == PLAY_PLAYING ? 0 : 10000,
        .status = st,
        .frames_shown = 250,
        .impressions = 1.5,
    };
    snprintf(r.play_id, sizeof(r.play_id), "%s", id);
    return r;
}

static void test_ledger_db(void)
{
    char err[256];
    char *path = path_in("db.sqlite");
    int closed = -1;
    sqlite3 *db = ledger_db_open(path, &closed, err, sizeof(err));
    EXPECT(db != NULL);
    EXPECT_INT(closed, 0);
    EXPECT_INT(query_int(path, "PRAGMA user_version"), PLAYLOG_SCHEMA_VERSION);

    /* begin, then end: one row, closed; a late begin does not reopen it. */
    struct ledger_row begin = row_of("id-1", PLAY_PLAYING), end = row_of("id-1", PLAY_COMPLETE);
    struct ledger_row other = row_of("id-2", PLAY_PLAYING);
    struct ledger_row *rows[] = {&begin, &other};
    EXPECT_INT(ledger_db_write(db, rows, 2, err, sizeof(err)), 0);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays WHERE status = 'playing'"), 2);
    struct ledger_row *ends[] = {&end, &begin};
    EXPECT_INT(ledger_db_write(db, ends, 2, err, sizeof(err)), 0);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays"), 2);
    EXPECT_INT(query_int(path, "SELECT shown_ms FROM plays WHERE play_id = 'id-1' AND status = "
                               "'complete' AND impressions = 1.5"),
               10000);
    EXPECT_STR(sqlite3_errmsg(db), "not an error");
    ledger_db_close(db);

    /* The next start closes what was left playing as interrupted. */
    db = ledger_db_open(path, &closed, err, sizeof(err));
    EXPECT_INT(closed, 1);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays WHERE play_id = 'id-2' AND status = "
                               "'interrupted'"),
               1);
    ledger_db_close(db);
    EXPECT_INT(
        query_int(path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);

    /* A ledger of schema 1 (before the notice's hashes and alerts) is
     * migrated with its plays, and then takes plays of kind alert and the
     * kiosk's interaction rows. */
    char *v1 = path_in("v1.db");
    sqlite3 *raw = NULL;
    sqlite3_open(v1, &raw);
    EXPECT_INT(
        sqlite3_exec(raw,
                     "CREATE TABLE play_keys (key_id INTEGER PRIMARY KEY, screen_id TEXT"
                     " NOT NULL, campaign TEXT NOT NULL, item TEXT NOT NULL, language TEXT"
                     " NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('ad', 'notice',"
                     " 'filler')), UNIQUE (screen_id, campaign, item, language, kind));"
                     "CREATE TABLE plays (play_id TEXT NOT NULL UNIQUE, screen_id TEXT NOT"
                     " NULL, campaign TEXT NOT NULL, item TEXT NOT NULL, language TEXT NOT"
                     " NULL, media TEXT, kind TEXT NOT NULL CHECK (kind IN ('ad', 'notice',"
                     " 'filler')), started_utc_ms INTEGER NOT NULL, ended_utc_ms INTEGER,"
                     " scheduled_ms INTEGER, shown_ms INTEGER, status TEXT NOT NULL,"
                     " frames_shown INTEGER, frames_dropped INTEGER, impressions REAL,"
                     " error TEXT, key_id INTEGER NOT NULL REFERENCES play_keys (key_id));"
                     "INSERT INTO play_keys VALUES (1, 's1', 'c', 'ad-1', 'en', 'ad');"
                     "INSERT INTO plays VALUES ('old-1', 's1', 'c', 'ad-1', 'en', NULL, 'ad',"
                     " 1000, 11000, 10000, 10000, 'complete', 250, 0, 1.5, NULL, 1);"
                     "PRAGMA user_version = 1;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(raw);
    db = ledger_db_open(v1, NULL, err, sizeof(err));
    EXPECT(db != NULL);
    EXPECT_INT(query_int(v1, "PRAGMA user_version"), PLAYLOG_SCHEMA_VERSION);
    EXPECT_INT(query_int(v1, "SELECT count(*) FROM plays WHERE play_id = 'old-1' AND key_id = 1"),
               1);
    EXPECT_INT(query_int(v1, "SELECT count(*) FROM pragma_table_info('plays') WHERE name ="
                             " 'media_sha256'"),
               1);
    struct ledger_row alert = row_of("alert-1", PLAY_COMPLETE);
    alert.kind = PLAY_ALERT;
    alert.item = "SIGNAGE-TEST-QUAKE-0002";
    struct ledger_row view = row_of("view-1", PLAY_COMPLETE);
    view.kind = PLAY_INTERACTION;
    view.item = "hotline";
    struct ledger_row *alerts[] = {&alert, &view};
    EXPECT_INT(ledger_db_write(db, alerts, 2, err, sizeof(err)), 0);
    EXPECT_INT(query_int(v1, "SELECT count(*) FROM plays JOIN play_keys USING (key_id) WHERE"
                             " play_keys.kind = 'interaction' AND plays.item = 'hotline'"),
               1);
    EXPECT_INT(query_int(v1, "SELECT count(*) FROM plays JOIN play_keys USING (key_id) WHERE"
                             " play_keys.kind = 'alert' AND plays.kind = 'alert'"),
               1);
    EXPECT_INT(query_int(v1, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check ="
                             " 'ok'"),
               1);
    EXPECT_INT(query_int(v1, "SELECT count(*) FROM sqlite_master WHERE name IN ('plays_report',"
                             " 'plays_open')"),
               2);
    ledger_db_close(db);
    free(v1);

    /* A ledger from a newer signage is refused, not rewritten. */
    sqlite3_open(path, &raw);
    sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(raw);
    EXPECT(ledger_db_open(path, NULL, err, sizeof(err)) == NULL);
    char newer[96];
    snprintf(newer, sizeof(newer), "written by a newer signage (schema 99, this one knows %d)",
             PLAYLOG_SCHEMA_VERSION);
    EXPECT_STR(err, newer);

    /* Another program's database is not taken over. */
    char *foreign = path_in("other.db");
    sqlite3_open(foreign, &raw);
    sqlite3_exec(raw, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL);
    sqlite3_close(raw);
    EXPECT(ledger_db_open(foreign, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "a SQLite database of something else, not a ledger: left alone");
    free(foreign);

    /* Not a database at all. */
    char *junk = path_in("junk.db");
    write_file(junk, "this is not a SQLite file, it is a shopping list: milk, eggs, bread\n");
    EXPECT(ledger_db_open(junk, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "cannot open: file is not a database");
    EXPECT(ledger_db_open_read(junk, err, sizeof(err)) == NULL);
    free(junk);
    free(path);
}

static void play(struct playlog *pl, const char *item)
{
    struct play_record rec = {
        .campaign = "c",
        .item = item,
        .language = "en",
        .kind = PLAY_AD,
        .started_utc_ms = 5000,
        .scheduled_ms = 8000,
        .impressions = -1,
    };
    playlog_begin(pl, &rec);
    EXPECT_INT(strlen(rec.play_id), 36);
    rec.ended_utc_ms = 13000;
    rec.shown_ms = 8000;
    rec.status = playlog_status(NULL, rec.scheduled_ms, rec.shown_ms);
    playlog_end(pl, &rec);
}

/* Waits (up to 10 s) until the ledger thread has written everything. */
static int flush_within(struct playlog *pl)
{
    for (int i = 0; i < 100; i++) {
        if (playlog_flush(pl) == 0)
            return 0;
        usleep(100000);
    }
    return -1;
}

static void test_thread(void)
{
    char *path = path_in("thread.db");
    struct playlog *pl = playlog_open(path, "screen-9", 0);
    for (int i = 0; i < 200; i++)
        play(pl, "ad-x");
    EXPECT_INT(playlog_flush(pl), 0);
    playlog_close(pl);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays WHERE status = 'complete' AND "
                               "screen_id = 'screen-9' AND impressions IS NULL"),
               200);
    EXPECT_INT(query_int(path, "SELECT count(DISTINCT play_id) FROM plays"), 200);

    /* A file that is not SQLite: plays wait in a bounded backlog (5 here)
     * and are written once the file is usable again. */
    char *bad = path_in("bad.db");
    write_file(bad, "not a database\n");
    pl = playlog_open(bad, "screen-9", 5);
    for (int i = 0; i < 20; i++)
        play(pl, "ad-y");
    EXPECT_INT(playlog_flush(pl), -1);
    unlink(bad); /* the operator moves the broken file away */
    EXPECT_INT(flush_within(pl), 0);
    play(pl, "ad-z");
    EXPECT_INT(playlog_flush(pl), 0);
    playlog_close(pl);
    EXPECT_INT(query_int(bad, "SELECT count(*) FROM plays WHERE item = 'ad-y'"), 5);
    EXPECT_INT(query_int(bad, "SELECT count(*) FROM plays WHERE item = 'ad-z'"), 1);
    free(bad);

    /* One player per ledger: a second one waits (in memory) for the first. */
    struct playlog *first = playlog_open(path, "screen-9", 0);
    play(first, "ad-first");
    EXPECT_INT(playlog_flush(first), 0);
    struct playlog *second = playlog_open(path, "screen-9", 0);
    play(second, "ad-second");
    EXPECT_INT(playlog_flush(second), -1);
    playlog_close(first);
    EXPECT_INT(flush_within(second), 0);
    playlog_close(second);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays WHERE item IN ('ad-first', 'ad-second')"
                               " AND status = 'complete'"),
               2);
    free(path);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/signage-test-playlog-%d", (int)getpid());
    char *cmd = xasprintf("rm -rf %s && mkdir -p %s", dir, dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    log_set_level(LOG_ERROR);
    test_status();
    test_ids();
    test_ledger_db();
    test_thread();
    cmd = xasprintf("rm -rf %s", dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    return test_result("test_playlog");
}
