/* The scheduler against what hostile testing found: `every` items that
 * would take over the rotation (defect 1), and a wall clock that steps
 * back or forward while the hotline is guaranteed (defect 7), on an
 * injected clock (base/clock.h) that moves its two readings apart. */
#include <stdlib.h>

#include "base/clock.h"
#include "schedule/dryrun.h"
#include "schedule/schedule.h"
#include "schedule_fixture.h"
#include "testlib.h"

static struct playlist *load(const char *name)
{
    return schedule_fixture(name);
}

struct counts {
    int plays[8];
    int n;
    int longest_run; /* most forced plays in a row */
    int run;
};

static void count(void *ctx, const struct schedule *s, const struct schedule_pick *pick,
                  int64_t start_ms, int64_t shown_ms)
{
    struct counts *c = ctx;
    if (pick->item >= 0 && pick->item < 8)
        c->plays[pick->item]++;
    c->n++;
    c->run = pick->reason == SCHEDULE_EVERY ? c->run + 1 : 0;
    c->longest_run = c->run > c->longest_run ? c->run : c->longest_run;
}

/* A 400 s poster, a 15 s ad and a hotline every 300 s: over 2 hours all
 * three play, and the hotline comes round about every 5 minutes. */
static void test_every_longer_than_item(const struct tz *tz)
{
    struct playlist *pl = load("every-long.cfg");
    const struct playlist *pls[] = {pl};
    struct schedule *s = schedule_create(pls, 1, tz);
    struct counts c = {0};
    struct dryrun_opts o = {1767261600000, 2 * 3600000, 10000}; /* 2026-01-01T10:00Z */
    dryrun_run(s, &o, count, &c);
    int poster = playlist_find(pl, "poster"), ad = playlist_find(pl, "ad"),
        hot = playlist_find(pl, "hotline");
    EXPECT(c.plays[poster] >= 5);
    EXPECT(c.plays[ad] >= 5);
    EXPECT(c.plays[hot] >= 7200 / 300 / 2); /* late at worst by one poster */
    EXPECT(c.plays[hot] < 60);              /* was 720: it took every turn */
    EXPECT(c.longest_run <= 1);
    schedule_free(s);
    playlist_free(pl);
}

static void test_two_every_items(const struct tz *tz)
{
    struct playlist *pl = load("every-both.cfg");
    const struct playlist *pls[] = {pl};
    struct schedule *s = schedule_create(pls, 1, tz);
    struct counts c = {0};
    struct dryrun_opts o = {1767261600000, 3600000, 10000};
    dryrun_run(s, &o, count, &c);
    EXPECT(c.plays[0] >= 25);
    EXPECT(c.plays[1] >= 25);
    EXPECT(c.longest_run <= 1);
    schedule_free(s);
    playlist_free(pl);
}

/* Plays the schedule for `hours` on the fake clock, stepping the wall
 * clock by step_ms once, an hour in; returns the longest gap between two
 * starts of item `hot` on the monotonic clock while its window is open. */
static int64_t longest_gap(const struct playlist *pl, const struct tz *tz, int64_t step_ms, int hot,
                           int *plays)
{
    struct schedule *s = schedule_create(&pl, 1, tz);
    struct clock_fake f = {{1767258000000, 5000}}; /* 2026-01-01T09:00Z, mono 5 s */
    struct clock clk = clock_of_fake(&f);
    int64_t last = -1, gap = 0;
    bool stepped = false;
    *plays = 0;
    for (int i = 0; i < 400; i++) {
        struct clock_now now = clock_read(&clk);
        if (!stepped && now.mono_ms > 3600000) {
            clock_fake_step_wall(&f, step_ms);
            stepped = true;
            now = clock_read(&clk);
        }
        struct schedule_pick p = schedule_next_at(s, now);
        schedule_played_at(s, &p, now);
        if (p.item == hot) {
            if (last >= 0 && now.mono_ms - last > gap)
                gap = now.mono_ms - last;
            last = now.mono_ms;
            (*plays)++;
        }
        clock_fake_advance(&f, schedule_duration_ms(s, &p, 10000));
    }
    if (last >= 0 && f.now.mono_ms - last > gap) /* a guarantee that stopped for good */
        gap = f.now.mono_ms - last;
    schedule_free(s);
    return gap;
}

static void test_wall_clock_steps(const struct tz *tz)
{
    struct playlist *pl = load("every-step.cfg");
    int hot = playlist_find(pl, "hotline"), plays;
    /* Without a step: never more than every + one ad + the hotline. */
    int64_t gap = longest_gap(pl, tz, 0, hot, &plays);
    EXPECT(gap <= 60000 + 20000 + 8000);
    int steady = plays;
    EXPECT(plays > 50);
    /* The clock goes back an hour (10:00 -> 09:00, still open): the
     * guarantee holds; with wall-clock deadlines it stopped for an hour. */
    gap = longest_gap(pl, tz, -3600000, hot, &plays);
    EXPECT(gap <= 60000 + 20000 + 8000);
    EXPECT(plays > steady * 9 / 10);
    /* Forward a day (still 10:00, still open): the guarantee is not hurried
     * into back-to-back hotlines, and not lost. */
    gap = longest_gap(pl, tz, 86400000, hot, &plays);
    EXPECT(gap <= 60000 + 20000 + 8000);
    EXPECT(plays > steady * 9 / 10 && plays < steady * 11 / 10);
    /* Forward 8 hours (to 18:00, outside 09:00-17:00): dayparts follow the
     * wall clock, so the hotline stops. */
    longest_gap(pl, tz, 8 * 3600000, hot, &plays);
    EXPECT(plays < steady * 2 / 3); /* only the first hour's */
    playlist_free(pl);
}

static void test_clock_elapsed(void)
{
    struct clock_fake f = {{1000000, 0}};
    struct clock c = clock_of_fake(&f);
    struct clock_now a = clock_read(&c);
    clock_fake_advance(&f, 2500);
    clock_fake_step_wall(&f, -3600000);
    struct clock_now b = clock_read(&c);
    EXPECT_INT(clock_elapsed_ms(a, b), 2500); /* not -3597500 */
    EXPECT(b.wall_ms < a.wall_ms);
    struct clock_now s1 = clock_read(NULL), s2 = clock_read(NULL);
    EXPECT(clock_elapsed_ms(s1, s2) >= 0);
}

int main(void)
{
    struct tz *utc = tz_utc();
    test_every_longer_than_item(utc);
    test_two_every_items(utc);
    test_wall_clock_steps(utc);
    test_clock_elapsed();
    tz_free(utc);
    return test_result("test_schedule_hostile");
}
