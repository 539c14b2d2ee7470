/* help: the kiosk's outcomes turned into what the loop does. */
#include "loop/help.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "ledger/playlog.h"

int help_load(struct help *h, const struct settings *s, const char *playlist_path,
              const struct lineup *l, struct diag *d)
{
    memset(h, 0, sizeof(*h));
    const struct playlist *pl = l->pls[0];
    int rc = kiosk_flow_find(playlist_path, s->kiosk ? s->path : NULL, pl->languages,
                             pl->n_languages, &h->flow, d);
    return rc < 0 ? -1 : 0;
}

void help_start(struct help *h, struct render *r, struct fonts *fonts, const SDL_Rect *box,
                double mm_per_px)
{
    if (!h->flow)
        return;
    h->kiosk = kiosk_create(h->flow, r, fonts, box, mm_per_px);
    h->flow = NULL; /* the kiosk's now */
}

bool help_is_open(const struct help *h)
{
    return kiosk_is_open(h->kiosk);
}

bool help_event(struct help *h, const SDL_Event *ev, struct slot *cur, const struct lineup *l)
{
    if (!h->kiosk || cur->state != SLOT_SHOWING)
        return false;
    enum kiosk_outcome o = kiosk_feed(h->kiosk, ev, time_now_us(), time_wall_ms(), l->tz);
    if (o == OUT_NONE)
        return ev->type == SDL_KEYDOWN && kiosk_key(ev->key.keysym.sym);
    if (o == OUT_QUICK_EXIT)
        h->quick_exit = true;
    if (o == OUT_OPENED && !cur->cut) {
        log_debug("kiosk: opened over %s [%s]", slot_id(cur), slot_lang(cur));
        cur->cut = true; /* its play ends partial; the readied one waits */
    }
    return true;
}

void help_played(struct help *h, const struct slot *sl)
{
    if (sl->it && slot_play_kind(sl) == PLAY_AD) {
        h->last_ad = sl->pick;
        h->has_last_ad = true;
    }
}

void help_forget(struct help *h)
{
    h->has_last_ad = false;
}

const struct schedule_pick *help_exit_ad(struct help *h, const struct slot *next)
{
    if (!h->quick_exit || help_is_open(h))
        return NULL;
    h->quick_exit = false;
    bool next_is_ad = next->state != SLOT_EMPTY && next->state != SLOT_FAILED && next->it &&
                      slot_play_kind(next) == PLAY_AD;
    if (next_is_ad || !h->has_last_ad)
        return NULL; /* without ads, the rotation as it comes */
    log_debug("kiosk: quick exit to the last ad, not %s", slot_id(next));
    return &h->last_ad;
}

/* One ledger row per view: the same counts as the tally, in its order. */
static void write_counts(struct help *h, struct plays *p, const struct lineup *l)
{
    struct kiosk_tally *t = kiosk_tally(h->kiosk);
    struct kiosk_count c[KIOSK_TALLY_MAX];
    int64_t hour_ms = 0;
    int dropped = t->dropped;
    t->dropped = 0;
    int n = kiosk_tally_take(t, c, KIOSK_TALLY_MAX, &hour_ms);
    int rows = 0;
    for (int i = 0; i < n; i++) {
        for (int v = 0; v < c[i].views; v++, rows++) {
            struct play_record rec = {
                .campaign = l->pls[0]->campaign,
                .item = c[i].page,
                .language = c[i].lang[0] ? c[i].lang : "mul", /* the chooser: every language */
                .kind = PLAY_INTERACTION,
                .started_utc_ms = hour_ms,
                .ended_utc_ms = hour_ms,
                .status = PLAY_COMPLETE,
                .impressions = -1,
            };
            playlog_end(p->ledger, &rec);
        }
    }
    if (rows)
        log_info("kiosk: %d page view%s of the hour recorded", rows, rows == 1 ? "" : "s");
    if (dropped)
        log_warn("kiosk: %d views not counted: more than %d pages and languages in an hour",
                 dropped, KIOSK_TALLY_MAX);
}

bool help_tick(struct help *h, struct plays *p, const struct lineup *l)
{
    if (!h->kiosk)
        return false;
    if (kiosk_tally_due(kiosk_tally(h->kiosk), time_wall_ms()))
        write_counts(h, p, l);
    return kiosk_poll(h->kiosk, time_now_us()) == OUT_IDLE;
}

void help_end(struct help *h, struct plays *p, const struct lineup *l)
{
    if (h->kiosk)
        write_counts(h, p, l);
    kiosk_destroy(h->kiosk);
    kiosk_flow_free(h->flow);
    memset(h, 0, sizeof(*h));
}
