/* The central database against a real PostgreSQL server (tests/central.sh
 * starts one): schema and migrations, five shippers pushing at once, the
 * same plays pushed twice, copies closed later, and reports equal to the
 * SQLite merge of the same ledgers in every shape and format.
 *
 *   test_central pure                  no server needed
 *   test_central all URL               everything on the empty database URL
 *   test_central make LEDGER SCREEN N [DAY_MS]  a ledger of N closed plays
 *   test_central push LEDGER URL SECONDS   ship until all is sent, or give up */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "fleet/central_db.h"
#include "fleet/central_report.h"
#include "fleet/shipper.h"
#include "ledger/ledger_db.h"
#include "ledger/ledger_outbox.h"
#include "ledger/report.h"
#include "testlib.h"

#define T0     1772841600000LL /* 2026-03-07T00:00:00Z: the plays span Los Angeles' DST change */
#define DAY_MS 86400000LL

static const char *const campaigns[] = {"spring", "shelter-beds", "hotline"};
static const char *const items[] = {"ad-1", "ad-2", "notice", "filler"};
static const char *const languages[] = {"en", "es", "zh-Hant"};

/* Deterministic plays: play i of a screen, every 97 s from t0. */
static void make_row(struct ledger_row *r, const char *screen, int i, int64_t t0)
{
    memset(r, 0, sizeof(*r));
    unsigned h = (unsigned)i * 2654435761u;
    snprintf(r->play_id, sizeof(r->play_id), "%08x-%04x-4000-8000-%012x", h,
             (unsigned)(strlen(screen) * 31 + (unsigned char)screen[strlen(screen) - 1]) & 0xffff,
             (unsigned)i);
    r->screen_id = (char *)screen;
    r->campaign = (char *)campaigns[h % 3];
    int it = (int)(h / 3 % 4);
    r->item = (char *)items[it];
    r->language = (char *)languages[h / 12 % 3];
    r->media = it == 2 ? NULL : "media/clip.mp4";
    r->kind = it == 2 ? PLAY_NOTICE : it == 3 ? PLAY_FILLER : h % 23 == 0 ? PLAY_ALERT : PLAY_AD;
    r->started_utc_ms = t0 + (int64_t)i * 97000 + h % 1000;
    r->scheduled_ms = 15000;
    r->ended_utc_ms = r->started_utc_ms + 15000;
    r->shown_ms = 15000;
    r->frames_shown = 375;
    r->status = PLAY_COMPLETE;
    r->impressions = (double)(h % 16) * 0.25; /* exact in binary: sums agree to the bit */
    if (h % 13 == 0) {
        r->status = PLAY_PARTIAL;
        r->shown_ms = 4000;
    } else if (h % 17 == 0) {
        r->status = PLAY_ERROR;
        r->shown_ms = 0;
        r->error = "not a decodable video";
    } else if (it == 2) {
        r->media_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    } else if (h % 19 == 0) {
        r->status = PLAY_INTERRUPTED;
        r->ended_utc_ms = 0;
        r->shown_ms = 0;
    }
    if (h % 7 == 0)
        r->impressions = -1;
}

/* Writes n plays of screen into path (closed ones, and one left playing). */
static void make_ledger(const char *path, const char *screen, int n, int64_t t0)
{
    char err[256];
    sqlite3 *db = ledger_db_open(path, NULL, err, sizeof(err));
    if (!db) {
        fprintf(stderr, "%s: %s\n", path, err);
        exit(1);
    }
    struct ledger_row *rows = calloc((size_t)n + 1, sizeof(rows[0]));
    struct ledger_row **ptrs = calloc((size_t)n + 1, sizeof(ptrs[0]));
    for (int i = 0; i <= n; i++) {
        make_row(&rows[i], screen, i, t0);
        ptrs[i] = &rows[i];
    }
    rows[n].status = PLAY_PLAYING; /* on screen now: not sent */
    for (int i = 0; i <= n; i += 1000) {
        int k = n + 1 - i < 1000 ? n + 1 - i : 1000;
        EXPECT_INT(ledger_db_write(db, ptrs + i, k, err, sizeof(err)), 0);
    }
    ledger_db_close(db);
    free(rows);
    free(ptrs);
}

static PGconn *pg(const char *url)
{
    char err[512];
    PGconn *c = central_db_connect(url, -1, err, sizeof(err));
    if (!c) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    return c;
}

static long long pg_int(PGconn *c, const char *sql)
{
    char err[512];
    PGresult *r = central_db_exec(c, -1, sql, 0, NULL, err, sizeof(err));
    if (!r || PQntuples(r) < 1) {
        fprintf(stderr, "%s: %s\n", sql, r ? "no row" : err);
        PQclear(r);
        return -1;
    }
    long long v = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

static long long sqlite_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    sqlite3_open(path, &db);
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sqlite_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    sqlite3_busy_timeout(db, 5000);
    EXPECT_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Waits until the shippers have sent want plays in all; false on timeout. */
static bool wait_sent(struct shipper **sh, int n, int64_t want, int seconds)
{
    for (int t = 0; t < seconds * 20; t++) {
        int64_t sent = 0;
        bool idle = true;
        for (int i = 0; i < n; i++) {
            struct shipper_stats st = shipper_stats(sh[i]);
            sent += st.sent;
            idle &= st.backlog == 0;
        }
        if (sent >= want && idle)
            return true;
        sleep_ms(50);
    }
    return false;
}

/* ---- pure ---- */

static void test_pure(void)
{
    EXPECT(central_db_is_url("postgresql://db/x"));
    EXPECT(central_db_is_url("postgres://u@db/x"));
    EXPECT(!central_db_is_url("var/ledger.db"));
    EXPECT(!central_db_is_url(NULL));
    char *u = central_db_url_redacted("postgresql://signage:s3cret@db.example.org:5432/signage");
    EXPECT_STR(u, "postgresql://signage:***@db.example.org:5432/signage");
    free(u);
    u = central_db_url_redacted("postgresql://signage@db.example.org/signage?sslmode=verify-full");
    EXPECT_STR(u, "postgresql://signage@db.example.org/signage?sslmode=verify-full");
    free(u);
    EXPECT_INT(central_db_month_start(T0), 1772323200000LL); /* 2026-03-01 */
    EXPECT_INT(central_db_month_start(1772323200000LL), 1772323200000LL);
    EXPECT_INT(central_db_month_start(1772323199999LL), 1769904000000LL); /* 2026-02-01 */
    EXPECT_INT(shipper_backoff_ms(1), 1000);
    EXPECT_INT(shipper_backoff_ms(2), 2000);
    EXPECT_INT(shipper_backoff_ms(7), 60000);
    EXPECT_INT(shipper_backoff_ms(500), 60000);

    /* The local time expression: one offset in UTC, a CASE across a DST change. */
    char err[256];
    struct tz *utc = tz_load("UTC", err, sizeof(err)),
              *la = tz_load("America/Los_Angeles", err, sizeof(err));
    EXPECT(utc && la);
    char *sql = central_report_local_sql(utc, T0, T0 + 30 * DAY_MS);
    EXPECT_STR(sql, "(started_utc_ms / 900000 * 900000) + 0");
    free(sql);
    sql = central_report_local_sql(la, T0, T0 + 10 * DAY_MS);
    /* 2026-03-08T10:00:00Z: PST (-8 h) before, PDT after. */
    EXPECT_STR(sql, "(started_utc_ms / 900000 * 900000) + CASE WHEN started_utc_ms < 1772964000000"
                    " THEN -28800000 ELSE -25200000 END");
    free(sql);
    tz_free(utc);
    tz_free(la);
}

/* ---- against the server ---- */

static char *render(const struct report_opts *base, const char *by, const char *from,
                    const char *to, const char *kind, enum report_format f)
{
    char err[512], *text = NULL;
    size_t len = 0;
    struct report_opts o = *base;
    o.kind = kind;
    o.charts = f == FORMAT_HTML;
    o.from_date = from;
    o.to_date = to;
    EXPECT_INT(report_fields_parse(by, o.by, &o.n_by, err, sizeof(err)), 0);
    if (from)
        EXPECT_INT(report_date_parse(o.tz, from, 0, &o.from_utc_ms), 0);
    if (to)
        EXPECT_INT(report_date_parse(o.tz, to, 1, &o.to_utc_ms), 0);
    struct report *r = report_build(&o, err, sizeof(err));
    if (!r) {
        fprintf(stderr, "report_build: %s\n", err);
        EXPECT(r != NULL);
        return strdup("");
    }
    FILE *fp = open_memstream(&text, &len);
    EXPECT_INT(report_write(r, &o, f, fp), 0);
    fclose(fp);
    report_free(r);
    /* HTML states when it was made, to the second. */
    char *made = strstr(text, "; made ");
    for (char *p = made ? made + 7 : NULL; p && *p && *p != '<'; p++)
        *p = '*';
    return text;
}

/* Every shape and format: the central report's text equals the merge's. */
static void test_reports_equal(const char *url, const char *const *ledgers, int n)
{
    char err[256];
    struct tz *la = tz_load("America/Los_Angeles", err, sizeof(err));
    const char *urls[] = {url};
    /* Both state the same source: the figures are what is compared. */
    struct report_opts files = {.dbs = ledgers,
                                .n_dbs = n,
                                .tz = la,
                                .timezone = "America/Los_Angeles",
                                .source_name = "the test"};
    struct report_opts central = files;
    central.dbs = urls;
    central.n_dbs = 1;
    central.source = central_report_read;
    static const struct {
        const char *by, *from, *to, *kind;
    } shapes[] = {
        {"day,campaign,item,language", NULL, NULL, NULL},
        {"screen", NULL, NULL, NULL},
        {"day,hour", NULL, NULL, NULL},
        {"hour,screen,language", "2026-03-07", "2026-03-09", NULL},
        {"campaign,language", "2026-03-08", "2026-03-08", "notice"},
        {"item", NULL, "2026-03-05", "ad"},
        {"language,day", "2026-03-10", NULL, "filler"},
        {"campaign", "2027-01-01", NULL, NULL}, /* nothing */
    };
    for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
        for (int f = FORMAT_TABLE; f <= FORMAT_HTML; f++) {
            char *a = render(&files, shapes[s].by, shapes[s].from, shapes[s].to, shapes[s].kind,
                             (enum report_format)f);
            char *b = render(&central, shapes[s].by, shapes[s].from, shapes[s].to, shapes[s].kind,
                             (enum report_format)f);
            test_checks++;
            if (strcmp(a, b) != 0 || strlen(a) < 20) {
                test_failures++;
                fprintf(stderr,
                        "FAILED: report --by %s format %d differs:\n--- ledgers\n%s\n"
                        "--- central\n%s\n",
                        shapes[s].by, f, a, b);
            }
            free(a);
            free(b);
        }
    }
    tz_free(la);
}

static void test_all(const char *url)
{
    char err[512], dir[64];
    int from = -1;
    snprintf(dir, sizeof(dir), "/tmp/signage-test-central-%d", (int)getpid());
    char *cmd = xasprintf("rm -rf %s && mkdir -p %s", dir, dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);

    /* No schema yet: a shipper would wait; init makes it, a second init is a no-op. */
    PGconn *c = pg(url);
    EXPECT_INT(central_db_check(c, -1, err, sizeof(err)), -1);
    EXPECT(strstr(err, "signage central init") != NULL);
    if (central_db_migrate(c, &from, err, sizeof(err)) < 0)
        fprintf(stderr, "central_db_migrate: %s\n", err);
    EXPECT_INT(from, 0);
    EXPECT_INT(central_db_migrate(c, &from, err, sizeof(err)), 0);
    EXPECT_INT(from, CENTRAL_SCHEMA_VERSION);
    EXPECT_INT(central_db_check(c, -1, err, sizeof(err)), 0);

    /* Five screens pushing at once, in batches of 300. */
    enum { SCREENS = 5, PLAYS = 2500 };
    char *ledgers[SCREENS + 1], screen_ids[SCREENS][32];
    struct shipper *sh[SCREENS];
    int64_t closed = 0;
    for (int i = 0; i < SCREENS; i++) {
        snprintf(screen_ids[i], sizeof(screen_ids[i]), "shelter-%d", i + 1);
        ledgers[i] = xasprintf("%s/%s.db", dir, screen_ids[i]);
        make_ledger(ledgers[i], screen_ids[i], PLAYS + i * 100, T0 - i * (2 * DAY_MS + 3600000LL));
        closed += sqlite_int(ledgers[i], "SELECT count(*) FROM plays WHERE status != 'playing'");
    }
    for (int i = 0; i < SCREENS; i++) {
        struct shipper_config cfg = {.url = url,
                                     .ledger = ledgers[i],
                                     .screen_id = screen_ids[i],
                                     .player_version = "0.1.0-test",
                                     .every_ms = 200,
                                     .batch = 300};
        sh[i] = shipper_start(&cfg);
        shipper_note(sh[i], "ad-1 [en]", NULL, NULL);
    }
    EXPECT(wait_sent(sh, SCREENS, closed, 60));
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays"), closed);
    EXPECT_INT(pg_int(c, "SELECT count(DISTINCT play_id) FROM signage.plays"), closed);
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays WHERE status = 'playing'"), 0);
    long long hashed = 0;
    for (int i = 0; i < SCREENS; i++)
        hashed += sqlite_int(ledgers[i], "SELECT count(*) FROM plays WHERE media_sha256 LIKE"
                                         " '9f86%' AND status != 'playing'");
    EXPECT(hashed > 0);
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays WHERE media_sha256 LIKE '9f86%'"),
               hashed);
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.screens WHERE backlog = 0"
                         " AND player_version = '0.1.0-test' AND on_screen = 'ad-1 [en]'"),
               SCREENS);
    /* Two months: two partitions, made by the pushes. */
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM pg_inherits"
                         " WHERE inhparent = 'signage.plays'::regclass"),
               2);
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays WHERE status = 'interrupted'"
                         " AND (ended_utc_ms IS NOT NULL OR shown_ms IS NOT NULL)"),
               0);
    for (int i = 0; i < SCREENS; i++)
        EXPECT_INT(sqlite_int(ledgers[i], "SELECT count(*) FROM plays WHERE status != 'playing'"
                                          " AND central_status IS NOT status"),
                   0);

    /* The same plays pushed twice (the acknowledgement lost): nothing changes. */
    long long before = pg_int(c, "SELECT extract(epoch FROM max(received_at)) * 1000000"
                                 " FROM signage.plays");
    sqlite_exec(ledgers[0], "UPDATE plays SET central_status = NULL");
    int64_t sent0 = shipper_stats(sh[0]).sent;
    shipper_poke(sh[0]);
    for (int t = 0; t < 400 && shipper_stats(sh[0]).sent < sent0 + PLAYS; t++)
        sleep_ms(50);
    EXPECT_INT(shipper_stats(sh[0]).sent,
               sent0 + sqlite_int(ledgers[0], "SELECT count(*) FROM plays WHERE "
                                              "status != 'playing'"));
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays"), closed);
    EXPECT_INT(pg_int(c, "SELECT extract(epoch FROM max(received_at)) * 1000000"
                         " FROM signage.plays"),
               before);

    /* The play left on screen ends; an interrupted copy is replaced by a
     * more closed one: both reach the server. */
    sqlite_exec(ledgers[1], "UPDATE plays SET status = 'complete', ended_utc_ms ="
                            " started_utc_ms + 15000, shown_ms = 15000 WHERE status = 'playing'");
    sqlite_exec(ledgers[1], "UPDATE plays SET status = 'partial', ended_utc_ms = started_utc_ms"
                            " + 9000, shown_ms = 9000 WHERE rowid = (SELECT min(rowid) FROM plays"
                            " WHERE status = 'interrupted')");
    int64_t sent1 = shipper_stats(sh[1]).sent;
    shipper_poke(sh[1]);
    for (int t = 0; t < 400 && shipper_stats(sh[1]).sent < sent1 + 2; t++)
        sleep_ms(50);
    EXPECT_INT(shipper_stats(sh[1]).sent, sent1 + 2);
    closed++;
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays"), closed);
    EXPECT_INT(pg_int(c, "SELECT count(*) FROM signage.plays WHERE status = 'partial'"
                         " AND shown_ms = 9000"),
               1);

    for (int i = 0; i < SCREENS; i++)
        shipper_stop(sh[i]);

    /* Sums equal to the SQLite merge's: the five ledgers and a copy of one
     * (through the UUID merge), against the server. */
    ledgers[SCREENS] = xasprintf("%s/copy.db", dir);
    cmd = xasprintf("cp %s %s", ledgers[0], ledgers[SCREENS]);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    test_reports_equal(url, (const char *const *)ledgers, SCREENS + 1);

    for (int i = 0; i <= SCREENS; i++)
        free(ledgers[i]);
    PQfinish(c);
    cmd = xasprintf("rm -rf %s", dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
}

/* Ships a ledger until everything is sent (exit 0) or seconds pass (exit 1),
 * printing the figures: for the shell tests that break things. */
static int push(const char *ledger, const char *url, int seconds)
{
    bool not_yet;
    char err[256];
    sqlite3 *db = ledger_outbox_open(ledger, &not_yet, err, sizeof(err));
    if (!db) {
        fprintf(stderr, "%s: %s\n", ledger, err);
        return 2;
    }
    ledger_db_close(db);
    struct shipper_config cfg = {.url = url,
                                 .ledger = ledger,
                                 .screen_id = "pusher",
                                 .player_version = "test",
                                 .every_ms = 100,
                                 .batch =
                                     getenv("CENTRAL_BATCH") ? atoi(getenv("CENTRAL_BATCH")) : 200};
    struct shipper *sh = shipper_start(&cfg);
    bool done = false;
    struct shipper_stats st = {0};
    for (int t = 0; t < seconds * 20 && !done; t++) {
        sleep_ms(50);
        st = shipper_stats(sh);
        done = st.backlog == 0 && st.failures == 0 && st.pushes > 0;
    }
    shipper_stop(sh);
    printf("push: sent %lld in %lld pushes, backlog %lld, failures %d\n", (long long)st.sent,
           (long long)st.pushes, (long long)st.backlog, st.failures);
    return done ? 0 : 1;
}

int main(int argc, char **argv)
{
    log_set_level(getenv("SIGNAGE_TEST_DEBUG") ? LOG_DEBUG : LOG_INFO);
    const char *mode = argc > 1 ? argv[1] : "pure";
    if (strcmp(mode, "make") == 0 && argc >= 5) {
        make_ledger(argv[2], argv[3], atoi(argv[4]), argc > 5 ? atoll(argv[5]) : T0);
        return test_failures ? 1 : 0;
    }
    if (strcmp(mode, "push") == 0 && argc == 5)
        return push(argv[2], argv[3], atoi(argv[4]));
    test_pure();
    if (strcmp(mode, "all") == 0 && argc == 3)
        test_all(argv[2]);
    return test_result("test_central");
}
