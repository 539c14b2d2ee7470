#include "alerts/alert_show.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* One (alert, info) pair that takes a turn. */
struct slot_ref {
    int alert, info;
    const char *lang;
};

struct alert_show {
    const struct alert_rules *rules;
    char *const *langs;
    int n_langs;
    int64_t cycle_ms;
    struct cap_doc *set;
    enum alert_mode mode;
    bool on;
    struct alert_turn turn;
    int position; /* index of the turn on screen in the last list of turns */
};

struct alert_show *alert_show_create(const struct alert_rules *rules, char *const *langs,
                                     int n_langs, int64_t cycle_ms)
{
    struct alert_show *sh = xcalloc(1, sizeof(*sh));
    sh->rules = rules;
    sh->langs = langs;
    sh->n_langs = n_langs;
    sh->cycle_ms = cycle_ms > 0 ? cycle_ms : 10000;
    return sh;
}

void alert_turn_free(struct alert_turn *t)
{
    free(t->identifier);
    free(t->sender);
    free(t->source);
    free(t->lang);
    memset(t, 0, sizeof(*t));
}

void alert_show_languages(struct alert_show *sh, char *const *langs, int n_langs)
{
    sh->langs = langs;
    sh->n_langs = n_langs;
}

static void set_free(struct cap_doc *set)
{
    if (set) {
        cap_doc_free(set);
        free(set);
    }
}

void alert_show_destroy(struct alert_show *sh)
{
    if (!sh)
        return;
    alert_turn_free(&sh->turn);
    set_free(sh->set);
    free(sh);
}

void alert_show_set(struct alert_show *sh, struct cap_doc *set)
{
    set_free(sh->set);
    sh->set = set;
}

/* True when alert x goes before alert y. */
static bool before(const struct cap_alert *x, uint64_t mx, const struct cap_alert *y, uint64_t my)
{
    enum cap_severity xs, ys;
    enum cap_urgency xu, yu;
    alert_filter_levels(x, mx, &xs, &xu);
    alert_filter_levels(y, my, &ys, &yu);
    if (xs != ys)
        return xs > ys;
    if (xu != yu)
        return xu > yu;
    return x->sent_ms > y->sent_ms;
}

/* The turns due at now, in order; the mode they are shown in. */
static int list_turns(struct alert_show *sh, int64_t now_ms, struct slot_ref *out,
                      struct alert_verdict **verdicts, enum alert_mode *mode)
{
    int n = sh->set ? sh->set->n_alerts : 0;
    *mode = ALERT_OFF;
    *verdicts = NULL;
    if (!n)
        return 0;
    struct alert_verdict *v = xcalloc((size_t)n, sizeof(*v));
    alert_filter_judge(sh->set->alerts, n, sh->rules, now_ms, v);
    bool full = false;
    for (int i = 0; i < n; i++)
        full |= v[i].shown && v[i].full_screen;
    int *order = xcalloc((size_t)n, sizeof(*order)), n_order = 0;
    for (int i = 0; i < n; i++) {
        if (!v[i].shown || (full && !v[i].full_screen))
            continue;
        int k = n_order++;
        while (k > 0 && before(&sh->set->alerts[i], v[i].infos, &sh->set->alerts[order[k - 1]],
                               v[order[k - 1]].infos)) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    int turns = 0;
    for (int k = 0; k < n_order && turns < ALERT_SHOW_MAX_TURNS; k++) {
        const struct cap_alert *a = &sh->set->alerts[order[k]];
        int idx[ALERT_SHOW_MAX_TURNS];
        const char *tags[ALERT_SHOW_MAX_TURNS];
        int m = alert_filter_infos(a, v[order[k]].infos, sh->langs, sh->n_langs, idx, tags,
                                   ALERT_SHOW_MAX_TURNS - turns);
        for (int j = 0; j < m; j++)
            out[turns++] = (struct slot_ref){order[k], idx[j], tags[j]};
    }
    free(order);
    *verdicts = v;
    if (turns)
        *mode = full ? ALERT_FULL : ALERT_BAND;
    return turns;
}

static bool is_turn(const struct alert_show *sh, const struct slot_ref *r)
{
    const struct cap_alert *a = &sh->set->alerts[r->alert];
    return sh->on && r->info == sh->turn.info && strcmp(a->identifier, sh->turn.identifier) == 0 &&
           strcmp(a->sender, sh->turn.sender) == 0;
}

static void start(struct alert_show *sh, const struct slot_ref *r, const struct alert_verdict *v,
                  int64_t now_ms)
{
    const struct cap_alert *a = &sh->set->alerts[r->alert];
    sh->turn.identifier = xstrdup(a->identifier);
    sh->turn.sender = xstrdup(a->sender);
    sh->turn.source = xstrdup(a->source);
    sh->turn.lang = xstrdup(r->lang);
    sh->turn.info = r->info;
    sh->turn.started_ms = now_ms;
    int64_t left = v[r->alert].until_ms - now_ms;
    sh->turn.scheduled_ms = left < sh->cycle_ms ? left : sh->cycle_ms;
    sh->on = true;
}

void alert_show_tick(struct alert_show *sh, int64_t now_ms, struct alert_change *ch)
{
    memset(ch, 0, sizeof(*ch));
    ch->mode_was = sh->mode;
    struct slot_ref turns[ALERT_SHOW_MAX_TURNS];
    struct alert_verdict *v = NULL;
    enum alert_mode mode;
    int n = list_turns(sh, now_ms, turns, &v, &mode);
    int at = -1; /* the turn on screen, in the new list */
    for (int i = 0; i < n && at < 0; i++)
        if (is_turn(sh, &turns[i]))
            at = i;
    bool over = sh->on && (at < 0 || now_ms - sh->turn.started_ms >= sh->turn.scheduled_ms);
    if (over) {
        ch->ended = true;
        ch->last = sh->turn;
        memset(&sh->turn, 0, sizeof(sh->turn));
        sh->on = false;
    }
    if (!sh->on && n > 0) {
        /* The next turn after the one that ended, or the first. */
        int next = at >= 0 ? (at + 1) % n : (sh->position < n && ch->ended ? sh->position : 0);
        start(sh, &turns[next], v, now_ms);
        sh->position = next;
        ch->started = true;
    } else if (at >= 0) {
        sh->position = at;
    }
    sh->mode = sh->on ? mode : ALERT_OFF;
    ch->mode = sh->mode;
    free(v);
}

enum alert_mode alert_show_mode(const struct alert_show *sh)
{
    return sh->mode;
}

const struct alert_turn *alert_show_turn(const struct alert_show *sh, const struct cap_alert **a,
                                         const struct cap_info **in)
{
    if (!sh->on || !sh->set)
        return NULL;
    for (int i = 0; i < sh->set->n_alerts; i++) {
        const struct cap_alert *x = &sh->set->alerts[i];
        if (strcmp(x->identifier, sh->turn.identifier) == 0 &&
            strcmp(x->sender, sh->turn.sender) == 0 && sh->turn.info < x->n_infos) {
            if (a)
                *a = x;
            if (in)
                *in = &x->infos[sh->turn.info];
            return &sh->turn;
        }
    }
    return NULL;
}
