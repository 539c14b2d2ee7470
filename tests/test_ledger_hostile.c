/* The ledger and its reports against what hostile testing found: the lock
 * bypassed through a symbolic link (defect 6), ledger paths that are not
 * files, and report output that a ledger's contents could break or turn
 * into an attack (defect 13): invalid UTF-8 in JSON, control characters in
 * the table, formulas in CSV, impossible dates, --from after --to and a
 * start time of INT64_MIN. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger/ledger_db.h"
#include "ledger/playlog.h"
#include "ledger/report.h"
#include "testlib.h"

static char dir[64];

static char *path_in(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static bool exists(const char *name)
{
    char *p = path_in(name);
    bool e = access(p, F_OK) == 0;
    free(p);
    return e;
}

static void play(struct playlog *pl, const char *item)
{
    struct play_record rec = {.campaign = "c",
                              .item = item,
                              .language = "en",
                              .kind = PLAY_AD,
                              .started_utc_ms = 5000,
                              .scheduled_ms = 8000,
                              .impressions = -1};
    playlog_begin(pl, &rec);
    rec.ended_utc_ms = 13000;
    rec.shown_ms = 8000;
    rec.status = PLAY_COMPLETE;
    playlog_end(pl, &rec);
}

static void test_lock_through_link(void)
{
    char *real = path_in("three.db"), *link = path_in("link.db");
    EXPECT_INT(symlink("three.db", link), 0);
    struct playlog *first = playlog_open(real, "screen-3", 0);
    play(first, "ad-first");
    EXPECT_INT(playlog_flush(first), 0);
    /* The same file by another name: the second player must wait. */
    struct playlog *second = playlog_open(link, "screen-3", 0);
    play(second, "ad-second");
    EXPECT_INT(playlog_flush(second), -1);
    playlog_close(first);
    playlog_close(second); /* its last attempt finds the lock free */
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(real, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT count(*) FROM plays WHERE status = 'complete'", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_INT(n, 2); /* neither play lost, none closed as interrupted */
    free(real);
    free(link);
}

/* A ledger that is a directory or a FIFO: refused, nothing made beside it. */
static void test_not_a_file(void)
{
    char *d = path_in("adir.db"), *f = path_in("fifo.db");
    mkdir(d, 0755);
    mkfifo(f, 0644);
    const char *paths[] = {d, f};
    for (int i = 0; i < 2; i++) {
        struct playlog *pl = playlog_open(paths[i], "screen-3", 0);
        play(pl, "ad");
        EXPECT_INT(playlog_flush(pl), -1);
        playlog_close(pl);
    }
    EXPECT(!exists("adir.db-journal") && !exists("adir.db-wal") && !exists("adir.db-lock"));
    EXPECT(!exists("fifo.db-journal") && !exists("fifo.db-wal") && !exists("fifo.db-lock"));
    char err[200];
    EXPECT(ledger_db_open(f, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "is a FIFO, not a file");
    EXPECT(ledger_db_open_read(d, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "is a directory, not a file");
    free(d);
    free(f);
}

static char *ledger_with(const char *name, const char *campaign, int64_t started)
{
    char err[256];
    char *path = path_in(name);
    sqlite3 *db = ledger_db_open(path, NULL, err, sizeof(err));
    EXPECT(db != NULL);
    struct ledger_row r = {.screen_id = "s1",
                           .campaign = (char *)campaign,
                           .item = "ad-1",
                           .language = "en",
                           .kind = PLAY_AD,
                           .started_utc_ms = started,
                           .ended_utc_ms = started + 10000,
                           .scheduled_ms = 10000,
                           .shown_ms = 10000,
                           .status = PLAY_COMPLETE,
                           .impressions = 2};
    snprintf(r.play_id, sizeof(r.play_id), "%s", name);
    struct ledger_row *rows[] = {&r};
    EXPECT_INT(ledger_db_write(db, rows, 1, err, sizeof(err)), 0);
    ledger_db_close(db);
    return path;
}

static char *render(const char *db, enum report_format f, struct tz *tz)
{
    char err[256], *text = NULL;
    size_t len = 0;
    const char *dbs[] = {db};
    struct report_opts o = {.dbs = dbs, .n_dbs = 1, .tz = tz, .timezone = "UTC"};
    report_fields_parse("campaign", o.by, &o.n_by, err, sizeof(err));
    struct report *r = report_build(&o, err, sizeof(err));
    EXPECT(r != NULL);
    if (!r)
        return xstrdup("");
    FILE *fp = open_memstream(&text, &len);
    report_write(r, &o, f, fp);
    fclose(fp);
    report_free(r);
    return text;
}

static void test_report_output(struct tz *tz)
{
    const int64_t t0 = 1772359200000LL; /* 2026-03-01T10:00Z */
    char *latin = ledger_with("latin1.db", "caf\xe9", t0);
    char *json = render(latin, FORMAT_JSON, tz);
    EXPECT(utf8_valid(json));
    EXPECT(strstr(json, "\"campaign\": \"caf\xef\xbf\xbd\"") != NULL);
    free(json);

    char *esc = ledger_with("escape.db", "evil\n\x1b[2J\x1b]0;owned\x07", t0);
    char *table = render(esc, FORMAT_TABLE, tz);
    EXPECT(strchr(table, '\x1b') == NULL && strchr(table, '\x07') == NULL);
    EXPECT(strstr(table, "evil?") != NULL);
    int lines = 0;
    for (const char *p = table; *p; p++)
        lines += *p == '\n';
    EXPECT_INT(lines, 5); /* heading, columns, the row, rule, total */
    free(table);

    char *formula = ledger_with("formula.db", "=HYPERLINK(\"http://x\",\"y\")", t0);
    char *csv = render(formula, FORMAT_CSV, tz);
    EXPECT(strstr(csv, "\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",") != NULL);
    free(csv);
    char *plus = ledger_with("plus.db", "+1-888", t0);
    csv = render(plus, FORMAT_CSV, tz);
    EXPECT(strstr(csv, "\r\n\"'+1-888\",") != NULL);
    free(csv);

    /* A start time of INT64_MIN overflowed the day arithmetic (UBSan). */
    char *bad = ledger_with("int64min.db", "c", INT64_MIN);
    table = render(bad, FORMAT_TABLE, tz);
    EXPECT(strstr(table, "total") != NULL);
    free(table);
    free(latin);
    free(esc);
    free(formula);
    free(plus);
    free(bad);
}

static void test_report_arguments(struct tz *tz)
{
    int64_t ms;
    EXPECT_INT(report_date_parse(tz, "2026-02-30", 0, &ms), -1);
    EXPECT_INT(report_date_parse(tz, "2026-04-31", 0, &ms), -1);
    EXPECT_INT(report_date_parse(tz, "2025-02-29", 0, &ms), -1);
    EXPECT_INT(report_date_parse(tz, "2028-02-29", 0, &ms), 0);
    EXPECT_INT(report_date_parse(tz, "+026-02-01", 0, &ms), -1);
    char err[256];
    char *db = path_in("latin1.db");
    const char *dbs[] = {db};
    struct report_opts o = {.dbs = dbs,
                            .n_dbs = 1,
                            .tz = tz,
                            .timezone = "UTC",
                            .from_date = "2026-03-05",
                            .to_date = "2026-03-01"};
    report_date_parse(tz, o.from_date, 0, &o.from_utc_ms);
    report_date_parse(tz, o.to_date, 1, &o.to_utc_ms);
    EXPECT(report_build(&o, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "--from 2026-03-05 is after --to 2026-03-01: no day is in that range");
    free(db);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/signage-test-ledger-hostile-%d", (int)getpid());
    char *cmd = xasprintf("rm -rf %s && mkdir -p %s", dir, dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    struct tz *utc = tz_utc();
    test_lock_through_link();
    test_not_a_file();
    test_report_output(utc);
    test_report_arguments(utc);
    tz_free(utc);
    cmd = xasprintf("rm -rf %s", dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    return test_result("test_ledger_hostile");
}
