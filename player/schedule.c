#include "schedule.h"

#include <stdlib.h>

#include "util.h"

struct schedule *schedule_create(const struct playlist *pl)
{
    struct schedule *s = xcalloc(1, sizeof(*s));
    s->pl = pl;
    s->shown = xcalloc((size_t)pl->n_items, sizeof(int));
    return s;
}

void schedule_free(struct schedule *s)
{
    if (!s)
        return;
    free(s->shown);
    free(s);
}

struct schedule_pick schedule_next(struct schedule *s, int64_t now_ms)
{
    (void)now_ms;
    const struct item *it = &s->pl->items[s->next];
    struct schedule_pick p = {s->next, s->shown[s->next] % it->n_variants};
    s->shown[s->next]++;
    if (++s->next == s->pl->n_items) {
        s->next = 0;
        s->loops++;
    }
    return p;
}
