#include "schedule/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define UNSEEN INT64_MIN /* every clock: the item's window was closed at the last look */

/* The rotation state of one playlist. */
struct rot {
    const struct playlist *pl;
    double *credit;    /* smooth weighted round-robin: current weight per item */
    int *shown;        /* showings so far per item: picks its language */
    int64_t *since_ms; /* every clock, monotonic ms: last start, or when the window was seen open */
    int64_t *length_ms; /* probed length of a video, 0 = not known */
    int64_t span_days;  /* of its dates; INT64_MAX when open-ended */
    int week_minutes;   /* open minutes per week */
};

struct schedule {
    const struct tz *tz;
    struct rot *rots;
    int n;
    bool forced_last; /* the last play was forced by `every`: the next one is the rotation's */
};

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

struct schedule *schedule_create(const struct playlist *const *pls, int n, const struct tz *tz)
{
    struct schedule *s = xcalloc(1, sizeof(*s));
    s->tz = tz;
    s->n = n;
    s->rots = xcalloc((size_t)n, sizeof(struct rot));
    for (int p = 0; p < n; p++) {
        struct rot *r = &s->rots[p];
        size_t k = (size_t)pls[p]->n_items;
        r->pl = pls[p];
        r->credit = xcalloc(k, sizeof(double));
        r->shown = xcalloc(k, sizeof(int));
        r->since_ms = xcalloc(k, sizeof(int64_t));
        r->length_ms = xcalloc(k, sizeof(int64_t));
        for (size_t i = 0; i < k; i++)
            r->since_ms[i] = UNSEEN;
        const struct when *w = &pls[p]->when;
        r->span_days = w->set && w->from_day != INT64_MIN && w->until_day != INT64_MAX
                           ? w->until_day - w->from_day + 1
                           : INT64_MAX;
        r->week_minutes = when_week_minutes(w);
    }
    return s;
}

void schedule_free(struct schedule *s)
{
    if (!s)
        return;
    for (int p = 0; p < s->n; p++) {
        free(s->rots[p].credit);
        free(s->rots[p].shown);
        free(s->rots[p].since_ms);
        free(s->rots[p].length_ms);
    }
    free(s->rots);
    free(s);
}

void schedule_adopt(struct schedule *s, const struct schedule *old)
{
    for (int p = 0; p < s->n; p++) {
        struct rot *r = &s->rots[p];
        for (int q = 0; q < old->n; q++) {
            const struct rot *o = &old->rots[q];
            if (strcmp(r->pl->path, o->pl->path) != 0)
                continue;
            for (int i = 0; i < r->pl->n_items; i++) {
                int j = playlist_find(o->pl, r->pl->items[i].id);
                if (j < 0)
                    continue;
                r->credit[i] = o->credit[j];
                r->shown[i] = o->shown[j];
                r->since_ms[i] = o->since_ms[j];
            }
            break;
        }
    }
    s->forced_last = old->forced_last;
}

void schedule_set_length(struct schedule *s, int playlist, int item, int64_t length_ms)
{
    if (playlist >= 0 && playlist < s->n && item >= 0 && item < s->rots[playlist].pl->n_items)
        s->rots[playlist].length_ms[item] = length_ms;
}

static int64_t item_duration_ms(const struct rot *r, int i)
{
    const struct item *it = &r->pl->items[i];
    if (it->kind != ITEM_VIDEO)
        return it->duration_ms;
    int64_t len = r->length_ms[i];
    if (len > 0)
        return it->duration_ms > 0 && it->duration_ms < len ? it->duration_ms : len;
    return it->duration_ms > 0 ? it->duration_ms : SCHEDULE_ASSUMED_VIDEO_MS;
}

int64_t schedule_duration_ms(const struct schedule *s, const struct schedule_pick *pick,
                             int64_t fallback_ms)
{
    if (pick->item == SCHEDULE_FALLBACK)
        return fallback_ms;
    return item_duration_ms(&s->rots[pick->playlist], pick->item);
}

static bool item_open(const struct rot *r, int i, const struct tz_local *l)
{
    return when_contains(&r->pl->items[i].when, l);
}

/* The playlist that plays at l (rule 1), or -1 when none has an open item. */
static int choose_playlist(const struct schedule *s, const struct tz_local *l)
{
    int best = -1;
    for (int p = 0; p < s->n; p++) {
        const struct rot *r = &s->rots[p];
        if (!when_contains(&r->pl->when, l))
            continue;
        bool any = false;
        for (int i = 0; i < r->pl->n_items && !any; i++)
            any = item_open(r, i, l);
        if (!any)
            continue;
        const struct rot *b = best >= 0 ? &s->rots[best] : NULL;
        if (!b || r->span_days < b->span_days ||
            (r->span_days == b->span_days && r->week_minutes < b->week_minutes))
            best = p;
    }
    return best;
}

/* The highest priority among the open items of r. */
static int top_priority(const struct rot *r, const struct tz_local *l)
{
    int top = -1;
    for (int i = 0; i < r->pl->n_items; i++)
        if (item_open(r, i, l) && r->pl->items[i].priority > top)
            top = r->pl->items[i].priority;
    return top;
}

static struct tz_local local_at(const struct schedule *s, int64_t utc_ms)
{
    return tz_local_fields(s->tz, floor_div(utc_ms, 1000));
}

struct schedule_pick schedule_next_at(const struct schedule *s, struct clock_now at)
{
    struct schedule_pick pick = {0, SCHEDULE_FALLBACK, 0, SCHEDULE_NOTHING};
    struct tz_local l = local_at(s, at.wall_ms);
    int p = choose_playlist(s, &l);
    if (p < 0)
        return pick;
    const struct rot *r = &s->rots[p];
    const struct playlist *pl = r->pl;
    int top = top_priority(r, &l);

    int best = -1;
    for (int i = 0; i < pl->n_items; i++) {
        if (!item_open(r, i, &l) || pl->items[i].priority != top)
            continue;
        if (best < 0 ||
            r->credit[i] + pl->items[i].weight > r->credit[best] + pl->items[best].weight + 1e-9)
            best = i;
    }
    pick.playlist = p;
    pick.item = best;
    pick.reason = SCHEDULE_ROTATION;

    /* An `every` item whose next chance after this pick would come too late.
     * Never two forced plays in a row: an item longer than its `every`, or
     * several `every` items due at once, would otherwise take every turn
     * and the rotation would never go on. A guarantee may come one play
     * late; the rotation always moves. Deadlines are on the monotonic
     * clock, so a step of the wall clock neither delays nor hurries them. */
    if (s->forced_last)
        goto out;
    int64_t next_chance_ms = at.mono_ms + item_duration_ms(r, best);
    int64_t earliest = INT64_MAX;
    for (int i = 0; i < pl->n_items; i++) {
        const struct item *it = &pl->items[i];
        if (it->every_s <= 0 || i == best || !item_open(r, i, &l))
            continue;
        int64_t since = r->since_ms[i] == UNSEEN ? at.mono_ms : r->since_ms[i];
        int64_t deadline = since + (int64_t)(it->every_s * 1000.0);
        if (next_chance_ms > deadline && deadline < earliest) {
            earliest = deadline;
            pick.item = i;
            pick.reason = SCHEDULE_EVERY;
        }
    }
out:
    pick.variant = r->shown[pick.item] % pl->items[pick.item].n_variants;
    return pick;
}

void schedule_played_at(struct schedule *s, const struct schedule_pick *pick, struct clock_now at)
{
    struct tz_local l = local_at(s, at.wall_ms);
    int p = pick->item == SCHEDULE_FALLBACK ? -1 : pick->playlist;
    s->forced_last = pick->reason == SCHEDULE_EVERY;
    for (int q = 0; q < s->n; q++) {
        struct rot *r = &s->rots[q];
        for (int i = 0; i < r->pl->n_items; i++) {
            bool open = q == p && item_open(r, i, &l);
            if (!open)
                r->since_ms[i] = UNSEEN;
            else if (r->since_ms[i] == UNSEEN)
                r->since_ms[i] = at.mono_ms;
        }
    }
    if (p < 0)
        return;
    struct rot *r = &s->rots[p];
    const struct item *items = r->pl->items;
    int k = pick->item;
    r->shown[k]++;
    r->since_ms[k] = at.mono_ms;
    /* A round of smooth weighted round-robin with k as its winner. A play
     * forced by `every` is no round: it comes on top of the rotation, which
     * then goes on as if it had not happened, so the weighted items keep
     * their shares among themselves. */
    int top = top_priority(r, &l);
    if (pick->reason == SCHEDULE_EVERY || items[k].priority != top)
        return;
    double total = 0;
    for (int i = 0; i < r->pl->n_items; i++) {
        if (item_open(r, i, &l) && items[i].priority == top) {
            r->credit[i] += items[i].weight;
            total += items[i].weight;
        }
    }
    r->credit[k] -= total;
}

/* Until the play loop reads both clocks: the wall clock stands for both. */
static struct clock_now wall_only(int64_t wall_ms)
{
    struct clock_now at = {wall_ms, wall_ms};
    return at;
}

struct schedule_pick schedule_next(const struct schedule *s, int64_t start_ms)
{
    return schedule_next_at(s, wall_only(start_ms));
}

void schedule_played(struct schedule *s, const struct schedule_pick *pick, int64_t start_ms)
{
    schedule_played_at(s, pick, wall_only(start_ms));
}

bool schedule_interrupts(const struct schedule *s, const struct schedule_pick *showing,
                         int64_t now_ms)
{
    return schedule_interrupts_at(s, showing, wall_only(now_ms));
}

bool schedule_interrupts_at(const struct schedule *s, const struct schedule_pick *showing,
                            struct clock_now at)
{
    if (showing->reason == SCHEDULE_EVERY) /* the guarantee is not cut short */
        return false;
    struct tz_local l = local_at(s, at.wall_ms);
    int p = choose_playlist(s, &l);
    if (p < 0)
        return false;
    const struct item *cur = schedule_item(s, showing);
    int cur_priority = cur ? cur->priority : -1;
    const struct rot *r = &s->rots[p];
    for (int i = 0; i < r->pl->n_items; i++) {
        const struct item *it = &r->pl->items[i];
        if (it->interrupt && it->priority > cur_priority && it != cur && item_open(r, i, &l))
            return true;
    }
    return false;
}

const struct item *schedule_item(const struct schedule *s, const struct schedule_pick *pick)
{
    if (pick->item == SCHEDULE_FALLBACK || pick->playlist < 0 || pick->playlist >= s->n)
        return NULL;
    return &s->rots[pick->playlist].pl->items[pick->item];
}

const struct playlist *schedule_playlist(const struct schedule *s, int playlist)
{
    return s->rots[playlist].pl;
}

int schedule_n_playlists(const struct schedule *s)
{
    return s->n;
}
