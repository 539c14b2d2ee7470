#include "loop/caption_view.h"

#include <string.h>

#include "screen/caption.h"

void caption_view_clear(struct caption_view *cv)
{
    if (cv->tex)
        SDL_DestroyTexture(cv->tex);
    cv->tex = NULL;
    cv->text[0] = '\0';
}

bool caption_view_update(struct caption_view *cv, struct slot *sl, bool want,
                         const struct slot_env *env)
{
    char text[sizeof(cv->text)] = "";
    bool due = want && sl->state == SLOT_SHOWING && sl->src && slot_kind(sl) == ITEM_VIDEO &&
               extras_caption_at(source_extras(sl->src), sl->last_pts_us, text, sizeof(text));
    if (!due) {
        bool had = cv->tex != NULL;
        caption_view_clear(cv);
        return had;
    }
    if (strcmp(text, cv->text) == 0)
        return false; /* on screen already, or could not be drawn (logged once) */
    caption_view_clear(cv);
    cv->tex = caption_render(render_sdl(env->render), env->fonts, text, slot_lang(sl), &env->box,
                             &cv->dst);
    memcpy(cv->text, text, sizeof(cv->text));
    return true;
}
