#include "screen/band.h"

#include <stdlib.h>

#include "base/log.h"
#include "screen/slide.h"
#include "base/util.h"

struct band {
    SDL_Rect box;
    SDL_Texture **tex; /* one per text; NULL where it could not be drawn */
    int n;
    int index; /* the text on screen */
    int64_t since_us;
};

struct band *band_create(SDL_Renderer *rr, struct fonts *fonts, const struct band_text *texts,
                         int n, const SDL_Rect *box, int64_t now_us)
{
    if (n <= 0 || box->w <= 0 || box->h <= 0)
        return NULL;
    struct band *b = xcalloc(1, sizeof(*b));
    b->box = *box;
    b->n = n;
    b->since_us = now_us;
    b->tex = xcalloc((size_t)n, sizeof(*b->tex));
    int drawn = 0;
    for (int i = 0; i < n; i++) {
        const char *lang = texts[i].lang[0] ? texts[i].lang : "en";
        SDL_Surface *s =
            slide_draw_line(fonts, texts[i].text, lang, box->w, box->h, BAND_BG, BAND_FG);
        if (!s)
            continue;
        if ((b->tex[i] = SDL_CreateTextureFromSurface(rr, s)))
            drawn++;
        else
            log_error("band: %s", SDL_GetError());
        SDL_FreeSurface(s);
    }
    while (drawn && !b->tex[b->index])
        b->index++;
    if (!drawn) {
        band_destroy(b);
        return NULL;
    }
    return b;
}

void band_destroy(struct band *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n; i++)
        if (b->tex[i])
            SDL_DestroyTexture(b->tex[i]);
    free(b->tex);
    free(b);
}

bool band_tick(struct band *b, int64_t now_us)
{
    if (!b || b->n < 2 || now_us - b->since_us < BAND_CYCLE_US)
        return false;
    b->since_us = now_us;
    int old = b->index;
    do
        b->index = (b->index + 1) % b->n;
    while (!b->tex[b->index]);
    return b->index != old;
}

void band_draw(const struct band *b, struct render *r)
{
    if (b)
        render_texture(r, b->tex[b->index], b->box.w, b->box.h, 0, FIT_STRETCH, &b->box);
}
