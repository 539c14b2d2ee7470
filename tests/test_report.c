/* report: merging ledgers by play UUID, grouping, date limits and the CSV
 * and JSON quoting. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ledger/ledger_db.h"
#include "ledger/report.h"
#include "testlib.h"

#define DAY_MS (24 * 3600 * 1000LL)
#define T0     1772359200000LL /* 2026-03-01T10:00:00Z */

static char dir[64];
static const struct tz *zone;            /* the zone reports are made in */
static const char *screen = "shelter-1"; /* of the ledgers make_ledger() makes */

struct play {
    const char *id, *campaign, *item;
    enum play_kind kind;
    int64_t started;
    enum play_status status;
    int64_t shown_ms;
    double impressions;
};

static char *make_ledger(const char *name, const struct play *plays, int n)
{
    char err[256];
    char *path = xasprintf("%s/%s", dir, name);
    sqlite3 *db = ledger_db_open(path, NULL, err, sizeof(err));
    EXPECT(db != NULL);
    for (int i = 0; i < n; i++) {
        struct ledger_row r = {
            .screen_id = (char *)screen,
            .campaign = (char *)plays[i].campaign,
            .item = (char *)plays[i].item,
            .language = "en",
            .kind = plays[i].kind,
            .started_utc_ms = plays[i].started,
            .ended_utc_ms = plays[i].started + 10000,
            .scheduled_ms = 10000,
            .shown_ms = plays[i].shown_ms,
            .status = plays[i].status,
            .impressions = plays[i].impressions,
        };
        snprintf(r.play_id, sizeof(r.play_id), "%s", plays[i].id);
        struct ledger_row *rows[] = {&r};
        EXPECT_INT(ledger_db_write(db, rows, 1, err, sizeof(err)), 0);
    }
    ledger_db_close(db);
    return path;
}

static struct report *build(const char *const *dbs, int n, const char *by, const char *from,
                            const char *to, const char *kind)
{
    char err[256];
    struct report_opts o = {.dbs = dbs, .n_dbs = n, .kind = kind, .tz = zone, .timezone = "UTC"};
    EXPECT_INT(report_fields_parse(by, o.by, &o.n_by, err, sizeof(err)), 0);
    if (from)
        EXPECT_INT(report_date_parse(zone, from, 0, &o.from_utc_ms), 0);
    if (to)
        EXPECT_INT(report_date_parse(zone, to, 1, &o.to_utc_ms), 0);
    struct report *r = report_build(&o, err, sizeof(err));
    if (!r)
        fprintf(stderr, "report_build: %s\n", err);
    EXPECT(r != NULL);
    return r;
}

static char *render(const char *const *dbs, int n, const char *by, enum report_format f)
{
    char err[256], *text = NULL;
    size_t len = 0;
    struct report_opts o = {.dbs = dbs, .n_dbs = n, .tz = zone, .timezone = "UTC", .charts = true};
    report_fields_parse(by, o.by, &o.n_by, err, sizeof(err));
    struct report *r = report_build(&o, err, sizeof(err));
    FILE *fp = open_memstream(&text, &len);
    EXPECT_INT(report_write(r, &o, f, fp), 0);
    fclose(fp);
    report_free(r);
    return text;
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/signage-test-report-%d", (int)getpid());
    char *cmd = xasprintf("rm -rf %s && mkdir -p %s", dir, dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    char err[256];
    struct tz *utc = tz_load("UTC", err, sizeof(err));
    EXPECT(utc != NULL);
    zone = utc;

    /* Ledger a was copied off the screen while p3 played; b is a later copy. */
    const struct play a[] = {
        {"p1", "c1", "ad-1", PLAY_AD, T0, PLAY_COMPLETE, 10000, 2.0},
        {"p2", "c1", "ad-2", PLAY_AD, T0 + 60000, PLAY_PARTIAL, 4000, 0.5},
        {"p3", "c1", "ad-1", PLAY_AD, T0 + DAY_MS, PLAY_PLAYING, 0, -1},
    };
    const struct play b[] = {
        {"p1", "c1", "ad-1", PLAY_AD, T0, PLAY_COMPLETE, 10000, 2.0},
        {"p3", "c1", "ad-1", PLAY_AD, T0 + DAY_MS, PLAY_COMPLETE, 10000, 2.0},
        {"p4", "c2, \"the big one\"", "ad-3", PLAY_NOTICE, T0 + 2 * DAY_MS, PLAY_ERROR, 0, -1},
        {"p5", "c2, \"the big one\"", "ad-3", PLAY_NOTICE, T0 + 2 * DAY_MS, PLAY_INTERRUPTED, 0,
         -1},
    };
    char *pa = make_ledger("a.db", a, 3), *pb = make_ledger("b.db", b, 4);

    /* One ledger: a play still on screen is not counted yet. */
    const char *only_a[] = {pa};
    struct report *r = build(only_a, 1, "campaign", NULL, NULL, NULL);
    EXPECT_INT(r->total.plays, 2);
    EXPECT_INT(r->total.complete, 1);
    EXPECT_INT(r->total.partial, 1);
    EXPECT(r->total.impressions == 2.0); /* of complete plays only */
    report_free(r);

    /* The same ledger twice, and overlapping copies in any order, count once. */
    const char *twice[] = {pa, pa};
    r = build(twice, 2, "campaign", NULL, NULL, NULL);
    EXPECT_INT(r->total.plays, 2);
    report_free(r);
    const char *both[] = {pa, pb, pb, pa};
    r = build(both, 4, "campaign", NULL, NULL, NULL);
    EXPECT_INT(r->total.plays, 5);
    EXPECT_INT(r->total.complete, 2); /* p3 closed in the later copy wins */
    EXPECT_INT(r->total.partial, 1);
    EXPECT_INT(r->total.errors, 1);
    EXPECT_INT(r->total.interrupted, 1);
    EXPECT_INT(r->total.shown_ms, 24000);
    EXPECT(r->total.impressions == 4.0);
    EXPECT_INT(r->groups.n_rows, 2);
    EXPECT_STR(r->groups.rows[0].fields[FIELD_CAMPAIGN], "c1");
    EXPECT_INT(r->groups.rows[0].plays, 3);
    EXPECT(r->groups.rows[0].fields[FIELD_DAY] == NULL);
    report_free(r);

    /* A copy cut off (interrupted) is replaced by a more closed one, in
     * either order: the rule of LEDGER_CLOSED_RANK_SQL. */
    const struct play cut[] = {
        {"p3", "c1", "ad-1", PLAY_AD, T0 + DAY_MS, PLAY_INTERRUPTED, 0, -1},
    };
    char *pcut = make_ledger("cut.db", cut, 1);
    const char *cut_first[] = {pcut, pb}, *cut_last[] = {pb, pcut};
    for (int order = 0; order < 2; order++) {
        r = build(order ? cut_last : cut_first, 2, "campaign", NULL, NULL, NULL);
        EXPECT_INT(r->total.plays, 4);
        EXPECT_INT(r->total.complete, 2);
        EXPECT_INT(r->total.interrupted, 1); /* p5 only */
        report_free(r);
    }
    free(pcut);
    const char *ba[] = {pb, pa};
    r = build(ba, 2, "day,item", NULL, NULL, NULL);
    EXPECT_INT(r->total.complete, 2);
    EXPECT_INT(r->groups.n_rows, 4);
    EXPECT_STR(r->groups.rows[0].fields[FIELD_DAY], "2026-03-01");
    EXPECT_STR(r->groups.rows[0].fields[FIELD_ITEM], "ad-1");
    EXPECT_STR(r->groups.rows[3].fields[FIELD_DAY], "2026-03-03");
    report_free(r);

    /* Another screen's ledger adds its plays (read apart: no play is shared). */
    const struct play c[] = {
        {"q1", "c1", "ad-1", PLAY_AD, T0, PLAY_COMPLETE, 10000, 2.0},
        {"q2", "c1", "ad-1", PLAY_AD, T0 + DAY_MS, PLAY_COMPLETE, 10000, 2.0},
    };
    screen = "shelter-2";
    char *pc = make_ledger("c.db", c, 2);
    const char *three[] = {pa, pc, pb, pa};
    r = build(three, 4, "screen", NULL, NULL, NULL);
    EXPECT_INT(r->total.plays, 7);
    EXPECT_INT(r->total.complete, 4);
    EXPECT_INT(r->groups.n_rows, 2);
    EXPECT_STR(r->groups.rows[1].fields[FIELD_SCREEN], "shelter-2");
    EXPECT_INT(r->groups.rows[1].complete, 2);
    report_free(r);
    free(pc);

    /* Dates: --to is inclusive; --kind filters. */
    r = build(ba, 2, "day", "2026-03-02", "2026-03-02", NULL);
    EXPECT_INT(r->total.plays, 1);
    report_free(r);
    r = build(ba, 2, "day", "2026-03-02", NULL, "notice");
    EXPECT_INT(r->total.plays, 2);
    report_free(r);

    /* Local days follow the time zone: 10:00 UTC on 1 March is midnight of
     * 2 March on Kiritimati (UTC+14). */
    struct tz *kiritimati = tz_load("Pacific/Kiritimati", err, sizeof(err));
    EXPECT(kiritimati != NULL);
    zone = kiritimati;
    r = build(only_a, 1, "day,hour", NULL, NULL, NULL);
    EXPECT_STR(r->groups.rows[0].fields[FIELD_DAY], "2026-03-02");
    EXPECT_STR(r->groups.rows[0].fields[FIELD_HOUR], "00:00");
    report_free(r);
    zone = utc;
    tz_free(kiritimati);

    /* CSV quotes as RFC 4180 says; JSON escapes. */
    char *csv = render(ba, 2, "campaign", FORMAT_CSV);
    EXPECT(
        strstr(csv, "campaign,plays,complete,partial,errors,interrupted,seconds,impressions\r\n") ==
        csv);
    EXPECT(strstr(csv, "\r\n\"c2, \"\"the big one\"\"\",2,0,0,1,1,0.0,\r\n") != NULL);
    EXPECT(strstr(csv, "\r\ntotal,5,2,1,1,1,24.0,4.0\r\n") != NULL);
    free(csv);
    char *json = render(ba, 2, "campaign", FORMAT_JSON);
    EXPECT(strstr(json, "\"campaign\": \"c2, \\\"the big one\\\"\"") != NULL);
    free(json);
    char *html = render(ba, 2, "campaign", FORMAT_HTML);
    EXPECT(strstr(html, "<svg") != NULL && strstr(html, "<script") == NULL);
    EXPECT(strstr(html, "c2, &quot;the big one&quot;") != NULL);
    free(html);

    /* Not a ledger. */
    const char *missing[] = {"/nonexistent/ledger.db"};
    struct report_opts o = {.dbs = missing, .n_dbs = 1, .n_by = 0, .tz = zone};
    EXPECT(report_build(&o, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "/nonexistent/ledger.db: No such file or directory");

    tz_free(utc);
    free(pa);
    free(pb);
    cmd = xasprintf("rm -rf %s", dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    return test_result("test_report");
}
