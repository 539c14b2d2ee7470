/* What the ledger records of a play when the wall clock steps while it is on
 * screen (defect 7): its end is its start plus what the monotonic clock
 * measured, never before its start nor a day later. The play loop's
 * recorder (loop/plays.c) runs on an injected clock (base/clock.h). */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/clock.h"
#include "ledger/playlog.h"
#include "lineup/lineup.h"
#include "loop/plays.h"
#include "testlib.h"

static int64_t query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = INT64_MIN;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Plays item 0 for 20 s on the fake clock while the wall clock jumps by
 * step_ms; returns ended_utc_ms - started_utc_ms as the ledger holds it. */
static int64_t recorded_length(struct lineup *l, const char *db, int64_t step_ms)
{
    struct clock_fake f = {{1772359200000LL, 1000}};
    struct plays p = {0};
    p.clock = clock_of_fake(&f);
    p.ledger = playlog_open(db, "screen-clock", 0);
    struct slot sl = {0};
    sl.pick = (struct schedule_pick){0, 0, 0, SCHEDULE_ROTATION};
    sl.it = &l->pls[0]->items[0];
    sl.var = &sl.it->variants[0];
    sl.scheduled_us = 20000000;
    sl.start_us = 5000000; /* the loop's clock, for shown_ms */
    plays_started(&p, l, &sl);
    clock_fake_advance(&f, 20000);
    clock_fake_step_wall(&f, step_ms);
    plays_ended(&p, l, &sl, sl.start_us + 20000000);
    EXPECT_INT(playlog_flush(p.ledger), 0);
    playlog_close(p.ledger);
    plays_free(&p);
    return query_int(db, "SELECT ended_utc_ms - started_utc_ms FROM plays");
}

int main(void)
{
    char dir[] = "/tmp/signage-test-plays-XXXXXX";
    EXPECT(mkdtemp(dir) != NULL);
    struct settings s;
    struct diag d = {0};
    settings_defaults(&s);
    free(s.timezone);
    s.timezone = xstrdup("UTC");
    struct lineup *l = lineup_load("schedule/every-step.cfg", &s, false, &d, NULL);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "%s\n", d.lines[i]);
    EXPECT(l != NULL);
    if (l) {
        const int64_t steps[] = {0, -3600000, 86400000};
        for (int i = 0; i < 3; i++) {
            char *db = xasprintf("%s/ledger-%d.db", dir, i);
            EXPECT_INT(recorded_length(l, db, steps[i]), 20000);
            free(db);
        }
    }
    lineup_free(l);
    diag_free(&d);
    settings_free(&s);
    char *cmd = xasprintf("rm -rf %s", dir);
    EXPECT_INT(system(cmd), 0);
    free(cmd);
    return test_result("test_plays_clock");
}
