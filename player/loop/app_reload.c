/* app_reload: hot reload of the playlists and config, and urgent interrupts. */
#include "loop/app_internal.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "screen/notice.h"
#include "screen/slide.h"
#include "media/snapshot.h"

/* Puts a reloaded lineup in place of the live one, at an item boundary. The
 * old one stays until its item is off screen: the slot on screen points
 * into it. */
void lineup_install(struct app *a)
{
    schedule_adopt(a->pending->sched, a->live->sched);
    a->retired = a->live;
    a->live = a->pending;
    a->pending = NULL;
    slot_clear(a->next);
    a->failures_in_row = 0;
    log_info("reload: now playing \"%s\" (%d item%s, %d playlist%s, time zone %s)",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz));
}

static bool same_pick(const struct schedule_pick *x, const struct schedule_pick *y)
{
    return x->playlist == y->playlist && x->item == y->item && x->variant == y->variant;
}

/* The next item was picked ahead, for when the one on screen was expected
 * to end; asks the schedule again now that it does, and readies the new
 * pick instead if the answer changed (a window opened or closed). */
bool next_still_due(struct app *a)
{
    if (a->next->forced)
        return true;
    struct schedule_pick now = schedule_next(a->live->sched, time_wall_ms());
    if (same_pick(&now, &a->next->pick))
        return true;
    log_debug("schedule changed while %s was readied", slot_id(a->next));
    slot_open(a, a->next, &now);
    slot_poll(a->next);
    return a->next->state == SLOT_READY;
}

/* Cuts the item on screen short when an urgent item (`interrupt = true`)
 * of a higher priority becomes due; the schedule only says so. */
void handle_interrupt(struct app *a, int64_t now)
{
    struct slot *c = a->cur;
    if (c->state != SLOT_SHOWING || c->cut || c->forced || a->waiting_since_us || a->retired ||
        now < a->interrupt_check_us)
        return;
    a->interrupt_check_us = now + INTERRUPT_POLL_US;
    if (!schedule_interrupts(a->live->sched, &c->pick, time_wall_ms()))
        return;
    log_info("interrupting %s [%s]: an urgent item is due", slot_id(c), slot_lang(c));
    c->cut = true;
    slot_clear(a->next); /* it was readied to follow the item now cut */
}

/* Reads the playlists and the config again, validated in full as `signage
 * check` does; a valid lineup takes over at the next item boundary, an
 * invalid one is refused and the live one keeps playing. */
static void reload(struct app *a)
{
    struct settings s;
    struct diag d = {0};
    struct lineup *l = NULL;
    settings_defaults(&s);
    if (a->s->path && settings_load(&s, a->s->path, &d) < 0)
        goto out;
    const char *main_playlist = a->o->playlist_from_config ? s.playlist : a->o->playlist;
    struct diag notes = {0};
    l = lineup_load(main_playlist, &s, true, &d, &notes);
    diag_take(&d, &notes);

out:
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    if (l) {
        lineup_free(a->pending);
        a->pending = l;
        log_info("reload: %s is valid; it takes over at the next item boundary", l->files[0]);
        char err[256];
        if (watch_files(a->watch, l->files, err, sizeof(err)) < 0)
            log_warn("%s", err);
    } else {
        log_error("reload refused: %s keeps playing", a->live->files[0]);
    }
    diag_free(&d);
    settings_free(&s);
}

void handle_reload(struct app *a, int64_t now)
{
    if (!a->watch)
        return;
    int events = watch_poll(a->watch);
    if (events) {
        log_info("reload: %s",
                 events & WATCH_SIGHUP ? "SIGHUP" : "a playlist or the config changed");
        a->reload_at_us = now + RELOAD_SETTLE_US;
    }
    if (a->reload_at_us && now >= a->reload_at_us) {
        a->reload_at_us = 0;
        reload(a);
    }
}
