#include "loop/zone.h"

#include <string.h>

#include "screen/notice.h"

void zone_init(struct zone *z, struct lineup *l, double cycle_s)
{
    memset(z, 0, sizeof(*z));
    z->notice = l->notice;
    memset(&l->notice, 0, sizeof(l->notice));
    z->cycle_us = (int64_t)(cycle_s * 1e6);
}

void zone_measure(struct zone *z, const struct lineup *l, const struct slot_env *env,
                  const SDL_Rect *zone_box)
{
    const struct item *it = z->notice.n_variants ? &z->notice : NULL;
    for (int p = 0; !it && p < l->n; p++)
        for (int i = 0; !it && i < l->pls[p]->n_items; i++)
            if (l->pls[p]->items[i].notice)
                it = &l->pls[p]->items[i];
    if (it)
        z->px = notice_log_size(env->fonts, it, it == &z->notice ? zone_box : &env->box,
                                env->mm_per_px, &l->law);
}

/* Puts language v up; the zone is a play of its own. */
static void show(struct zone *z, int v, struct plays *p, const struct lineup *l, int64_t now)
{
    struct slot *sl = &z->slot;
    if (sl->state == SLOT_SHOWING)
        plays_ended(p, l, sl, now);
    slot_clear(sl);
    if (!z->tex[v])
        return; /* no text for this language: logged at start */
    sl->it = &z->notice;
    sl->var = &z->notice.variants[v];
    z->variant = v;
    sl->state = SLOT_SHOWING;
    sl->duration_us = sl->scheduled_us = z->cycle_us;
    sl->start_us = now;
    plays_started(p, l, sl);
}

void zone_start(struct zone *z, const struct slot_env *env, const SDL_Rect *zone_box,
                struct plays *p, const struct lineup *l, int64_t now)
{
    z->tex = notice_render_zone(render_sdl(env->render), env->fonts, &z->notice, zone_box, z->px,
                                env->mm_per_px);
    for (int v = 0; v < z->notice.n_variants && z->slot.state != SLOT_SHOWING; v++)
        show(z, v, p, l, now);
}

bool zone_tick(struct zone *z, struct plays *p, const struct lineup *l, int64_t now)
{
    if (z->slot.state != SLOT_SHOWING || z->notice.n_variants < 2 ||
        now - z->slot.start_us < z->cycle_us)
        return false;
    for (int k = 1; k <= z->notice.n_variants; k++) {
        int v = (z->variant + k) % z->notice.n_variants;
        if (z->tex[v]) {
            show(z, v, p, l, now);
            return true;
        }
    }
    return false;
}

void zone_cover(struct zone *z, bool covered, struct plays *p, const struct lineup *l, int64_t now)
{
    if (covered && z->slot.state == SLOT_SHOWING) {
        plays_ended(p, l, &z->slot, now);
        slot_clear(&z->slot);
        z->covered = true;
    } else if (!covered && z->covered) {
        z->covered = false;
        show(z, z->variant, p, l, now);
    }
}

SDL_Texture *zone_picture(const struct zone *z)
{
    return z->slot.state == SLOT_SHOWING ? z->tex[z->variant] : NULL;
}

void zone_end(struct zone *z, struct plays *p, const struct lineup *l, int64_t now)
{
    if (z->slot.state == SLOT_SHOWING)
        plays_ended(p, l, &z->slot, now);
    slot_clear(&z->slot);
    render_picture_release(&z->slot.pic);
    notice_free_zone(z->tex, z->notice.n_variants);
    playlist_item_free(&z->notice);
    memset(z, 0, sizeof(*z));
}
