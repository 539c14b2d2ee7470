/* The scheduler on a simulated clock: share of voice over 24 h, the `every`
 * guarantee, priority interrupts, date ranges and dayparts, both DST
 * changes in Los Angeles and in Sydney, several playlists, and the fallback
 * when nothing is eligible. Fixtures are in tests/schedule/. */
#include <math.h>
#include <stdlib.h>

#include "schedule/dryrun.h"
#include "schedule/schedule.h"
#include "schedule_fixture.h"
#include "testlib.h"

#define MAX_TRACE 20000

struct play {
    int64_t start_ms, shown_ms;
    int playlist, item, variant;
};

struct trace {
    struct play plays[MAX_TRACE];
    int n;
};

static void record(void *ctx, const struct schedule *s, const struct schedule_pick *pick,
                   int64_t start_ms, int64_t shown_ms)
{
    struct trace *t = ctx;
    if (t->n < MAX_TRACE)
        t->plays[t->n++] =
            (struct play){start_ms, shown_ms, pick->playlist, pick->item, pick->variant};
}

static struct playlist *load(const char *name)
{
    return schedule_fixture(name);
}

static struct tz *zone(const char *name)
{
    char err[256];
    struct tz *tz = tz_load(name, err, sizeof(err));
    if (!tz) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    return tz;
}

static int64_t at(const struct tz *tz, const char *local)
{
    int64_t utc_s = 0;
    if (tz_parse_iso(tz, local, &utc_s) < 0)
        abort();
    return utc_s * 1000;
}

/* Runs one playlist for hours from local time from; returns a trace (caller frees). */
static struct trace *run(const struct playlist *pl, const struct tz *tz, const char *from,
                         double hours)
{
    struct trace *t = xcalloc(1, sizeof(*t));
    struct schedule *s = schedule_create(&pl, 1, tz);
    struct dryrun_opts o = {at(tz, from), (int64_t)(hours * 3.6e6), 10000};
    dryrun_run(s, &o, record, t);
    schedule_free(s);
    return t;
}

/* Real time item spent on screen in a trace. */
static int64_t time_of(const struct trace *t, int item)
{
    int64_t ms = 0;
    for (int i = 0; i < t->n; i++)
        if (t->plays[i].item == item)
            ms += t->plays[i].shown_ms;
    return ms;
}

static void test_weights(const struct tz *tz)
{
    struct playlist *pl = load("weights.cfg");
    struct trace *t = run(pl, tz, "2026-06-01T00:00", 24);
    EXPECT_INT(t->n, 8640);
    double total_w = 6, worst_day = 0, worst_hour = 0;
    int counts[3] = {0};
    int hour_counts[3] = {0}, hour_plays = 0;
    int last[3] = {-1, -1, -1}, max_gap[3] = {0}, repeats = 0;
    for (int i = 0; i < t->n; i++) {
        int k = t->plays[i].item;
        counts[k]++;
        hour_counts[k]++;
        hour_plays++;
        if (last[k] >= 0 && i - last[k] > max_gap[k])
            max_gap[k] = i - last[k];
        last[k] = i;
        repeats += i > 0 && t->plays[i - 1].item == k && k != 0;
        if (hour_plays == 360) { /* one hour of 10 s plays */
            for (int j = 0; j < 3; j++) {
                double err = fabs(100.0 * hour_counts[j] / hour_plays -
                                  100.0 * pl->items[j].weight / total_w);
                worst_hour = err > worst_hour ? err : worst_hour;
                hour_counts[j] = 0;
            }
            hour_plays = 0;
        }
    }
    for (int j = 0; j < 3; j++) {
        double err = fabs(100.0 * counts[j] / t->n - 100.0 * pl->items[j].weight / total_w);
        worst_day = err > worst_day ? err : worst_day;
    }
    printf("share of voice over 24 h, weights 3:2:1, 8640 plays: %d/%d/%d plays, "
           "worst error %.3f points over the day, %.3f points in any hour\n",
           counts[0], counts[1], counts[2], worst_day, worst_hour);
    EXPECT(worst_day < 0.5);
    EXPECT(worst_hour < 2.0);
    /* Spread, not bunched: weight 1 of 6 comes every 6th play, weight 2 every 3rd. */
    EXPECT_INT(max_gap[2], 6);
    EXPECT(max_gap[1] <= 3);
    EXPECT_INT(repeats, 0);
    free(t);
    playlist_free(pl);
}

/* Different lengths, an `every` item among weighted ones: the share of plays
 * of the items the guarantee does not force stays with their weights. */
static void test_mixed(const struct tz *tz)
{
    struct playlist *pl = load("mixed.cfg");
    struct trace *t = run(pl, tz, "2026-06-01T00:00", 24);
    int counts[4] = {0}, hour[4] = {0}, weighted = 0, hour_weighted = 0;
    double worst_day = 0, worst_hour = 0;
    int64_t hour_end = t->plays[0].start_ms + 3600000, last_hotline = t->plays[0].start_ms, gap = 0;
    for (int i = 0; i < t->n; i++) {
        const struct play *p = &t->plays[i];
        if (p->start_ms >= hour_end) {
            for (int k = 0; k < 3; k++) {
                double err = fabs(100.0 * hour[k] / hour_weighted - 100.0 * (3 - k) / 6.0);
                worst_hour = err > worst_hour ? err : worst_hour;
                hour[k] = 0;
            }
            hour_weighted = 0;
            hour_end += 3600000;
        }
        counts[p->item]++;
        if (p->item == 3) {
            gap = p->start_ms - last_hotline > gap ? p->start_ms - last_hotline : gap;
            last_hotline = p->start_ms;
            continue;
        }
        hour[p->item]++;
        hour_weighted++;
        weighted++;
    }
    for (int k = 0; k < 3; k++) {
        double err = fabs(100.0 * counts[k] / weighted - 100.0 * (3 - k) / 6.0);
        worst_day = err > worst_day ? err : worst_day;
    }
    printf("mixed lengths, weights 3:2:1 + hotline (weight 1, every 120 s), 24 h: ads "
           "%d/%d/%d plays, worst share error %.3f points over the day, %.3f in any hour; "
           "hotline %d plays (%.1f%% of all), longest gap %.0f s\n",
           counts[0], counts[1], counts[2], worst_day, worst_hour, counts[3],
           100.0 * counts[3] / t->n, gap / 1000.0);
    EXPECT(worst_day < 0.5);
    EXPECT(worst_hour < 3.0);
    EXPECT(gap <= 120000);
    free(t);
    playlist_free(pl);
}

static void test_every(const struct tz *tz)
{
    struct playlist *pl = load("every.cfg");
    struct trace *t = run(pl, tz, "2026-06-01T00:00", 24);
    int hotline = playlist_find(pl, "hotline");
    int64_t prev = t->plays[0].start_ms, worst_gap = 0;
    int shown = 0, variants[3] = {0}, ad3 = 0;
    for (int i = 0; i < t->n; i++) {
        const struct play *p = &t->plays[i];
        if (p->item == playlist_find(pl, "ad-3")) {
            EXPECT_INT(p->shown_ms, SCHEDULE_ASSUMED_VIDEO_MS); /* no duration, not probed */
            ad3++;
        }
        if (p->item != hotline)
            continue;
        worst_gap = p->start_ms - prev > worst_gap ? p->start_ms - prev : worst_gap;
        prev = p->start_ms;
        variants[p->variant]++;
        /* Languages take turns in the playlist's order. */
        EXPECT_INT(p->variant, shown % 3);
        shown++;
    }
    printf("every = 60: hotline shown %d times in 24 h, longest gap between starts %.1f s\n", shown,
           worst_gap / 1000.0);
    EXPECT(worst_gap <= 60000);
    EXPECT(shown >= 24 * 60);
    EXPECT(ad3 > 0);
    EXPECT(abs(variants[0] - variants[2]) <= 1);
    free(t);
    playlist_free(pl);
}

/* Plays of a trace that start in [from, until) local. */
static int plays_between(const struct trace *t, const struct tz *tz, int item, const char *from,
                         const char *until)
{
    int n = 0;
    for (int i = 0; i < t->n; i++)
        n += t->plays[i].item == item && t->plays[i].start_ms >= at(tz, from) &&
             t->plays[i].start_ms < at(tz, until);
    return n;
}

static void test_priority(const struct tz *tz)
{
    struct playlist *pl = load("priority.cfg");
    int urgent = playlist_find(pl, "urgent"), notice = playlist_find(pl, "notice");
    struct trace *t = run(pl, tz, "2026-06-01T09:50:05", 4.5);
    int64_t ten = at(tz, "2026-06-01T10:00"), two = at(tz, "2026-06-01T14:00");
    int first_urgent = -1, first_notice = -1;
    for (int i = 0; i < t->n; i++) {
        if (t->plays[i].item == urgent && first_urgent < 0)
            first_urgent = i;
        if (t->plays[i].item == notice && first_notice < 0)
            first_notice = i;
    }
    EXPECT(first_urgent > 0 && first_notice > 0);
    if (first_urgent <= 0 || first_notice <= 0)
        goto out;
    /* interrupt = true: the item on screen is cut within a second of 10:00. */
    EXPECT(t->plays[first_urgent].start_ms >= ten);
    EXPECT(t->plays[first_urgent].start_ms <= ten + 1000);
    EXPECT(t->plays[first_urgent - 1].shown_ms < 20000);
    /* Only the urgent item plays in its window: 5 min of 10 s plays. */
    EXPECT_INT(plays_between(t, tz, urgent, "2026-06-01T10:00", "2026-06-01T10:05"), 30);
    /* Without interrupt: it waits for the item boundary, nothing is cut. */
    EXPECT(t->plays[first_notice].start_ms >= two);
    EXPECT(t->plays[first_notice].start_ms < two + 20000);
    EXPECT_INT(t->plays[first_notice - 1].shown_ms, 20000);
    /* An `every` play is never cut short, even by an urgent item. */
    {
        struct schedule *s = schedule_create((const struct playlist *const *)&pl, 1, tz);
        struct schedule_pick guaranteed = {0, 0, 0, SCHEDULE_EVERY};
        struct schedule_pick rotation = {0, 0, 0, SCHEDULE_ROTATION};
        EXPECT(!schedule_interrupts(s, &guaranteed, ten + 1000));
        EXPECT(schedule_interrupts(s, &rotation, ten + 1000));
        EXPECT(!schedule_interrupts(s, &rotation, ten - 1000));
        schedule_free(s);
    }

    /* The rotation resumes where it was: the ads in the same order as in a
     * run without the urgent items. */
    struct trace *ref = xcalloc(1, sizeof(*ref));
    {
        struct schedule *s = schedule_create((const struct playlist *const *)&pl, 1, tz);
        int64_t clock = at(tz, "2026-06-01T09:50:05");
        for (int i = 0; i < t->n && ref->n < MAX_TRACE; i++) {
            /* Same ads, asked at a time no priority window is open. */
            struct schedule_pick p = schedule_next(s, clock);
            schedule_played(s, &p, clock);
            ref->plays[ref->n++].item = p.item;
        }
        schedule_free(s);
    }
    int k = 0, mismatches = 0;
    for (int i = 0; i < t->n; i++) {
        if (t->plays[i].item == urgent || t->plays[i].item == notice)
            continue;
        mismatches += t->plays[i].item != ref->plays[k++].item;
    }
    EXPECT_INT(mismatches, 0);
    free(ref);
out:
    free(t);
    playlist_free(pl);
}

static void test_windows(const struct tz *la)
{
    struct playlist *pl = load("windows.cfg");
    int march = playlist_find(pl, "march"), friday = playlist_find(pl, "friday-night");
    int small = playlist_find(pl, "small-hours");

    /* The date range ends at local midnight: March 31 23:00-24:00 plays,
     * April 1 does not. */
    struct trace *t = run(pl, la, "2026-03-31T22:00", 4);
    EXPECT_INT(plays_between(t, la, march, "2026-03-31T23:00", "2026-04-01T00:00"), 360);
    EXPECT_INT(plays_between(t, la, march, "2026-04-01T00:00", "2026-04-01T02:00"), 0);
    EXPECT_INT(plays_between(t, la, march, "2026-03-31T22:00", "2026-03-31T23:00"), 0);
    free(t);

    /* Friday 22:00 to Saturday 02:00: 2026-06-05 is a Friday. */
    t = run(pl, la, "2026-06-04T20:00", 48);
    EXPECT_INT(plays_between(t, la, friday, "2026-06-04T20:00", "2026-06-05T22:00"), 0);
    EXPECT(plays_between(t, la, friday, "2026-06-05T22:00", "2026-06-05T22:00:10") == 1);
    EXPECT(plays_between(t, la, friday, "2026-06-06T01:59:50", "2026-06-06T02:00") == 1);
    EXPECT_INT(plays_between(t, la, friday, "2026-06-06T02:00", "2026-06-06T23:59:59"), 0);
    free(t);

    /* 01:00-03:00 is two hours on an ordinary night, one on spring-forward
     * night, three on fall-back night, in real time; no gap, no repeat. */
    struct {
        const char *night;
        int64_t want_ms;
    } nights[] = {
        {"2026-03-10T00:00", 2 * 3600000},
        {"2026-03-08T00:00", 1 * 3600000},
        {"2026-11-01T00:00", 3 * 3600000},
    };
    for (int i = 0; i < 3; i++) {
        t = run(pl, la, nights[i].night, 6);
        int64_t got = time_of(t, small);
        printf("Los Angeles, 01:00-03:00 from %s: %.2f h on screen\n", nights[i].night,
               got / 3.6e6);
        EXPECT_INT(got, nights[i].want_ms);
        /* Contiguous: nothing skipped or played twice because of the change. */
        for (int k = 1; k < t->n; k++)
            EXPECT_INT(t->plays[k].start_ms, t->plays[k - 1].start_ms + t->plays[k - 1].shown_ms);
        free(t);
    }
    playlist_free(pl);
}

static void test_sydney(void)
{
    struct tz *syd = zone("Australia/Sydney");
    struct playlist *pl = load("sydney.cfg");
    /* 02:00-04:00: 1 h when clocks go 02:00->03:00 (2026-10-04), 3 h when
     * they go 03:00->02:00 (2026-04-05). */
    struct trace *t = run(pl, syd, "2026-10-04T00:00", 6);
    EXPECT_INT(time_of(t, 0), 3600000);
    free(t);
    t = run(pl, syd, "2026-04-05T00:00", 6);
    EXPECT_INT(time_of(t, 0), 3 * 3600000);
    free(t);
    t = run(pl, syd, "2026-07-05T00:00", 6);
    EXPECT_INT(time_of(t, 0), 2 * 3600000);
    free(t);
    playlist_free(pl);
    tz_free(syd);
}

static void test_empty(const struct tz *tz)
{
    struct playlist *pl = load("office.cfg");
    struct schedule *s = schedule_create((const struct playlist *const *)&pl, 1, tz);
    struct schedule_pick p = schedule_next(s, at(tz, "2026-06-01T20:00")); /* a Monday */
    EXPECT_INT(p.item, SCHEDULE_FALLBACK);
    EXPECT_INT(p.reason, SCHEDULE_NOTHING);
    EXPECT(schedule_item(s, &p) == NULL);
    EXPECT_INT(schedule_duration_ms(s, &p, 10000), 10000);
    p = schedule_next(s, at(tz, "2026-06-01T10:00"));
    EXPECT_INT(p.item, 0);
    p = schedule_next(s, at(tz, "2026-06-06T10:00")); /* Saturday */
    EXPECT_INT(p.item, SCHEDULE_FALLBACK);
    schedule_free(s);
    struct trace *t = run(pl, tz, "2026-06-01T16:00", 2);
    EXPECT_INT(plays_between(t, tz, SCHEDULE_FALLBACK, "2026-06-01T17:00", "2026-06-01T18:00"),
               360);
    free(t);
    playlist_free(pl);
}

static void test_playlists(const struct tz *tz)
{
    const struct playlist *pls[4] = {load("weights.cfg"), load("night.cfg"), load("weekend.cfg"),
                                     load("christmas.cfg")};
    struct schedule *s = schedule_create(pls, 4, tz);
    struct {
        const char *when;
        int playlist;
    } cases[] = {
        {"2026-06-01T12:00", 0}, /* Monday noon: the default */
        {"2026-06-01T23:00", 1}, /* Monday night */
        {"2026-06-06T12:00", 2}, /* Saturday noon */
        {"2026-06-06T23:00", 2}, /* Saturday night: the weekend is more specific */
        {"2026-12-26T23:00", 3}, /* Saturday night at Christmas: dates beat all */
        {"2026-12-27T12:00", 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct schedule_pick p = schedule_next(s, at(tz, cases[i].when));
        if (p.playlist != cases[i].playlist)
            fprintf(stderr, "at %s\n", cases[i].when);
        EXPECT_INT(p.playlist, cases[i].playlist);
    }
    schedule_free(s);
    for (int i = 0; i < 4; i++)
        playlist_free((struct playlist *)pls[i]);
}

/* A reload keeps each item's place in the rotation and in its languages. */
static void test_adopt(const struct tz *tz)
{
    const struct playlist *a = load("every.cfg"), *b = load("every.cfg");
    struct schedule *s = schedule_create(&a, 1, tz);
    int64_t t = at(tz, "2026-06-01T12:00");
    int hotline = playlist_find(a, "hotline");
    struct schedule_pick p = {0, hotline, 0, SCHEDULE_ROTATION};
    schedule_played(s, &p, t);
    struct schedule *s2 = schedule_create(&b, 1, tz);
    schedule_adopt(s2, s);
    struct schedule_pick p1 = schedule_next(s, t + 20000), p2 = schedule_next(s2, t + 20000);
    EXPECT_INT(p1.item, p2.item);
    p.variant = 0;
    schedule_played(s2, &p, t + 20000);
    schedule_played(s, &p, t + 20000);
    /* Third showing: the third language in both. */
    p1 = schedule_next(s, t + 90000);
    p2 = schedule_next(s2, t + 90000);
    EXPECT_INT(p1.item, hotline);
    EXPECT_INT(p2.variant, 2);
    EXPECT_INT(p1.variant, p2.variant);
    schedule_free(s);
    schedule_free(s2);
    playlist_free((struct playlist *)a);
    playlist_free((struct playlist *)b);
}

int main(void)
{
    struct tz *la = zone("America/Los_Angeles");
    test_weights(la);
    test_mixed(la);
    test_every(la);
    test_priority(la);
    test_windows(la);
    test_sydney();
    test_empty(la);
    test_playlists(la);
    test_adopt(la);
    tz_free(la);
    return test_result("test_schedule");
}
