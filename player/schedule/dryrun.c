#include "schedule/dryrun.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define INTERRUPT_STEP_MS 1000 /* how often an urgent item is looked for during a play */

/* The play loop without a screen: each play runs its expected duration,
 * or until an urgent item interrupts it. */
int dryrun_run(struct schedule *s, const struct dryrun_opts *o, dryrun_play_fn *on_play, void *ctx)
{
    int plays = 0;
    int64_t end = o->from_ms + o->length_ms;
    for (int64_t t = o->from_ms; t < end; plays++) {
        /* Simulated time does not step: the monotonic clock starts at 0. */
        struct clock_now now = {t, t - o->from_ms};
        struct schedule_pick pick = schedule_next_at(s, now);
        schedule_played_at(s, &pick, now);
        int64_t dur = schedule_duration_ms(s, &pick, o->fallback_ms);
        if (dur <= 0)
            dur = o->fallback_ms; /* never loop in place */
        for (int64_t u = t + INTERRUPT_STEP_MS; u < t + dur; u += INTERRUPT_STEP_MS) {
            struct clock_now then = {u, u - o->from_ms};
            if (schedule_interrupts_at(s, &pick, then)) {
                dur = u - t;
                break;
            }
        }
        on_play(ctx, s, &pick, t, dur);
        t += dur;
    }
    return plays;
}

struct tally {
    int plays;
    int64_t shown_ms;
};

struct printer {
    FILE *out;
    const struct tz *tz;
    struct tally **tally; /* per playlist, per item */
    struct tally fallback;
};

/* The item column: its id, prefixed with its playlist's name when several play. */
static void item_name(const struct schedule *s, int p, const char *id, char *buf, size_t size)
{
    if (schedule_n_playlists(s) > 1)
        snprintf(buf, size, "%s/%s", schedule_playlist(s, p)->name, id);
    else
        snprintf(buf, size, "%s", id);
}

/* A CSV field: quoted when it holds a comma or a quote. */
static void csv_field(FILE *out, const char *v)
{
    if (!strpbrk(v, ",\"\n")) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', out);
        fputc(*v, out);
    }
    fputc('"', out);
}

static void print_play(void *ctx, const struct schedule *s, const struct schedule_pick *pick,
                       int64_t start_ms, int64_t shown_ms)
{
    struct printer *pr = ctx;
    char when[40], name[200];
    const struct item *it = schedule_item(s, pick);
    tz_format_iso(pr->tz, start_ms / 1000, when, sizeof(when));
    struct tally *t = &pr->fallback;
    const char *lang = "en";
    if (it) {
        item_name(s, pick->playlist, it->id, name, sizeof(name));
        t = &pr->tally[pick->playlist][pick->item];
        lang = it->variants[pick->variant].lang;
    } else {
        snprintf(name, sizeof(name), "hotline-fallback");
    }
    t->plays++;
    t->shown_ms += shown_ms;
    fprintf(pr->out, "%s,", when);
    csv_field(pr->out, name);
    fprintf(pr->out, ",%s,%.1f\n", lang, shown_ms / 1000.0);
}

static void print_row(FILE *out, const char *name, const struct tally *t, int plays,
                      int64_t total_ms, double weight)
{
    csv_field(out, name);
    fprintf(out, ",%d,%.1f,%.1f,%.1f,", t->plays, plays ? 100.0 * t->plays / plays : 0.0,
            t->shown_ms / 1000.0, total_ms ? 100.0 * (double)t->shown_ms / (double)total_ms : 0.0);
    if (weight > 0)
        fprintf(out, "%g\n", weight);
    else
        fprintf(out, "\n");
}

int dryrun_print(FILE *out, struct schedule *s, const struct tz *tz, const struct dryrun_opts *o)
{
    int n = schedule_n_playlists(s);
    struct printer pr = {.out = out, .tz = tz};
    pr.tally = xcalloc((size_t)n, sizeof(*pr.tally));
    for (int p = 0; p < n; p++)
        pr.tally[p] = xcalloc((size_t)schedule_playlist(s, p)->n_items, sizeof(**pr.tally));

    fprintf(out, "start,item,language,duration_s\n");
    int plays = dryrun_run(s, o, print_play, &pr);

    int64_t total_ms = pr.fallback.shown_ms;
    for (int p = 0; p < n; p++)
        for (int i = 0; i < schedule_playlist(s, p)->n_items; i++)
            total_ms += pr.tally[p][i].shown_ms;
    char from[40], to[40], name[200];
    fprintf(out, "\n# %d plays from %s to %s (%.2f h elapsed), time zone %s\n", plays,
            tz_format_iso(tz, o->from_ms / 1000, from, sizeof(from)),
            tz_format_iso(tz, (o->from_ms + total_ms) / 1000, to, sizeof(to)), total_ms / 3.6e6,
            tz_name(tz));
    fprintf(out, "item,plays,share_of_plays_pct,seconds,share_of_time_pct,weight\n");
    for (int p = 0; p < n; p++) {
        const struct playlist *pl = schedule_playlist(s, p);
        for (int i = 0; i < pl->n_items; i++) {
            item_name(s, p, pl->items[i].id, name, sizeof(name));
            print_row(out, name, &pr.tally[p][i], plays, total_ms, pl->items[i].weight);
        }
    }
    if (pr.fallback.plays)
        print_row(out, "hotline-fallback", &pr.fallback, plays, total_ms, 0);

    for (int p = 0; p < n; p++)
        free(pr.tally[p]);
    free(pr.tally);
    return plays;
}
